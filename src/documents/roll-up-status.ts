// The roll-up statuses of a document, for lists (status.ts derives them). The web cabinet takes
// them from the API contract (the schemas' enum), not from here.
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
