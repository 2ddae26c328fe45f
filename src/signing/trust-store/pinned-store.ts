// Reads a pinned store from disk: every pinned file must be present and hash to its pin. The
// service calls this at boot (trust store `nca-production`), `certs:fetch --check` calls it offline.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CertificatePin, readPins, sha256Hex } from './pins';

export type PinnedFileStatus =
  | { readonly pin: CertificatePin; readonly status: 'ok'; readonly der: Uint8Array }
  | { readonly pin: CertificatePin; readonly status: 'missing' }
  | { readonly pin: CertificatePin; readonly status: 'mismatch'; readonly actual: string };

export function checkPinnedFiles(storeDir: string, pins: readonly CertificatePin[] = readPins(storeDir)): PinnedFileStatus[] {
  return pins.map((pin) => {
    let der: Uint8Array;
    try {
      der = new Uint8Array(readFileSync(path.join(storeDir, pin.file)));
    } catch {
      return { pin, status: 'missing' };
    }
    const actual = sha256Hex(der);
    return actual === pin.sha256 ? { pin, status: 'ok', der } : { pin, status: 'mismatch', actual };
  });
}

// Paths of the pinned files, or an error that says what is wrong and how to fix it.
export function pinnedStoreFiles(storeDir: string): string[] {
  const statuses = checkPinnedFiles(storeDir);
  if (statuses.length === 0) throw new Error(`${storeDir}: pins.json pins no certificate`);
  const problems = statuses.flatMap((s) =>
    s.status === 'missing'
      ? [`${s.pin.file} is missing`]
      : s.status === 'mismatch'
        ? [`${s.pin.file} does not match its pin (sha256 ${s.actual}, pinned ${s.pin.sha256})`]
        : [],
  );
  if (problems.length > 0)
    throw new Error(
      `trust store ${storeDir}: ${problems.join('; ')}. Run \`npm run certs:fetch\` to download the pinned certificates.`,
    );
  return statuses.map((s) => path.join(storeDir, s.pin.file));
}
