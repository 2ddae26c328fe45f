// What an organization's event feed (and its webhooks) can carry. The web cabinet offers them,
// taken from the API contract, when a webhook is set up.
export const ORGANIZATION_EVENT_TYPES = [
  'document.uploaded',
  'document.signed_by_sender',
  'document.sent',
  'document.received',
  'document.delivered',
  'document.opened',
  'document.receipt_signed',
  'document.signed_by_recipient',
  'document.refused',
  'document.correction_requested',
  'document.annulment_offered',
  'document.annulment_accepted',
  'document.annulment_rejected',
  'document.link_revoked',
  // The sender replaced a recipient that had not answered (a mistyped BIN/IIN) with another.
  'document.recipient_replaced',
  // The service added a time-stamp / validation data to a stored signature (a retried upgrade).
  'document.evidence_upgraded',
  // A draft's metadata was changed, or the draft deleted, before it was signed or sent.
  'document.edited',
  'document.deleted',
] as const;

export type OrganizationEventType = (typeof ORGANIZATION_EVENT_TYPES)[number];
