import type { Check, VerificationReport } from '../../signing/verification/report';
import { signatureVerdict, summarizeSignature } from './signer-summary';

// A report as the verifier writes it, reduced to what the verdict reads.
function reportWith(indication: VerificationReport['indication'], revocation: Check | undefined): VerificationReport {
  const checks: Check[] = [{ name: 'SIGNATURE_VALUE', status: 'PASSED', message: 'ok' }, ...(revocation ? [revocation] : [])];
  return {
    indication,
    validationTime: '2026-01-01T00:00:00.000Z',
    policy: {},
    signers: [{ index: 0, indication, checks, adesLevel: 'B-B' }],
    certificates: [],
    revocationData: { crls: 0, ocspResponses: 0, other: 0 },
    warnings: [],
  } as unknown as VerificationReport;
}

describe('signatureVerdict', () => {
  it('keeps TOTAL_PASSED when the signer certificate was found not revoked', () => {
    const report = reportWith('TOTAL_PASSED', { name: 'REVOCATION', status: 'PASSED', message: 'not revoked' });
    expect(signatureVerdict(report)).toEqual({ indication: 'TOTAL_PASSED', revocation: 'PASSED' });
  });

  it('never calls a signature fully valid when the report could not establish revocation', () => {
    const skipped = reportWith('TOTAL_PASSED', { name: 'REVOCATION', status: 'NOT_CHECKED', message: 'off by policy' });
    expect(signatureVerdict(skipped)).toEqual({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
      revocation: 'NOT_CHECKED',
    });
    // No REVOCATION check at all is no established status either.
    expect(signatureVerdict(reportWith('TOTAL_PASSED', undefined))).toMatchObject({
      indication: 'INDETERMINATE',
      revocation: 'NOT_CHECKED',
    });
    // The card, the ZIP manifest and the public page read the same verdict.
    expect(summarizeSignature(skipped)).toMatchObject({ indication: 'INDETERMINATE', revocation: 'NOT_CHECKED' });
  });

  it("keeps the report's own failure, and shows a CA status accepted by policy as a warning", () => {
    const revoked = reportWith('TOTAL_FAILED', {
      name: 'REVOCATION',
      status: 'FAILED',
      message: 'revoked',
      subIndication: 'REVOKED',
    });
    expect(signatureVerdict({ ...revoked, subIndication: 'REVOKED' })).toEqual({
      indication: 'TOTAL_FAILED',
      subIndication: 'REVOKED',
      revocation: 'FAILED',
    });
    const caUnknown = reportWith('TOTAL_PASSED', { name: 'REVOCATION', status: 'WARNING', message: 'CA status unknown' });
    expect(signatureVerdict(caUnknown)).toEqual({ indication: 'TOTAL_PASSED', revocation: 'WARNING' });
  });
});
