// Error codes that the authenticated document routes (documents.controller.ts) and the e-mailed link
// routes (links/links.controller.ts) answer alike, because both run the same checks. Listed once so
// that a code added to a check reaches both contracts. The codes every route shares are added by openapi.ts.
import { DocumentsErrorCode } from './documents.errors';
import { SigningErrorCode } from '../signing';

// A CMS checked for the document flow: verified (a busy pool, an unreachable OCSP/CRL), then its
// signer against the expected BIN/IIN and the signing policy (signer-checks.ts, signature-outcome.ts).
export const SIGNATURE_ERRORS = [
  DocumentsErrorCode.DocumentSignatureInvalid,
  DocumentsErrorCode.SignatureWrongOrganization,
  DocumentsErrorCode.SignatureRoleNotAllowed,
  SigningErrorCode.SignatureCertificateRevoked,
  SigningErrorCode.SignatureCertificateExpired,
  SigningErrorCode.SignatureKeyUsageNotAllowed,
  SigningErrorCode.SignatureRevocationUnavailable,
  SigningErrorCode.VerificationBusy,
];
// What the state of a recipient row refuses (status.ts transition).
export const TRANSITION_ERRORS = [
  DocumentsErrorCode.DocumentActionNotAllowed,
  DocumentsErrorCode.DocumentAnnulled,
  DocumentsErrorCode.DocumentAlreadySigned,
  DocumentsErrorCode.DocumentRefused,
  DocumentsErrorCode.DocumentCorrectionRequested,
  DocumentsErrorCode.DocumentAnnulmentPending,
  DocumentsErrorCode.DocumentAnnulmentNotOffered,
  DocumentsErrorCode.DocumentReceiptAlreadySigned,
];
// A signed statement-based action: the statement it signs must be the one issued, unused, in time.
export const STATEMENT_ERRORS = [
  DocumentsErrorCode.DocumentStatementInvalid,
  DocumentsErrorCode.DocumentStatementUsed,
  DocumentsErrorCode.DocumentStatementExpired,
];
