// Error codes that the authenticated document routes (documents.controller.ts) and the e-mailed link
// routes (links/links.controller.ts) answer alike, because both run the same checks. Listed once so
// that a code added to a check reaches both contracts. The authenticated routes add their own 403s.
import { ErrorCode } from '../common/errors/error-catalog';

// A route that declares a status replaces the shared codes of that status (openapi.ts), so a route
// declaring 400s restates these.
export const SHARED_400_ERRORS = [ErrorCode.ValidationFailed, ErrorCode.MalformedRequest];
// A JSON body is bounded before it is parsed (bootstrap.ts, json-limits.ts), then validated.
export const JSON_BODY_ERRORS = [
  ...SHARED_400_ERRORS,
  ErrorCode.RequestTooComplex,
  ErrorCode.PayloadTooLarge,
  ErrorCode.UnsupportedMediaType,
];
// A CMS checked for the document flow: verified (a busy pool, an unreachable OCSP/CRL), then its
// signer against the expected BIN/IIN and the signing policy (signer-checks.ts, signature-outcome.ts).
export const SIGNATURE_ERRORS = [
  ErrorCode.DocumentSignatureInvalid,
  ErrorCode.SignatureWrongOrganization,
  ErrorCode.SignatureRoleNotAllowed,
  ErrorCode.SignatureCertificateRevoked,
  ErrorCode.SignatureCertificateExpired,
  ErrorCode.SignatureKeyUsageNotAllowed,
  ErrorCode.SignatureRevocationUnavailable,
  ErrorCode.VerificationBusy,
];
// What the state of a recipient row refuses (status.ts transition).
export const TRANSITION_ERRORS = [
  ErrorCode.DocumentActionNotAllowed,
  ErrorCode.DocumentAnnulled,
  ErrorCode.DocumentAlreadySigned,
  ErrorCode.DocumentRefused,
  ErrorCode.DocumentCorrectionRequested,
  ErrorCode.DocumentAnnulmentPending,
  ErrorCode.DocumentAnnulmentNotOffered,
  ErrorCode.DocumentReceiptAlreadySigned,
];
// A signed statement-based action: the statement it signs must be the one issued, unused, in time.
export const STATEMENT_ERRORS = [
  ErrorCode.DocumentStatementInvalid,
  ErrorCode.DocumentStatementUsed,
  ErrorCode.DocumentStatementExpired,
];
