import type { OrganizationEvent } from './organization-event.entity';
import { presentEvent } from './event-view';

describe('presentEvent', () => {
  const event = (data: Record<string, unknown>): OrganizationEvent => ({
    id: 'c1d0b7a2-5a7e-4d0b-9a57-3e1f7c2b9d10',
    organizationId: 'a1d0b7a2-5a7e-4d0b-9a57-3e1f7c2b9d10',
    seq: '7',
    type: 'document.signed_by_recipient',
    documentId: 'b1d0b7a2-5a7e-4d0b-9a57-3e1f7c2b9d10',
    recipientId: null,
    data,
    createdAt: new Date('2026-12-07T10:00:00Z'),
  });

  it('keeps the acting organization an event recorded', () => {
    expect(presentEvent(event({ eventSeq: 3, actorOrganizationId: 'd1d0b7a2-5a7e-4d0b-9a57-3e1f7c2b9d10' })).data).toEqual({
      eventSeq: 3,
      actorOrganizationId: 'd1d0b7a2-5a7e-4d0b-9a57-3e1f7c2b9d10',
    });
  });

  it('says null for an event recorded before events named it (the feed is append-only, so old rows stay as written)', () => {
    expect(presentEvent(event({ eventSeq: 3 })).data).toEqual({ eventSeq: 3, actorOrganizationId: null });
  });
});
