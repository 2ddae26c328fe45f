import type { DocumentEvent } from '../entities/document-event.entity';
import type { DocumentRecipient } from '../entities/document-recipient.entity';
import type { DocumentSignature } from '../entities/document-signature.entity';

// Columns of the tables that the document flow writes and reads with plain SQL (document-history.ts,
// documents.repository.ts); `satisfies` keeps each list to real entity fields.
export const DOCUMENT_EVENT_COLUMNS = [
  'id',
  'documentId',
  'seq',
  'type',
  'recipientId',
  'actorOrganizationId',
  'actorUserId',
  'actorLabel',
  'signatureId',
  'reason',
  'statement',
  'data',
  'createdAt',
] as const satisfies readonly (keyof DocumentEvent)[];

export const DOCUMENT_SIGNATURE_COLUMNS = [
  'id',
  'documentId',
  'eventId',
  'recipientId',
  'organizationId',
  'role',
  'signedContent',
  'action',
  'cms',
  'signerIin',
  'signerBin',
  'signerName',
  'signerRoles',
  'certificateSha256',
  'report',
  'createdAt',
] as const satisfies readonly (keyof DocumentSignature)[];

// A signature as lists show it: without cms (never shown) and report (read as the caller asks).
export const DOCUMENT_SIGNATURE_LIST_COLUMNS = DOCUMENT_SIGNATURE_COLUMNS.filter((c) => c !== 'cms' && c !== 'report');

// The recipient columns an event may change (NewEvent.recipientChanges); updatedAt follows.
export const DOCUMENT_RECIPIENT_CHANGEABLE = [
  'receipt',
  'response',
  'annulment',
  'status',
  'deliveredAt',
  'openedAt',
  'receiptSignedAt',
  'respondedAt',
  'annulmentChangedAt',
  'lastReason',
] as const satisfies readonly (keyof DocumentRecipient)[];

export const DOCUMENT_RECIPIENT_COLUMNS = [
  'id',
  'documentId',
  'identifier',
  'email',
  'recipientOrganizationId',
  ...DOCUMENT_RECIPIENT_CHANGEABLE,
  'withdrawnAt',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof DocumentRecipient)[];
