import { concludeChecks, concludeSigners, failed, indicationOf, notChecked, passed, warning } from './report';

describe('ETSI conclusion from checks', () => {
  it('passes only when no check objects; warnings and optional NOT_CHECKED do not object', () => {
    expect(
      concludeChecks([passed('SIGNATURE_VALUE', ''), warning('SIGNING_TIME', ''), notChecked('REVOCATION', 'off by policy')]),
    ).toEqual({ indication: 'TOTAL_PASSED' });
  });

  it('treats a required NOT_CHECKED as INDETERMINATE', () => {
    expect(concludeChecks([passed('SIGNATURE_VALUE', ''), notChecked('REVOCATION', '', 'TRY_LATER')])).toEqual({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
    });
  });

  it('lets a cryptographic failure win over any INDETERMINATE result', () => {
    const checks = [
      failed('SIGNING_CERTIFICATE_VALIDITY', 'OUT_OF_BOUNDS_NO_POE', ''),
      notChecked('CERTIFICATE_CHAIN', '', 'NO_CERTIFICATE_CHAIN_FOUND'),
      failed('SIGNATURE_VALUE', 'SIG_CRYPTO_FAILURE', ''),
    ];
    expect(concludeChecks(checks)).toEqual({ indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });
  });

  it('orders INDETERMINATE sub-indications by building block (ISC, XCV, then SAV)', () => {
    expect(
      concludeChecks([
        failed('DIGEST_ALGORITHM', 'CRYPTO_CONSTRAINTS_FAILURE', ''),
        failed('REVOCATION', 'TRY_LATER', ''),
        failed('SIGNING_CERTIFICATE_VALIDITY', 'OUT_OF_BOUNDS_NO_POE', ''),
      ]).subIndication,
    ).toBe('OUT_OF_BOUNDS_NO_POE');
    expect(
      concludeChecks([
        failed('CERTIFICATE_CHAIN', 'NO_CERTIFICATE_CHAIN_FOUND', ''),
        failed('SIGNING_CERTIFICATE_IDENTIFIED', 'NO_SIGNING_CERTIFICATE_FOUND', ''),
      ]).subIndication,
    ).toBe('NO_SIGNING_CERTIFICATE_FOUND');
    expect(
      concludeChecks([failed('MESSAGE_DIGEST', 'HASH_FAILURE', ''), failed('SIGNER_INFO_FORMAT', 'FORMAT_FAILURE', '')])
        .subIndication,
    ).toBe('FORMAT_FAILURE');
  });

  it('maps sub-indications to their indication', () => {
    expect(indicationOf('HASH_FAILURE')).toBe('TOTAL_FAILED');
    expect(indicationOf('REVOKED')).toBe('TOTAL_FAILED');
    expect(indicationOf('OUT_OF_BOUNDS_NO_POE')).toBe('INDETERMINATE');
  });

  it('passes a document only when every signature passes', () => {
    expect(concludeSigners([])).toEqual({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
    expect(concludeSigners([{ indication: 'TOTAL_PASSED' }, { indication: 'TOTAL_PASSED' }])).toEqual({
      indication: 'TOTAL_PASSED',
    });
    expect(
      concludeSigners([{ indication: 'TOTAL_PASSED' }, { indication: 'INDETERMINATE', subIndication: 'TRY_LATER' }]),
    ).toEqual({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(
      concludeSigners([
        { indication: 'INDETERMINATE', subIndication: 'TRY_LATER' },
        { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' },
      ]),
    ).toEqual({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
  });
});
