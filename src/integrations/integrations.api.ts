import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../common/http/openapi';
import type { OrganizationEventView } from './event-view';
import type { NotificationPreferencesView } from './notifications.service';
import { ORGANIZATION_EVENT_TYPES } from './organization-event-types';
import type { EventFeedPage } from './organization-events.service';
import type { DeliveryLogEntry } from './webhook-dispatcher';
import type { WebhookDeliveryStatus } from './webhook-delivery.entity';
import type { WebhookView } from './webhooks.service';
import { DATE_TIME, EVENT_TYPE_ENUM, organizationEventSchema, SEQ, UUID } from './event-schemas.api';
import type { WebhookDisabledReason } from './webhook.entity';

// The response shapes of the integrations routes (feed, webhooks, notification preferences); the
// event schemas they carry are in event-schemas.api.ts.

// Records keep these lists tied to the union types: a new member does not compile until listed.
const DELIVERY_STATUSES = Object.keys({ delivered: true, retrying: true, failed: true } satisfies Record<
  WebhookDeliveryStatus,
  true
>);
const DISABLED_REASONS = Object.keys({ manual: true, failures: true } satisfies Record<WebhookDisabledReason, true>);

// ---- the feed -------------------------------------------------------------------------------------

export class EventFeedResponse implements EventFeedPage {
  @ApiProperty({ type: 'array', items: organizationEventSchema(), description: 'Oldest first (ascending seq).' })
  items!: OrganizationEventView[];

  @ApiProperty({
    ...SEQ,
    description:
      'Pass as `after` for the next page: the seq of the last item, or your own `after` when nothing new came. Never null: ' +
      'the feed has no end; store it and ask again later.',
  })
  nextCursor!: string;

  @ApiProperty({ type: 'boolean', description: 'More events after this page already exist: ask again at once.' })
  hasMore!: boolean;
}

// ---- webhooks -------------------------------------------------------------------------------------

export class WebhookResponse implements WebhookView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ type: 'string', format: 'uri', example: 'https://erp.example.kz/edo/events' })
  url!: string;

  @ApiProperty({ type: 'string', nullable: true, example: '1C ERP' })
  description!: string | null;

  @ApiProperty({
    enum: ORGANIZATION_EVENT_TYPES,
    enumName: EVENT_TYPE_ENUM,
    isArray: true,
    description: 'The event types delivered here; empty: every type.',
  })
  eventTypes!: string[];

  @ApiProperty({ type: 'boolean', description: 'False: switched off (by hand or after repeated failures); nothing is sent.' })
  active!: boolean;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Deliveries in a row that failed after every retry; reset by a success. At WEBHOOK_DISABLE_AFTER_FAILURES the webhook is switched off.',
  })
  consecutiveFailures!: number;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  disabledAt!: Date | null;

  @ApiProperty({
    type: 'string',
    enum: DISABLED_REASONS,
    nullable: true,
    description: '`manual`: POST …/disable; `failures`: switched off after repeated failed deliveries.',
  })
  disabledReason!: string | null;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiProperty(DATE_TIME)
  updatedAt!: Date;
}

export class WebhookWithSecretResponse extends WebhookResponse {
  @ApiProperty({
    type: 'string',
    pattern: '^whsec_[A-Za-z0-9_-]{43}$',
    description:
      'The signing secret, shown only in this response: store it now. It is the HMAC key of X-EDO-Signature (its UTF-8 bytes, `whsec_` included).',
  })
  secret!: string;
}

export const WebhookPage = PageOf(WebhookResponse);

export const WEBHOOK_DELIVERY_EVENT_TYPES = [...ORGANIZATION_EVENT_TYPES, 'ping'] as const;

export class WebhookDeliveryResponse implements DeliveryLogEntry {
  @ApiProperty({ ...UUID, description: 'This attempt.' })
  id!: string;

  @ApiProperty({ ...UUID, description: 'The X-EDO-Delivery header: the same for every attempt of one delivery.' })
  deliveryId!: string;

  @ApiProperty({
    ...SEQ,
    nullable: true,
    description: 'The seq of the event delivered (a decimal string); null for a test ping.',
  })
  eventSeq!: string | null;

  @ApiProperty({ type: 'string', enum: WEBHOOK_DELIVERY_EVENT_TYPES, description: 'The event type delivered, or `ping`.' })
  eventType!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The attempt number of this delivery, from 1.' })
  attempt!: number;

  @ApiProperty({
    type: 'string',
    enum: DELIVERY_STATUSES,
    description: '`delivered`: answered 2xx; `retrying`: failed, it will be tried again; `failed`: the last attempt failed.',
  })
  status!: WebhookDeliveryStatus;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The HTTP status answered; null when no answer came.' })
  httpStatus!: number | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Why the attempt failed (timeout, refused connection, HTTP status ...).',
  })
  error!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  durationMs!: number;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;
}

export const WebhookDeliveryPage = PageOf(WebhookDeliveryResponse);

// ---- notification preferences -------------------------------------------------------------------

export class NotificationPreferencesResponse implements NotificationPreferencesView {
  @ApiProperty({ type: 'boolean', description: 'An e-mail per incoming document and per answer to your documents.' })
  emailOnEvents!: boolean;

  @ApiProperty({ type: 'boolean', description: 'The daily digest of documents awaiting action.' })
  emailDigest!: boolean;
}
