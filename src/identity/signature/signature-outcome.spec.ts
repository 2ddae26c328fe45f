import { DomainError } from '../../common/errors/domain.error';
import { SigningErrorCode } from '../../signing/signing.errors';
import type { ErrorCode } from '../../common/errors/error-definitions';
import type { SignedContentVerification } from '../../signing/api/signature-verification.service';
import type { Check, SignerReport, SubIndication, VerificationReport } from '../../signing/verification/report';
import type { SignerIdentity } from '../../signing/verification/signer-identity';
import { acceptedSigner, personName } from './signature-outcome';

const SIGNER = {
  commonName: 'ТЕСТОВ ТЕСТ',
  givenName: 'ТЕСТОВИЧ',
  iin: '750512300782',
  bin: '150140001239',
  subjectType: 'LEGAL_ENTITY',
  roles: ['ORGANIZATION', 'CEO'],
  keyUsage: 'SIGN',
} as unknown as SignerIdentity;

function verification(
  outcome: { sub?: SubIndication; checks?: Check[]; signers?: number; contentMatches?: boolean; error?: boolean } = {},
): SignedContentVerification {
  const indication = outcome.sub
    ? ['REVOKED', 'EXPIRED', 'HASH_FAILURE'].includes(outcome.sub)
      ? 'TOTAL_FAILED'
      : 'INDETERMINATE'
    : 'TOTAL_PASSED';
  const signer = {
    index: 0,
    indication,
    ...(outcome.sub && { subIndication: outcome.sub }),
    checks: outcome.checks ?? [],
    signer: SIGNER,
  } as unknown as SignerReport;
  const report = {
    indication,
    ...(outcome.sub && { subIndication: outcome.sub }),
    ...(outcome.error && { error: { code: 'MALFORMED_DER', message: 'not DER' } }),
    signers: Array.from({ length: outcome.signers ?? 1 }, () => signer),
  } as unknown as VerificationReport;
  return { report, contentMatches: outcome.contentMatches ?? true };
}

function codeOf(run: () => unknown): ErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('acceptedSigner', () => {
  it('returns the signer identity of a TOTAL_PASSED report over the expected bytes', () => {
    expect(acceptedSigner(verification())).toBe(SIGNER);
  });

  it.each<[SubIndication, ErrorCode]>([
    ['REVOKED', SigningErrorCode.SignatureCertificateRevoked],
    ['EXPIRED', SigningErrorCode.SignatureCertificateExpired],
    ['OUT_OF_BOUNDS_NO_POE', SigningErrorCode.SignatureCertificateExpired],
    ['NO_CERTIFICATE_CHAIN_FOUND', SigningErrorCode.SignatureCertificateUntrusted],
    ['TRY_LATER', SigningErrorCode.SignatureRevocationUnavailable],
    ['HASH_FAILURE', SigningErrorCode.SignatureContentMismatch],
    ['SIG_CRYPTO_FAILURE', SigningErrorCode.SignatureInvalid],
  ])('maps %s to %s', (sub, code) => {
    expect(codeOf(() => acceptedSigner(verification({ sub })))).toBe(code);
  });

  it('tells a refused key usage apart from other chain constraints', () => {
    const keyUsage: Check = {
      name: 'KEY_USAGE',
      status: 'FAILED',
      message: 'AUTH key',
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    };
    expect(codeOf(() => acceptedSigner(verification({ sub: 'CHAIN_CONSTRAINTS_FAILURE', checks: [keyUsage] })))).toBe(
      SigningErrorCode.SignatureKeyUsageNotAllowed,
    );
    expect(codeOf(() => acceptedSigner(verification({ sub: 'CHAIN_CONSTRAINTS_FAILURE' })))).toBe(
      SigningErrorCode.SignatureInvalid,
    );
  });

  it('refuses other content, an unparsable CMS and anything but exactly one signer', () => {
    expect(codeOf(() => acceptedSigner(verification({ contentMatches: false })))).toBe(SigningErrorCode.SignatureContentMismatch);
    expect(codeOf(() => acceptedSigner(verification({ error: true, signers: 0, sub: 'FORMAT_FAILURE' })))).toBe(
      SigningErrorCode.SignatureInvalid,
    );
    expect(codeOf(() => acceptedSigner(verification({ signers: 2 })))).toBe(SigningErrorCode.SignatureInvalid);
  });

  it('says why two valid signers are refused (not a bare TOTAL_PASSED next to SIGNATURE_INVALID)', () => {
    try {
      acceptedSigner(verification({ signers: 2 }));
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details).toMatchObject({
        signers: 2,
        reason: 'exactly one signer expected, the CMS has 2',
        signerIndications: ['TOTAL_PASSED', 'TOTAL_PASSED'],
      });
    }
  });

  it('puts the indication and the blocking checks into the error details', () => {
    const revoked: Check = { name: 'REVOCATION', status: 'FAILED', message: 'revoked', subIndication: 'REVOKED' };
    try {
      acceptedSigner(verification({ sub: 'REVOKED', checks: [revoked] }));
      throw new Error('not refused');
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({
        indication: 'TOTAL_FAILED',
        subIndication: 'REVOKED',
        failedChecks: [{ name: 'REVOCATION', subIndication: 'REVOKED' }],
      });
    }
  });
});

describe('personName', () => {
  it('joins CN (surname and name) with the patronymic from GIVENNAME', () => {
    expect(personName(SIGNER)).toBe('ТЕСТОВ ТЕСТ ТЕСТОВИЧ');
  });
});
