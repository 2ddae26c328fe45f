// The report-level warnings of verifySignatureRequest (the REST endpoint's and the CLI's report):
// a caller's explicit choice that lets a signature pass with a status not established says so at
// the top of the report, not only in one check of one signer (issue 14).
import * as path from 'node:path';
import { createCadesBes } from '../test-pki/cades';
import { loadTestPki, TestPki } from '../test-pki/manifest';
import { CA_REVOCATION_PREFER_WARNING, verifySignatureRequest } from './verification-request';
import { loadTrustStores } from './trust-stores';

let pki: TestPki;
const CONTENT = Buffer.from('счёт-фактура №3');
const AT = new Date('2026-06-01T00:00:00Z');

beforeAll(() => {
  pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
});

// Offline, with the issuing CA's complete CRL (the signer is good on it) and, when asked, the
// root's CRL (the issuing CA's status); the test-pki store holds the root and the issuing CA.
async function verify(caRevocation: 'require' | 'prefer', withRootCrl: boolean) {
  const evidence = [pki.crl('rsa/nca').der, ...(withRootCrl ? [pki.crl('rsa/root-ca').der] : [])];
  return verifySignatureRequest(
    {
      cms: await createCadesBes(pki.get('rsa/individual-sign'), CONTENT),
      validationTime: AT,
      policy: { caRevocation },
      revocationEvidence: evidence,
    },
    loadTrustStores(['test-pki']),
    { revocationOnline: false },
  );
}

describe('CA revocation status accepted by caRevocation "prefer"', () => {
  it('passes with a report-level warning when the issuing CA status is unknown', async () => {
    const report = await verify('prefer', false);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].chainRevocation).toEqual([expect.objectContaining({ status: 'unknown' })]);
    expect(report.warnings).toEqual([CA_REVOCATION_PREFER_WARNING]);
  });

  it('says nothing when the status was established', async () => {
    const report = await verify('prefer', true);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].chainRevocation).toEqual([expect.objectContaining({ status: 'good' })]);
    expect(report.warnings).toEqual([]);
  });

  it('under "require" the signature is not passed, so there is nothing accepted to warn about', async () => {
    const report = await verify('require', false);
    expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(report.warnings).toEqual([]);
  });
});
