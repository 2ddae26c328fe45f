// The input of the evidence builders (evidence-zip.ts, document-card.ts): a plain snapshot of one
// document, its signatures with their verification reports, its event chain and its audit entries.
// Deliberately independent of the TypeORM entities, so the builders can be tested with literal data
// and the persistence model can change without touching them; the caller maps its rows into it.

import type { Readable } from 'node:stream';
import type { VerificationReport } from '../../signing';

export type EvidenceSignatureRole = 'sender' | 'recipient';

// The document actions a signature performs, spelled as the documents module does (status.ts).
export const EVIDENCE_SIGNATURE_ACTIONS = [
  'sign',
  'receipt',
  'refuse',
  'request_correction',
  'offer_annulment',
  'accept_annulment',
  'reject_annulment',
] as const;

export type EvidenceSignatureAction = (typeof EVIDENCE_SIGNATURE_ACTIONS)[number];

export interface EvidenceMoney {
  // Integer minor units (tiyn for KZT) as a decimal string, so bigint amounts survive JSON.
  readonly minor: string;
  // ISO 4217; KZT when the caller has nothing else.
  readonly currency: string;
}

export interface EvidenceParty {
  readonly name: string;
  // BIN (organizations) or IIN (individuals): 12 digits.
  readonly identifier: string;
}

export interface EvidenceRecipient {
  readonly name?: string;
  readonly identifier: string;
  readonly email?: string;
  // The recipient's status axes, e.g. { delivery: 'opened', signing: 'signed', annulment: 'none' };
  // printed as given (keys and values are the service's own vocabulary).
  readonly statuses?: Readonly<Record<string, string>>;
  // Set when the sender replaced this recipient (a mistyped BIN/IIN): it no longer takes part, and
  // its statuses are those it had then.
  readonly withdrawnAt?: Date | string;
}

export interface EvidenceSignature {
  readonly id: string;
  readonly role: EvidenceSignatureRole;
  readonly action: EvidenceSignatureAction;
  // 'document': the CMS is detached over the original file. 'statement': it is detached over
  // statementText (a receipt, a refusal with its reason, an annulment offer...).
  readonly signedContent: 'document' | 'statement';
  // For 'statement': the exact signed text; the signed bytes are its UTF-8 encoding.
  readonly statementText?: string;
  // DER of the CMS SignedData as stored (after the server's CAdES-T/LT upgrade, if any).
  readonly cms: Uint8Array;
  // The verification report made when the signature was accepted.
  readonly report: VerificationReport;
  readonly acceptedAt: Date | string;
}

export interface EvidenceEvent {
  readonly seq: string | number;
  readonly type: string;
  readonly at: Date | string;
  // Who caused it: a user, a link holder, the system...
  readonly actorType?: string;
  readonly actorId?: string;
  readonly actorName?: string;
  readonly organizationId?: string;
  // The acting organization's name, and for a link holder ('link') the IIN/BIN it was sent to:
  // the card prints these, never the service's internal labels (link:IIN).
  readonly organizationName?: string;
  readonly actorIdentifier?: string;
  // The reason given with a refusal, correction request or annulment offer.
  readonly reason?: string;
  // Small JSON (ids, statuses, a reason); never file content or link tokens.
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface EvidenceAuditEntry {
  readonly id?: string;
  readonly at: Date | string;
  readonly action: string;
  readonly actor?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface EvidenceDocument {
  readonly id: string;
  readonly title: string;
  // The document kind of the service (invoice, act, contract, ...), printed as given.
  readonly kind: string;
  readonly number?: string;
  // The document's own date (YYYY-MM-DD), not a timestamp.
  readonly date?: string;
  readonly amount?: EvidenceMoney;
  // Of the original file, lowercase hex; the ZIP builder checks the streamed bytes against it.
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
  readonly fileName?: string;
  readonly createdAt?: Date | string;
  readonly sender: EvidenceParty;
  readonly recipients: readonly EvidenceRecipient[];
  // In the order they were accepted; numbered from 1 in the package.
  readonly signatures: readonly EvidenceSignature[];
  readonly events: readonly EvidenceEvent[];
  readonly audit: readonly EvidenceAuditEntry[];
  // A fresh stream of the original file each call (from object storage); read once per build.
  openContent(): Promise<Readable>;
}

// Raised for input that would make a misleading package or card: the builders refuse rather than
// publish evidence that contradicts itself.
export class EvidenceInputError extends Error {
  override readonly name = 'EvidenceInputError';
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const MINOR_UNITS = /^-?\d+$/;
const CURRENCY = /^[A-Z]{3}$/;

export function toIsoTime(value: Date | string, what: string): string {
  const time = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(time.getTime())) throw new EvidenceInputError(`${what}: not a valid time (${String(value)})`);
  return time.toISOString();
}

// Checks what the builders rely on; every problem is reported at once with its place.
export function assertEvidenceDocument(doc: EvidenceDocument): void {
  const problems: string[] = [];
  if (!doc.id) problems.push('id is empty');
  if (!SHA256_HEX.test(doc.sha256)) problems.push('sha256 must be 64 lowercase hex digits');
  if (!Number.isSafeInteger(doc.size) || doc.size < 0) problems.push('size must be a non-negative integer');
  if (doc.amount && (!MINOR_UNITS.test(doc.amount.minor) || !CURRENCY.test(doc.amount.currency)))
    problems.push('amount must be { minor: integer string, currency: ISO 4217 code }');
  if (typeof doc.openContent !== 'function') problems.push('openContent is missing');
  doc.signatures.forEach((signature, index) => {
    const where = `signatures[${index}]`;
    if (!EVIDENCE_SIGNATURE_ACTIONS.includes(signature.action))
      problems.push(`${where}: unknown action ${String(signature.action)}`);
    if (signature.role !== 'sender' && signature.role !== 'recipient')
      problems.push(`${where}: unknown role ${String(signature.role)}`);
    if (signature.signedContent === 'statement' && typeof signature.statementText !== 'string')
      problems.push(`${where}: a statement signature needs statementText`);
    if (signature.signedContent === 'document' && signature.statementText !== undefined)
      problems.push(`${where}: a document signature has no statementText`);
    if (!(signature.cms instanceof Uint8Array) || signature.cms.length === 0) problems.push(`${where}: cms is empty`);
    if (!signature.report || typeof signature.report.indication !== 'string') problems.push(`${where}: report is missing`);
    if (Number.isNaN(new Date(signature.acceptedAt).getTime())) problems.push(`${where}: acceptedAt is not a time`);
  });
  if (problems.length > 0) throw new EvidenceInputError(`evidence for document ${doc.id || '?'}: ${problems.join('; ')}`);
}
