import { randomUUID } from 'node:crypto';
import type { OrganizationEventInput, OrganizationEventType } from '../../src/integrations/organization-events.service';

// Feed events that specs record straight through OrganizationEventsService, shaped as the
// documents module writes them (the published contract lists each type's data, and the contract
// test checks every feed page the specs read): a spec gives what it cares about, the rest is filled.
const SAMPLE_DATA: Record<OrganizationEventType, Record<string, unknown>> = {
  'document.uploaded': { eventSeq: 1, sha256: 'a'.repeat(64), size: 1024 },
  'document.edited': { eventSeq: 2, fields: ['title'] },
  'document.deleted': { eventSeq: 2 },
  'document.signed_by_sender': { eventSeq: 2, signer: { iin: '870101300123', bin: '960440000151' }, adesLevel: 'B-T' },
  'document.sent': { eventSeq: 3, identifier: '010140000143', registered: true },
  'document.received': { eventSeq: 3, identifier: '010140000143', registered: true },
  'document.delivered': { eventSeq: 4 },
  'document.opened': { eventSeq: 5 },
  'document.receipt_signed': { eventSeq: 6, action: 'receipt', side: 'recipient', status: 'awaiting_recipient' },
  'document.signed_by_recipient': { eventSeq: 6, action: 'sign', side: 'recipient', status: 'signed_by_both' },
  'document.refused': { eventSeq: 6, action: 'refuse', side: 'recipient', status: 'refused', reason: 'Қате' },
  'document.correction_requested': {
    eventSeq: 6,
    action: 'request_correction',
    side: 'recipient',
    status: 'correction_requested',
    reason: 'Сома',
  },
  'document.annulment_offered': {
    eventSeq: 7,
    action: 'offer_annulment',
    side: 'sender',
    status: 'annulment_offered',
    reason: 'Қайта',
  },
  'document.annulment_accepted': { eventSeq: 8, action: 'accept_annulment', side: 'recipient', status: 'annulled' },
  'document.annulment_rejected': { eventSeq: 8, action: 'reject_annulment', side: 'recipient', status: 'signed_by_both' },
  'document.link_revoked': { eventSeq: 4 },
  'document.recipient_replaced': { eventSeq: 5, identifier: '850315300128', replacedBy: '900720401892' },
  'document.evidence_upgraded': { eventSeq: 9, adesLevel: 'B-LT' },
};

// The events about the document as a whole carry no recipient.
const WITHOUT_RECIPIENT: ReadonlySet<OrganizationEventType> = new Set([
  'document.uploaded',
  'document.edited',
  'document.deleted',
  'document.signed_by_sender',
  'document.evidence_upgraded',
]);

// Events recorded directly stand for no organization's action unless a spec says whose.
export function feedEvent(
  event: Omit<OrganizationEventInput, 'data' | 'actorOrganizationId'> & {
    data?: Record<string, unknown>;
    actorOrganizationId?: string | null;
  },
): OrganizationEventInput {
  const needsRecipient = !WITHOUT_RECIPIENT.has(event.type);

  return {
    actorOrganizationId: null,
    ...event,
    ...(needsRecipient && { recipientId: event.recipientId ?? randomUUID() }),
    data: { ...SAMPLE_DATA[event.type], ...event.data },
  };
}
