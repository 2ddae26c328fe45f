// Turns a verification report into "this person signed exactly these bytes" or a clear error:
// registration and ЭЦП login accept only TOTAL_PASSED, and say why anything else was refused
// (the ETSI indication and sub-indication travel in the error details).
import { DomainError } from '../../common/errors/domain.error';
import { type SignedContentVerification, type SignerIdentity, SigningErrorCode, type SubIndication } from '../../signing';
import type { ErrorCode } from '../../common/errors/error-definitions';

const CODE_BY_SUB_INDICATION: Partial<Record<SubIndication, ErrorCode>> = {
  // A detached CMS is checked against the expected bytes: a digest mismatch means it signs others.
  HASH_FAILURE: SigningErrorCode.SignatureContentMismatch,
  REVOKED: SigningErrorCode.SignatureCertificateRevoked,
  REVOKED_NO_POE: SigningErrorCode.SignatureCertificateRevoked,
  EXPIRED: SigningErrorCode.SignatureCertificateExpired,
  NOT_YET_VALID: SigningErrorCode.SignatureCertificateExpired,
  OUT_OF_BOUNDS_NO_POE: SigningErrorCode.SignatureCertificateExpired,
  OUT_OF_BOUNDS_NOT_REVOKED: SigningErrorCode.SignatureCertificateExpired,
  NO_SIGNING_CERTIFICATE_FOUND: SigningErrorCode.SignatureCertificateUntrusted,
  NO_CERTIFICATE_CHAIN_FOUND: SigningErrorCode.SignatureCertificateUntrusted,
  CERTIFICATE_CHAIN_GENERAL_FAILURE: SigningErrorCode.SignatureCertificateUntrusted,
  TRY_LATER: SigningErrorCode.SignatureRevocationUnavailable,
};

// The signer of a verified CMS, when the report names one (also for a refused signature, so that
// the refusal can be filed under the person it concerns).
// The signer named by a refused signature, but only when the certificate really is an NCA RK
// certificate (its chain verified to a trust anchor) and the signature is its holder's (signature
// value valid): anyone can make a certificate naming someone else's IIN, and such a forgery must
// not put lines into that person's audit trail. A revoked or expired genuine key does count.
export function reportedSigner({ report }: SignedContentVerification): SignerIdentity | undefined {
  if (report.signers.length !== 1) return undefined;
  const [signer] = report.signers;
  const passed = (name: string) => signer.checks.some((check) => check.name === name && check.status === 'PASSED');
  return passed('CERTIFICATE_CHAIN') && passed('SIGNATURE_VALUE') ? signer.signer : undefined;
}

export function acceptedSigner(verification: SignedContentVerification): SignerIdentity {
  const { report, contentMatches } = verification;
  const summary = { indication: report.indication, subIndication: report.subIndication };
  if (report.error)
    throw new DomainError(SigningErrorCode.SignatureInvalid, { ...summary, signers: 0, reason: report.error.message });
  // One person signs here: a CMS with several signers is refused whatever their indications, and
  // the details say so (they used to carry only the report's indication, e.g. TOTAL_PASSED next to
  // SIGNATURE_INVALID, which read as a contradiction).
  if (report.signers.length !== 1)
    throw new DomainError(SigningErrorCode.SignatureInvalid, {
      ...summary,
      signers: report.signers.length,
      reason: `exactly one signer expected, the CMS has ${report.signers.length}`,
      signerIndications: report.signers.map((s) => s.indication),
    });
  if (!contentMatches) throw new DomainError(SigningErrorCode.SignatureContentMismatch, summary);
  const [signer] = report.signers;
  if (report.indication === 'TOTAL_PASSED' && signer.signer) return signer.signer;

  const sub = signer.subIndication ?? report.subIndication;
  const blocking = signer.checks.filter((check) => check.subIndication);
  const details = {
    ...summary,
    failedChecks: blocking.map((check) => ({ name: check.name, subIndication: check.subIndication, message: check.message })),
  };
  const keyUsageRefused = blocking.some((check) => check.name === 'KEY_USAGE');
  const code =
    (sub && CODE_BY_SUB_INDICATION[sub]) ??
    (sub === 'CHAIN_CONSTRAINTS_FAILURE' && keyUsageRefused
      ? SigningErrorCode.SignatureKeyUsageNotAllowed
      : SigningErrorCode.SignatureInvalid);

  throw new DomainError(
    code,
    details,
    code === SigningErrorCode.SignatureRevocationUnavailable ? { 'Retry-After': '60' } : undefined,
  );
}

// "SURNAME GIVEN-NAME" from CN plus the patronymic from GIVENNAME (kz-pki.md §1.1).
export function personName(signer: SignerIdentity): string {
  return [signer.commonName, signer.givenName].filter(Boolean).join(' ').trim() || `ИИН ${signer.iin ?? ''}`.trim();
}
