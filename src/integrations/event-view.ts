import type { OrganizationEvent } from './organization-event.entity';

export interface OrganizationEventView {
  id: string;
  seq: string;
  type: string;
  organizationId: string;
  documentId: string;
  recipientId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

// One shape for the feed and for the webhook body, so integrators parse one thing.
export function presentEvent(event: OrganizationEvent): OrganizationEventView {
  return {
    id: event.id,
    seq: String(event.seq),
    type: event.type,
    organizationId: event.organizationId,
    documentId: event.documentId,
    recipientId: event.recipientId,
    // Events are append-only: those recorded before every event named its acting organization
    // say null (not known), as for an outsider or the service.
    data: 'actorOrganizationId' in event.data ? event.data : { ...event.data, actorOrganizationId: null },
    createdAt: new Date(event.createdAt).toISOString(),
  };
}

// The body of a test delivery (POST /api/v1/webhooks/{id}/test): shaped like an event so that a
// receiver's parser takes it, but with no seq and no document, as it is in no feed.
export interface WebhookPingView {
  id: string;
  seq: null;
  type: 'ping';
  organizationId: string;
  documentId: null;
  recipientId: null;
  data: { webhookId: string };
  createdAt: string;
}

export function presentPing(deliveryId: string, webhook: { id: string; organizationId: string }, at: Date): WebhookPingView {
  return {
    id: deliveryId,
    seq: null,
    type: 'ping',
    organizationId: webhook.organizationId,
    documentId: null,
    recipientId: null,
    data: { webhookId: webhook.id },
    createdAt: at.toISOString(),
  };
}
