import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCertificates } from '../verification/certificates';
import { certificateFiles, defaultTrustStores, loadCertificateFiles, loadTrustStores, REPO_ROOT } from './trust-stores';

describe('trust stores', () => {
  it('trusts no test CA in production', () => {
    expect(defaultTrustStores(true)).toEqual([]);
    expect(defaultTrustStores(false)).toEqual(['test-pki', 'nca-test']);
  });

  it('loads only the root and issuing CAs of the test PKI', () => {
    const { certificates } = loadCertificates(loadTrustStores(['test-pki']));
    // rsa, gost2015 and gost2004: a root and an issuing CA each.
    expect(certificates).toHaveLength(6);
    expect(certificates.every((c) => c.isCa)).toBe(true);
  });

  it('loads the NCA test CAs from the shared vectors, without duplicates across stores', () => {
    expect(loadTrustStores(['nca-test'])).toHaveLength(3);
    expect(loadTrustStores(['test-pki', 'nca-test', 'nca-test'])).toHaveLength(9);
    expect(loadTrustStores([])).toEqual([]);
  });

  it('fails loudly on a file that is not a certificate', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trust-'));
    writeFileSync(path.join(dir, 'broken.cer'), 'not a certificate');
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    expect(certificateFiles(dir)).toEqual([path.join(dir, 'broken.cer')]);
    expect(() => loadCertificateFiles(certificateFiles(dir))).toThrow(/broken\.cer: not a certificate/);
  });

  it('resolves paths from the repository root', () => {
    expect(existsSync(path.join(REPO_ROOT, 'package.json'))).toBe(true);
    expect(certificateFiles(path.join(REPO_ROOT, 'certs/test-pki/rsa/root-ca.cer'))).toHaveLength(1);
  });
});
