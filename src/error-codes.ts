import { COMMON_ERRORS } from './common/errors/common.errors';
import type { ErrorDefinitions, ErrorEntry } from './common/errors/error-definitions';
import { DOCUMENTS_ERRORS } from './documents';
import { IDENTITY_ERRORS } from './identity';
import { INTEGRATIONS_ERRORS } from './integrations';
import { LEGAL_ERRORS } from './legal';
import { SIGNING_ERRORS } from './signing';

// Every module's error codes, merged. A new module adds its defineErrors(...) here; the type below
// makes a code defined by two modules fail to compile (and defineErrors refuses it at load).
const MODULE_ERRORS = [
  COMMON_ERRORS,
  IDENTITY_ERRORS,
  SIGNING_ERRORS,
  LEGAL_ERRORS,
  INTEGRATIONS_ERRORS,
  DOCUMENTS_ERRORS,
] as const;

type CodesOf<D> = D extends ErrorDefinitions<infer C> ? C : never;
// true when no code is in two of the definitions; otherwise names the codes defined twice.
type Disjoint<L extends readonly unknown[], Seen = never> = L extends readonly [infer Head, ...infer Rest]
  ? [`${CodesOf<Head>}` & `${Seen & string}`] extends [never]
    ? Disjoint<Rest, Seen | `${CodesOf<Head>}`>
    : { definedTwice: `${CodesOf<Head>}` & `${Seen & string}` }
  : true;
const codesAreDisjoint: Disjoint<typeof MODULE_ERRORS> = true;
void codesAreDisjoint;

export type AppErrorCode = `${CodesOf<(typeof MODULE_ERRORS)[number]>}`;

// The order the published contract lists the codes in (the Error schema's enum in
// openapi/openapi.json): the order of the one catalog they came from. A code added later needs no
// entry here — it follows these, in the order of MODULE_ERRORS — so the contract stays stable.
const PUBLISHED_ORDER: readonly AppErrorCode[] = [
  'VALIDATION_FAILED',
  'ROUTE_NOT_FOUND',
  'NOT_FOUND',
  'AUTH_REQUIRED',
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_ACCOUNT_LOCKED',
  'AUTH_ORGANIZATION_REQUIRED',
  'CSRF_TOKEN_INVALID',
  'FORBIDDEN',
  'OPERATOR_AUTH_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  'IDEMPOTENCY_KEY_INVALID',
  'CURSOR_INVALID',
  'RATE_LIMITED',
  'ORGANIZATION_EXISTS',
  'USER_EXISTS',
  'MAIN_USER_IMMUTABLE',
  'RIGHTS_ESCALATION',
  'API_KEY_REVOKED',
  'PAYLOAD_TOO_LARGE',
  'MALFORMED_REQUEST',
  'SERVICE_UNAVAILABLE',
  'REQUEST_TOO_COMPLEX',
  'UNSUPPORTED_MEDIA_TYPE',
  'VERIFICATION_BUSY',
  'NOT_A_SIGNATURE',
  'LEGAL_VERSION_NOT_FOUND',
  'LEGAL_NOTICE_TOO_SHORT',
  'LEGAL_VERSION_ORDER',
  'LEGAL_VERSION_NOT_CURRENT',
  'SIGNATURE_INVALID',
  'SIGNATURE_CONTENT_MISMATCH',
  'SIGNATURE_CERTIFICATE_UNTRUSTED',
  'SIGNATURE_CERTIFICATE_REVOKED',
  'SIGNATURE_CERTIFICATE_EXPIRED',
  'SIGNATURE_KEY_USAGE_NOT_ALLOWED',
  'SIGNATURE_REVOCATION_UNAVAILABLE',
  'REGISTRATION_CERTIFICATE_UNSUITABLE',
  'REGISTRATION_ROLE_NOT_ALLOWED',
  'REGISTRATION_INVITATION_REQUIRED',
  'AUTH_CHALLENGE_INVALID',
  'AUTH_CHALLENGE_EXPIRED',
  'AUTH_CHALLENGE_REPLAYED',
  'AUTH_CERTIFICATE_UNKNOWN',
  'AUTH_CERTIFICATE_ORGANIZATION_MISMATCH',
  'INVITATION_EXISTS',
  'INVITATION_OTHER_PERSON',
  'INVITATION_NOT_OPEN',
  'EMAIL_TAKEN',
  'EMAIL_CONFIRMATION_INVALID',
  'WEBHOOK_URL_INVALID',
  'WEBHOOK_LIMIT_REACHED',
  'DOCUMENT_TOO_LARGE',
  'DOCUMENT_EMPTY',
  'UPLOAD_MULTIPLE_FILES',
  'DOCUMENT_SIGNATURE_INVALID',
  'SIGNATURE_WRONG_ORGANIZATION',
  'SIGNATURE_ROLE_NOT_ALLOWED',
  'DOCUMENT_ALREADY_SIGNED_BY_SENDER',
  'DOCUMENT_NOT_DRAFT',
  'DOCUMENT_NOT_SIGNED',
  'DOCUMENT_RECIPIENT_EXISTS',
  'DOCUMENT_RECIPIENT_ANSWERED',
  'DOCUMENT_RECIPIENT_WITHDRAWN',
  'PARTICIPANT_NOT_REGISTERED',
  'DOCUMENT_IN_PACKAGE',
  'DOCUMENT_ALREADY_SIGNED',
  'DOCUMENT_REFUSED',
  'DOCUMENT_CORRECTION_REQUESTED',
  'DOCUMENT_ANNULLED',
  'DOCUMENT_ANNULMENT_PENDING',
  'DOCUMENT_ANNULMENT_NOT_OFFERED',
  'DOCUMENT_RECEIPT_ALREADY_SIGNED',
  'DOCUMENT_ACTION_NOT_ALLOWED',
  'DOCUMENT_STATEMENT_INVALID',
  'DOCUMENT_STATEMENT_EXPIRED',
  'DOCUMENT_STATEMENT_USED',
  'DOCUMENT_QUOTA_EXCEEDED',
  'PACKAGE_INCOMPLETE',
  'LINK_NOT_FOUND',
  'LINK_EXPIRED',
  'LINK_REVOKED',
  'NOTIFICATION_PREFERENCES_USER_ONLY',
  'INTERNAL_ERROR',
];

const MERGED_CODES: readonly AppErrorCode[] = MODULE_ERRORS.flatMap((errors) =>
  errors.codes.map((code) => `${code}` as AppErrorCode),
);

// Every code the API can answer with, in the published order.
export const APP_ERROR_CODES: readonly AppErrorCode[] = [
  ...PUBLISHED_ORDER,
  ...MERGED_CODES.filter((code) => !PUBLISHED_ORDER.includes(code)),
];

export const APP_ERROR_CATALOG = Object.fromEntries(
  MODULE_ERRORS.flatMap((errors) => Object.entries<ErrorEntry>(errors.catalog)),
) as Readonly<Record<AppErrorCode, ErrorEntry>>;
