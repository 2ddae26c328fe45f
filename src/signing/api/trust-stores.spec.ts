import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCertificates } from '../verification/certificates';
import {
  assertTrustStoresAllowed,
  certificateFiles,
  defaultTrustStores,
  loadCertificateFiles,
  loadTrustStores,
  PRODUCTION_TRUST_STORE,
  REPO_ROOT,
} from './trust-stores';

describe('trust stores', () => {
  it('trusts the pinned NCA RK CAs in production and test CAs elsewhere', () => {
    expect(defaultTrustStores(true)).toEqual(['nca-production']);
    expect(defaultTrustStores(false)).toEqual(['test-pki', 'nca-test']);
    expect(() => assertTrustStoresAllowed(['nca-production', 'nca-test'], true)).toThrow(/nca-test hold test certificates/);
    expect(() => assertTrustStoresAllowed(['nca-production'], true)).not.toThrow();
    expect(() => assertTrustStoresAllowed(['test-pki', 'nca-production'], false)).not.toThrow();
  });

  it('loads the pinned production CAs (roots and issuing CAs) from certs/production', () => {
    const { certificates, errors } = loadCertificates(loadTrustStores([PRODUCTION_TRUST_STORE]));
    expect(errors).toEqual([]);
    expect(certificates).toHaveLength(6);
    expect(certificates.every((c) => c.isCa)).toBe(true);
  });

  it('stops the boot when the production store is incomplete, saying how to fix it', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'repo-'));
    mkdirSync(path.join(root, 'certs/production'), { recursive: true });
    copyFileSync(path.join(REPO_ROOT, 'certs/production/pins.json'), path.join(root, 'certs/production/pins.json'));
    expect(() => loadTrustStores([PRODUCTION_TRUST_STORE], root)).toThrow(/missing.*Run `npm run certs:fetch`/);
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
