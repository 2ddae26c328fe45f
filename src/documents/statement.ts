// The canonical text a party signs for a statement-based action (receipt, refusal, correction
// request, annulment offer/answer). Issued by the server, signed byte for byte by the client:
// one "name: value" line per field, LF line ends, UTF-8, no trailing spaces, in this order.
//
//   EDO-STATEMENT/1
//   action: refuse
//   document: 6f1c…-uuid
//   document-sha256: 64 hex digits (the stored file)
//   sender: BIN/IIN of the document's owner
//   recipient: BIN/IIN the document was addressed to
//   side: sender | recipient (who makes the statement)
//   reason: free text, "\" written "\\", LF "\n", CR "\r" (empty when the action has none)
//   issued-at: ISO 8601 UTC with milliseconds
//   nonce: 128 random bits, base64url
//   service: PUBLIC_URL of the issuing service
import { randomBytes } from 'node:crypto';
import type { DocumentAction, Side } from './status';

export const STATEMENT_VERSION = 'EDO-STATEMENT/1';

export interface StatementFields {
  action: DocumentAction;
  documentId: string;
  documentSha256: string;
  sender: string;
  recipient: string;
  side: Side;
  reason: string;
  issuedAt: Date;
  nonce: string;
  service: string;
}

const escapeValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const unescapeValue = (value: string) =>
  value.replace(/\\(\\|n|r)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));

export const newNonce = () => randomBytes(16).toString('base64url');

export function formatStatement(fields: StatementFields): string {
  return [
    STATEMENT_VERSION,
    `action: ${fields.action}`,
    `document: ${fields.documentId}`,
    `document-sha256: ${fields.documentSha256}`,
    `sender: ${fields.sender}`,
    `recipient: ${fields.recipient}`,
    `side: ${fields.side}`,
    `reason: ${escapeValue(fields.reason)}`,
    `issued-at: ${fields.issuedAt.toISOString()}`,
    `nonce: ${fields.nonce}`,
    `service: ${fields.service}`,
  ].join('\n');
}

const FIELD_ORDER = [
  'action',
  'document',
  'document-sha256',
  'sender',
  'recipient',
  'side',
  'reason',
  'issued-at',
  'nonce',
  'service',
];

// The fields of a statement text, or undefined when it is not in the canonical format (then it
// cannot be one the server issued).
export function parseStatement(text: string): StatementFields | undefined {
  const lines = text.split('\n');
  if (lines.length !== FIELD_ORDER.length + 1 || lines[0] !== STATEMENT_VERSION) return undefined;
  const values: string[] = [];
  for (const [i, name] of FIELD_ORDER.entries()) {
    const line = lines[i + 1];
    const prefix = `${name}: `;
    if (!line.startsWith(prefix) && line !== `${name}:`) return undefined;
    values.push(line.slice(prefix.length));
  }
  const [action, documentId, documentSha256, sender, recipient, side, reason, issuedAt, nonce, service] = values;
  const issued = new Date(issuedAt);
  if (Number.isNaN(issued.getTime()) || (side !== 'sender' && side !== 'recipient')) return undefined;
  const fields: StatementFields = {
    action: action as DocumentAction,
    documentId,
    documentSha256,
    sender,
    recipient,
    side,
    reason: unescapeValue(reason),
    issuedAt: issued,
    nonce,
    service,
  };
  // Canonical means exactly what formatStatement writes.
  return formatStatement(fields) === text ? fields : undefined;
}
