// The roll-up statuses of a document, for lists (status.ts derives them). No imports: the web
// cabinet (web/) uses this file as it is.
export type RollUpStatus =
  | 'draft'
  | 'signed_by_sender'
  | 'sent'
  | 'awaiting_recipient'
  | 'signed_by_both'
  | 'refused'
  | 'correction_requested'
  | 'annulment_offered'
  | 'annulled';

export const ROLL_UP_STATUSES: readonly RollUpStatus[] = [
  'draft',
  'signed_by_sender',
  'sent',
  'awaiting_recipient',
  'signed_by_both',
  'refused',
  'correction_requested',
  'annulment_offered',
  'annulled',
];
