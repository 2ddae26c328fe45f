// Writes a generated test PKI to its folder (certs/test-pki): certificates, private keys (mode
// 0600), CRLs and manifest.json, after removing the files of the previous generation.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_FORMAT, TestPki, TestPkiManifest } from './manifest';

// Files of a previous generation are removed first, but only those its manifest lists, so a
// wrong outDir can never lose unrelated files.
function clearPrevious(outDir: string): void {
  if (!existsSync(outDir)) return;
  const manifestPath = path.join(outDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    const unexpected = readdirSync(outDir).filter((f) => f !== 'README.md' && f !== '.gitignore');
    if (unexpected.length > 0) throw new Error(`${outDir} is not empty and holds no test-PKI manifest; refusing to write there`);
    return;
  }
  const previous = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<TestPkiManifest>;
  if (previous.format !== MANIFEST_FORMAT) throw new Error(`${manifestPath} is not a test-PKI manifest; refusing to overwrite`);
  const files = [
    ...(previous.certificates ?? []).flatMap((c) => [c.certificateFile, c.privateKeyFile]),
    ...(previous.crls ?? []).map((c) => c.file),
  ];
  for (const file of files) {
    const target = path.resolve(outDir, file);
    if (target.startsWith(path.resolve(outDir) + path.sep)) rmSync(target, { force: true });
  }
}

export function writeTestPki(outDir: string, pki: TestPki): void {
  clearPrevious(outDir);
  for (const entity of pki.entities) {
    mkdirSync(path.dirname(path.join(outDir, entity.certificateFile)), { recursive: true });
    writeFileSync(path.join(outDir, entity.certificateFile), entity.der);
    writeFileSync(path.join(outDir, entity.privateKeyFile), entity.key.exportPrivateKey(), { mode: 0o600 });
  }
  for (const crl of pki.crls) writeFileSync(path.join(outDir, crl.file), crl.der);
  writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(pki.manifest, null, 2)}\n`);
}
