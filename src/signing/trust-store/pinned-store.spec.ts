import { copyFileSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCertificates } from '../verification/certificates';
import { signatureDigestOid, verifySignature } from '../verification/algorithms';
import { formatName } from '../verification/signer-identity';
import { DEFAULT_STORE_DIR } from './certs-fetch-cli';
import { checkPinnedFiles, pinnedStoreFiles } from './pinned-store';
import { readPins } from './pins';

describe('committed production store (certs/production)', () => {
  const pins = readPins(DEFAULT_STORE_DIR);

  it('every pinned file is present and matches its pin', () => {
    expect(pins.length).toBeGreaterThan(0);
    for (const result of checkPinnedFiles(DEFAULT_STORE_DIR, pins))
      expect({ file: result.pin.file, status: result.status }).toEqual({ file: result.pin.file, status: 'ok' });
  });

  it('each file is the CA certificate named in its pin (subject, notAfter) and chains to a pinned root', () => {
    const byName = new Map(
      pins.map((pin) => [pin.name, loadCertificates([readFileSync(path.join(DEFAULT_STORE_DIR, pin.file))]).certificates[0]]),
    );
    for (const pin of pins) {
      const cert = byName.get(pin.name)!;
      expect(cert.isCa).toBe(true);
      expect(cert.notAfter.toISOString().replace('.000', '')).toBe(pin.notAfter);
      expect(formatName(cert.certificate.subject).replace(/\s+/g, ' ')).toContain(pin.subject!.split(',')[0].replace(/^CN=/, ''));
      // The issuer is a pinned certificate too, and its key verifies this certificate's signature.
      const issuer = [...byName.values()].find((c) => c.subjectKeyId === (cert.authorityKeyId ?? cert.subjectKeyId));
      expect(issuer).toBeDefined();
      const signatureOid = cert.certificate.signatureAlgorithm.algorithmId;
      const outcome = verifySignature(
        signatureOid,
        signatureDigestOid(signatureOid) ?? '',
        issuer!.publicKey,
        cert.certificate.signatureValue.valueBlock.valueHexView,
        {
          data: new Uint8Array(cert.certificate.tbsView),
        },
      );
      expect({ name: pin.name, outcome }).toEqual({ name: pin.name, outcome: { status: 'valid' } });
    }
  });
});

describe('pinnedStoreFiles', () => {
  function copyOfStore(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'pinned-'));
    for (const file of ['pins.json', ...readPins(DEFAULT_STORE_DIR).map((p) => p.file)])
      copyFileSync(path.join(DEFAULT_STORE_DIR, file), path.join(dir, file));
    return dir;
  }

  it('returns the pinned files when all match', () => {
    expect(pinnedStoreFiles(copyOfStore()).map((f) => path.basename(f))).toEqual(readPins(DEFAULT_STORE_DIR).map((p) => p.file));
  });

  it('stops with a clear error on a missing or altered file', () => {
    const missing = copyOfStore();
    unlinkSync(path.join(missing, 'nca_rsa.cer'));
    expect(() => pinnedStoreFiles(missing)).toThrow(/nca_rsa\.cer is missing.*npm run certs:fetch/);
    const altered = copyOfStore();
    const bytes = readFileSync(path.join(altered, 'root_rsa.cer'));
    bytes[bytes.length - 1] ^= 0x01;
    writeFileSync(path.join(altered, 'root_rsa.cer'), bytes);
    expect(() => pinnedStoreFiles(altered)).toThrow(/root_rsa\.cer does not match its pin/);
  });
});
