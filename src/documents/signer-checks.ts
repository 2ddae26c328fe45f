// Who may sign for whom: the verified signer must be the expected BIN/IIN, and for a legal
// entity hold a role the organization's policy allows for the document kind.
import { DomainError } from '../common/errors/domain.error';
import { DocumentsErrorCode } from './documents.errors';
import { type SignedContentVerification, type SignerIdentity, SigningErrorCode, type VerificationReport } from '../signing';
import type { ErrorCode } from '../common/errors/error-definitions';
import { acceptedSigner, personName } from '../identity';

// Codes the identity flows answer with 401 (the login failed); for a document they mean the
// signature is unusable for it: 422 DOCUMENT_SIGNATURE_INVALID, the identity code as the reason.
const UNUSABLE: ReadonlySet<ErrorCode> = new Set([
  SigningErrorCode.SignatureInvalid,
  SigningErrorCode.SignatureContentMismatch,
  SigningErrorCode.SignatureCertificateUntrusted,
]);

export function documentSigner(verification: SignedContentVerification): SignerIdentity {
  try {
    return acceptedSigner(verification);
  } catch (error) {
    if (error instanceof DomainError && UNUSABLE.has(error.code)) {
      throw new DomainError(DocumentsErrorCode.DocumentSignatureInvalid, { reason: error.code, ...error.details });
    }
    throw error;
  }
}

// A BIN is only ever a legal entity's and an IIN a person's (different structures), so the
// identifier alone says what to compare: the certificate's BIN, or the IIN of a certificate
// that names no organization (an employee's certificate does not sign for the person).
export function signerMatches(signer: SignerIdentity, identifier: string): boolean {
  return signer.bin ? signer.bin === identifier : signer.iin === identifier;
}

export function assertSignerIs(signer: SignerIdentity, identifier: string): void {
  if (!signerMatches(signer, identifier)) {
    throw new DomainError(DocumentsErrorCode.SignatureWrongOrganization, {
      expected: identifier,
      signerBin: signer.bin ?? null,
      signerIin: signer.iin ?? null,
    });
  }
}

export function assertRoleAllowed(signer: SignerIdentity, allowedRoles: readonly string[], kind: string): void {
  if (!signer.bin) return;
  if (!signer.roles.some((role) => allowedRoles.includes(role))) {
    throw new DomainError(DocumentsErrorCode.SignatureRoleNotAllowed, { kind, allowedRoles, signerRoles: signer.roles });
  }
}

export function signerName(signer: SignerIdentity): string {
  return personName(signer).slice(0, 500);
}

// The columns of a document_signatures row that describe the accepted signer and its evidence.
export function signerColumns(signer: SignerIdentity, sealed: { cms: Buffer; report: VerificationReport }) {
  return {
    cms: sealed.cms,
    signerIin: signer.iin ?? null,
    signerBin: signer.bin ?? null,
    signerName: signerName(signer),
    signerRoles: [...signer.roles],
    certificateSha256: signer.certificateSha256,
    report: sealed.report,
  };
}
