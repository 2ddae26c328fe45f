// The document flow's vocabulary: the sides, the recipient actions, the roll-up statuses and the
// answer events. Pure data, shared by the documents module (status.ts decides the transitions),
// the integrations feed's event schemas and the API contract; the cabinet takes them from the contract.

export type Side = 'sender' | 'recipient';

export type DocumentAction =
  'receipt' | 'sign' | 'refuse' | 'request_correction' | 'offer_annulment' | 'accept_annulment' | 'reject_annulment';

export const DOCUMENT_ACTIONS: readonly DocumentAction[] = [
  'receipt',
  'sign',
  'refuse',
  'request_correction',
  'offer_annulment',
  'accept_annulment',
  'reject_annulment',
];

// The event a recipient's answer records (document_events, the organizations' feeds).
export type AnswerEventType =
  | 'document.receipt_signed'
  | 'document.signed_by_recipient'
  | 'document.refused'
  | 'document.correction_requested'
  | 'document.annulment_offered'
  | 'document.annulment_accepted'
  | 'document.annulment_rejected';

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
