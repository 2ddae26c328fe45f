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
    data: event.data,
    createdAt: new Date(event.createdAt).toISOString(),
  };
}
