// Trust stores: named sets of CA certificates the verifier treats as trust anchors. Which stores
// are active is decided by the caller (the Nest module from TRUST_STORES in AppConfig, the CLI
// from --trust), never inside the verifier.
// A store holds issuing CAs beside their roots (test-pki, nca-production): the verifier's path then
// continues from an issuing CA to its root, so the issuing CA's revocation on the root's CRL is
// checked (chain.ts buildPath). nca-test holds only NCA's test issuing CAs: there they stay the
// anchors, whose own status is not checked (RFC 5280 §6.1.1 (d)).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pinnedStoreFiles } from '../trust-store/pinned-store';
import { loadCertificates } from '../verification/certificates';

// The repository root: src/signing/api (or dist/signing/api) is three levels down.
export const REPO_ROOT = path.resolve(__dirname, '../../..');

import { TEST_TRUST_STORE_NAMES, TRUST_STORE_NAMES, TrustStoreName } from '../../config/env.schema';

export { TRUST_STORE_NAMES };
export type { TrustStoreName };

// NCA RK production CAs, pinned in certs/production/pins.json (`npm run certs:fetch`).
export const PRODUCTION_TRUST_STORE = 'nca-production' satisfies TrustStoreName;

interface ManifestEntry {
  readonly role?: unknown;
  readonly certificateFile?: unknown;
}

// Only the CAs of the generated test PKI are anchors; its end-entity, OCSP and TSA certificates
// must not become trusted just because they sit in the same folder.
function testPkiFiles(root: string): string[] {
  const dir = path.join(root, 'certs/test-pki');
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { certificates?: ManifestEntry[] };
  return (manifest.certificates ?? [])
    .filter((c) => (c.role === 'root-ca' || c.role === 'issuing-ca') && typeof c.certificateFile === 'string')
    .map((c) => path.join(dir, c.certificateFile as string));
}

const CERTIFICATE_EXTENSIONS = new Set(['.cer', '.crt', '.pem', '.der']);

// Certificate files of a folder (recursively) or the file itself.
export function certificateFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(target, entry.name);
      if (entry.isDirectory()) return certificateFiles(full);
      return CERTIFICATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) ? [full] : [];
    });
}

function storeFiles(name: TrustStoreName, root: string): string[] {
  switch (name) {
    case PRODUCTION_TRUST_STORE:
      // Every pinned file must be present and match its pin, or the boot stops with the reason.
      return pinnedStoreFiles(path.join(root, 'certs/production'));
    case 'test-pki':
      return testPkiFiles(root);
    case 'nca-test':
      // NCA RK's published test CAs, kept with the shared test vectors beside the repository.
      return certificateFiles(path.resolve(root, 'certs/nca-test/ncanode/ca'));
  }
}

// The stores used when TRUST_STORES is unset: the pinned NCA RK CAs in production, the test CAs
// elsewhere. Development keeps to test material so that a signature made with a real production
// key is never reported valid by a developer's instance by accident; add nca-production to
// TRUST_STORES to verify real documents locally.
export function defaultTrustStores(isProduction: boolean): TrustStoreName[] {
  return isProduction ? [PRODUCTION_TRUST_STORE] : [...TEST_TRUST_STORE_NAMES];
}

// Test CAs in production are a configuration error, reported by name.
export function assertTrustStoresAllowed(names: readonly TrustStoreName[], isProduction: boolean): void {
  const test = names.filter((name) => TEST_TRUST_STORE_NAMES.includes(name));
  if (isProduction && test.length > 0)
    throw new Error(`trust stores ${test.join(', ')} hold test certificates and may not be trusted when NODE_ENV=production`);
}

// DER of every certificate in the given files, parsed once so that a broken or missing file
// stops the boot (or the CLI) instead of silently shrinking the set of anchors.
export function loadCertificateFiles(files: readonly string[]): Uint8Array[] {
  const anchors = new Map<string, Uint8Array>();
  for (const file of files) {
    const { certificates, errors } = loadCertificates([readFileSync(file)]);
    if (errors.length > 0 || certificates.length === 0)
      throw new Error(`${file}: not a certificate (${errors.join('; ') || 'no certificate found'})`);
    for (const cert of certificates) anchors.set(cert.sha256, cert.der);
  }
  return [...anchors.values()];
}

export function loadTrustStores(names: readonly TrustStoreName[], root = REPO_ROOT): Uint8Array[] {
  return loadCertificateFiles(names.flatMap((name) => storeFiles(name, root)));
}
