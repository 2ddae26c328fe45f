import { NotificationPreference } from './notification-preference.entity';
import { OrganizationEvent, OrganizationEventCounter } from './organization-event.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { Webhook } from './webhook.entity';

// The tables integrations owns; the composition root (src/entities.ts) registers them.
export const INTEGRATIONS_ENTITIES = [
  OrganizationEvent,
  OrganizationEventCounter,
  Webhook,
  WebhookDelivery,
  NotificationPreference,
];
