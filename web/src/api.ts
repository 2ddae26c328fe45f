// The cabinet's HTTP client: JSON in and out, the session cookie, the CSRF header on writes, an
// Idempotency-Key on every POST (a retried click never acts twice), and errors as ApiError with
// the server's stable code and its message in the user's language.

import type { RollUpStatus } from '../../src/documents/roll-up-status';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let currentLocale = 'ru';
export function setApiLocale(locale: string) {
  currentLocale = locale;
}

function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)edo_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : undefined;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function headersFor(method: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': currentLocale, Accept: 'application/json', ...extra };
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (method === 'POST' && !headers['Idempotency-Key']) headers['Idempotency-Key'] = newIdempotencyKey();
  }
  return headers;
}

export async function errorOf(response: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } } = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: keep the status
  }
  return new ApiError(
    response.status,
    body.error?.code ?? `HTTP_${response.status}`,
    body.error?.message ?? response.statusText,
    body.error?.details,
  );
}

export async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, body === undefined ? extraHeaders : { 'Content-Type': 'application/json', ...extraHeaders }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? response.json() : response.text()) as Promise<T>;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

export async function getBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path, { credentials: 'same-origin', headers: headersFor('GET') });
  if (!response.ok) throw await errorOf(response);
  return new Uint8Array(await response.arrayBuffer());
}

// Multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can).
export function uploadMultipart<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(headersFor('POST'))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network'));
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } } & Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // keep empty
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else
        reject(
          new ApiError(
            xhr.status,
            body.error?.code ?? `HTTP_${xhr.status}`,
            body.error?.message ?? xhr.statusText,
            body.error?.details,
          ),
        );
    };
    xhr.send(form);
  });
}

// ---- shapes of the API's answers the cabinet reads ----------------------------------------

export { ROLL_UP_STATUSES } from '../../src/documents/roll-up-status';
export type { RollUpStatus } from '../../src/documents/roll-up-status';

export const DOCUMENT_KINDS = ['contract', 'act', 'invoice', 'waybill', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type Rights = Record<'documents' | 'signing' | 'billing' | 'administration', 'none' | 'read' | 'write'>;

export interface Me {
  kind: 'user' | 'api_key';
  userId?: string;
  organizationId: string;
  rights: Rights;
  isMain?: boolean;
  label: string;
}

export interface Organization {
  id: string;
  identifier: string;
  kind: 'legal_entity' | 'individual';
  name: string;
}

export interface UiConfig {
  ncaLayerUrl: string;
  ncaLayerInstallUrl: string;
  defaultLocale: string;
  maxUploadBytes: number;
  publicUrl: string;
  words?: Record<string, Record<'indication' | 'subIndication' | 'kzRole' | 'action', Record<string, string>>>;
}

export interface ListItem {
  id: string;
  title: string;
  kind: DocumentKind;
  number: string | null;
  documentDate: string | null;
  status: RollUpStatus;
  createdAt: string;
  [key: string]: unknown;
}

export interface Recipient {
  id: string;
  identifier: string;
  email: string | null;
  registered: boolean;
  status: RollUpStatus;
  receipt: string;
  response: string;
  annulment: string;
  deliveredAt: string | null;
  openedAt: string | null;
  respondedAt: string | null;
  reason: string | null;
}

export interface ReportCheck {
  name: string;
  status: 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_CHECKED';
  message?: string;
  subIndication?: string;
}

export interface ReportSigner {
  indication: string;
  subIndication?: string;
  checks: ReportCheck[];
  signer?: {
    iin?: string;
    bin?: string;
    commonName?: string;
    surname?: string;
    givenName?: string;
    organization?: string;
    roles?: string[];
    keyUsage?: string;
    [key: string]: unknown;
  };
  signingTime?: string;
  timestamp?: { genTime?: string; [key: string]: unknown } | null;
  adesLevel?: string;
  [key: string]: unknown;
}

export interface Report {
  indication: string;
  subIndication?: string;
  error?: { code: string; message: string };
  signers: ReportSigner[];
  [key: string]: unknown;
}

export interface Signature {
  id: string;
  role: 'sender' | 'recipient';
  action: string | null;
  recipientId: string | null;
  signer: { iin: string | null; bin: string | null; name: string; roles: string[]; certificateSha256: string };
  indication: string;
  subIndication?: string;
  createdAt: string;
  report?: Report;
}

export interface DocumentEvent {
  seq: number;
  type: string;
  recipientId: string | null;
  actor: string;
  reason: string | null;
  createdAt: string;
}

export interface DocumentDetail {
  id: string;
  title: string;
  kind: DocumentKind;
  number: string | null;
  documentDate: string | null;
  amountMinor: string | null;
  currency: string | null;
  tags: string[];
  fileName: string | null;
  contentType: string;
  size: number;
  sha256: string;
  packageId: string | null;
  sender: { organizationId: string; identifier: string; name: string };
  senderSignedAt: string | null;
  sentAt: string | null;
  createdAt: string;
  side: 'sender' | 'recipient';
  status: RollUpStatus;
  recipients: Recipient[];
  signatures: Signature[];
  events: DocumentEvent[];
  link?: { expiresAt: string; recipientId: string };
}

export interface Statement {
  statement: string;
  statementBase64: string;
  sha256: string;
  expiresAt: string;
}
