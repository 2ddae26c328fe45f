// The cabinet's HTTP client, typed from the published API contract: `npm run openapi` turns
// openapi/openapi.json into web/src/api/schema.ts, every call names its path and method, and so a
// contract change breaks the cabinet's type-check instead of its users. Calls carry the session
// cookie, the UI's language, the CSRF header on writes and a fresh Idempotency-Key on every POST;
// anything but a 2xx answer is thrown as ApiError with the server's stable code and its message
// in the user's language.

import createClient, { type Middleware } from 'openapi-fetch';
import type { PathsWithMethod, ResponseObjectMap, SuccessResponse } from 'openapi-typescript-helpers';
import type { components, paths } from './api/schema';

export type Schemas = components['schemas'];

// The stable codes the contract lists, and the two the cabinet adds: NETWORK when no answer came
// back, HTTP_<status> when the answer was not the contract's error object (a proxy's page).
export type ErrorCode = Schemas['Error']['error']['code'] | 'NETWORK' | `HTTP_${number}`;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const networkError = () => new ApiError(0, 'NETWORK', 'network');

function isErrorBody(body: unknown): body is Schemas['Error'] {
  const error = (body as Partial<Schemas['Error']> | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}

// An answer outside 2xx as ApiError: the contract's error object, or the bare status.
export function apiErrorOf(status: number, statusText: string, body: unknown): ApiError {
  if (!isErrorBody(body)) return new ApiError(status, `HTTP_${status}`, statusText);
  const { code, message, details } = body.error;
  return new ApiError(status, code, message || statusText, details);
}

let currentLocale = 'ru';
export function setApiLocale(locale: string) {
  currentLocale = locale;
}

function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)edo_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : undefined;
}

// What every request of the cabinet carries, through fetch and the upload's XMLHttpRequest alike.
// Every POST gets its own Idempotency-Key: the server then answers a resent request (a flaky
// network, a proxy's retry) from its record instead of acting twice.
function cabinetHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': currentLocale };
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (method === 'POST') headers['Idempotency-Key'] = crypto.randomUUID();
  }
  return headers;
}

const cabinetMiddleware: Middleware = {
  onRequest({ request, options }) {
    const headers = cabinetHeaders(request.method);
    // Byte downloads (parseAs arrayBuffer) take whatever type the file has.
    if (options.parseAs === 'json') headers.Accept = 'application/json';
    for (const [name, value] of Object.entries(headers)) if (!request.headers.has(name)) request.headers.set(name, value);
    return request;
  },
};

export const client = createClient<paths>({ credentials: 'same-origin' });
client.use(cabinetMiddleware);

type Answer = { data?: unknown; error?: unknown; response: Response };
// The success member of openapi-fetch's result (the one that declares no error).
type SuccessData<R> = R extends { data?: infer D; error?: never } ? D : never;

// The body of a 2xx answer, typed by the contract for the call's path; anything else throws
// ApiError. Wrap every client call: `const me = await ok(client.GET('/api/v1/auth/me'))`.
export async function ok<R extends Answer>(pending: Promise<R>): Promise<SuccessData<R>> {
  let answer: R;
  try {
    answer = await pending;
  } catch (error) {
    throw error instanceof ApiError ? error : networkError();
  }
  if (!answer.response.ok) throw apiErrorOf(answer.response.status, answer.response.statusText, answer.error);
  return answer.data as SuccessData<R>;
}

// ---- multipart ---------------------------------------------------------------------------------

type PostPath = PathsWithMethod<paths, 'post'>;
type MultipartBodyOf<P extends PostPath> =
  NonNullable<paths[P]['post']['requestBody']> extends { content: { 'multipart/form-data': infer B } } ? B : never;

// A multipart part: the contract types file parts as strings (format: binary); the browser sends
// Blobs (a File keeps its name), repeated parts as arrays.
type PartValue<V> = V extends readonly (infer E)[] ? PartValue<E>[] : V extends string ? string | Blob : V;
export type MultipartFields<P extends PostPath> = { [K in keyof MultipartBodyOf<P>]: PartValue<MultipartBodyOf<P>[K]> };

// A multipart body with the contract's part names, in the order given (a document's fields
// before its file let the server check them before it streams the file to storage). Typed as the
// contract's body so openapi-fetch takes it; it sends a FormData as it is.
export function multipart<P extends PostPath>(_path: P, fields: MultipartFields<P>): MultipartBodyOf<P> {
  const form = new FormData();
  const append = (name: string, value: unknown) => {
    if (value instanceof File) form.append(name, value, value.name);
    else if (value instanceof Blob) form.append(name, value);
    else form.append(name, String(value));
  };
  for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) value.forEach((item) => append(name, item));
    else append(name, value);
  }
  return form as unknown as MultipartBodyOf<P>;
}

type JsonSuccess<P extends PostPath> = SuccessResponse<ResponseObjectMap<paths[P]['post']>, 'application/json'>;

// A multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can),
// with the same headers and errors as the client's calls and the contract's answer type.
export function uploadMultipart<P extends PostPath>(
  path: P,
  fields: MultipartFields<P>,
  onProgress: (fraction: number) => void,
): Promise<JsonSuccess<P>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    const headers = { ...cabinetHeaders('POST'), Accept: 'application/json' };
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as JsonSuccess<P>);
      else reject(apiErrorOf(xhr.status, xhr.statusText, body));
    };
    xhr.send(multipart(path, fields) as unknown as FormData);
  });
}

// ---- the contract's shapes the cabinet reads ---------------------------------------------------
// Aliases of the contract's schemas, never copies: a changed field shows in the type-check.

export type Rights = Schemas['Rights'];
export type RightLevel = Schemas['RightLevel'];
// Who is signed in: a user (the cabinet's case) or an API key.
export type Me = Schemas['UserPrincipalResponse'] | Schemas['ApiKeyPrincipalResponse'];
export type Organization = Schemas['OrganizationResponse'];
export type UiConfig = Schemas['UiConfigResponse'];

export type DocumentListItem = Schemas['DocumentListItemResponse'];
// A document as its participant sees it: in the cabinet, or through an e-mailed link (with the link's terms).
export type DocumentDetail = Schemas['DocumentResponse'] | LinkedDocument;
export type LinkedDocument = Schemas['LinkedDocumentResponse'];
export type DocumentCounters = Schemas['DocumentCountersResponse'];
export type Recipient = Schemas['DocumentRecipientResponse'];
export type Signature = Schemas['DocumentSignatureResponse'];
export type DocumentEvent = Schemas['DocumentEventResponse'];
export type Report = Schemas['VerificationReportResponse'];
export type ReportSigner = Schemas['SignerReportResponse'];
export type PublicDocumentSummary = Schemas['PublicDocumentSummaryResponse'];

export type DocumentKind = DocumentListItem['kind'];
export type RollUpStatus = DocumentListItem['status'];
export type DocumentAction = paths['/api/v1/documents/{id}/actions/{action}']['post']['parameters']['path']['action'];
export type StatementRequest = Schemas['StatementRequestDto'];
export type StatementAction = StatementRequest['action'];
export type Statement = Schemas['StatementResponse'];
export type SignedAction = Schemas['ActionDto'];

export type DocumentBox = NonNullable<paths['/api/v1/documents']['get']['parameters']['query']>['box'];
export const DOCUMENT_BOXES = ['inbox', 'outbox', 'drafts', 'awaiting_my_signature'] as const satisfies readonly DocumentBox[];

// The contract's enumerations the cabinet offers as choices.
export {
  documentListItemResponseKindValues as DOCUMENT_KINDS,
  documentListItemResponseStatusValues as ROLL_UP_STATUSES,
  organizationEventTypeValues as ORGANIZATION_EVENT_TYPES,
} from './api/schema';
