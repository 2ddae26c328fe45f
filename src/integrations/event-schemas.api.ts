// The event schemas of the organization feed, one per event type, which the webhook deliveries
// share with the feed (webhook-contract.ts): what each event's data holds, and the oneOf over them.

import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  DOCUMENT_ACTIONS,
  ROLL_UP_STATUSES,
  type AnswerEventType,
  type DocumentAction,
  type Side,
} from '../contracts/document-vocabulary';
import type { AdesLevel } from '../signing';
import type { OrganizationEventView, WebhookPingView } from './event-view';
import { ORGANIZATION_EVENT_TYPES, type OrganizationEventType } from './organization-event-types';

export const EVENT_TYPE_ENUM = 'OrganizationEventType';

export const SEQ_DESCRIPTION =
  "The event's position in the organization's feed: a 64-bit counter written as a decimal string " +
  '(1, 2, 3 … per organization, without gaps). Compare it as a number (e.g. BigInt), not as text. ' +
  'Keep the highest seq you have processed and pass it as `after` to GET /api/v1/events to get what came since.';
export const SEQ = { type: 'string', pattern: '^\\d+$', example: '42', description: SEQ_DESCRIPTION } as const;
export const UUID = { type: 'string', format: 'uuid' } as const;
export const DATE_TIME = { type: 'string', format: 'date-time' } as const;
const IDENTIFIER = { type: 'string', pattern: '^\\d{12}$', example: '960440000151' } as const;

// Records keep these lists tied to the union types: a new member does not compile until listed.
const ADES_LEVELS = Object.keys({ 'B-B': true, 'B-T': true, 'B-LT': true } satisfies Record<AdesLevel, true>);

// ---- event data, per event type -----------------------------------------------------------------
// Written by the documents module (document-history.ts): `eventSeq` and `reason` come with every
// change of a document, the rest from the change itself.

const EVENT_SEQ_DESCRIPTION =
  "The number of this change in the document's own history (the `seq` of its entry in `events` of GET /api/v1/documents/{id}), not the feed's `seq`.";

class EventData {
  // Every event has it (OrganizationEventInput requires it; organization-events.service.ts).
  @ApiProperty({
    ...UUID,
    nullable: true,
    description:
      'The organization that acted; null: the service itself, a recipient without an organization (through its e-mailed link), or not recorded (events written before this field existed). Its own users are not e-mailed about its action.',
  })
  actorOrganizationId!: string | null;

  @ApiPropertyOptional({
    type: 'string',
    description: "The document's title when the event happened (absent only on events recorded before events carried it).",
  })
  title?: string;

  @ApiPropertyOptional({ type: 'string', description: "The document's number, when it has one." })
  number?: string;
}

class DocumentChangeData extends EventData {
  @ApiProperty({ type: 'integer', minimum: 1, description: EVENT_SEQ_DESCRIPTION })
  eventSeq!: number;
}

class DocumentUploadedData extends DocumentChangeData {
  @ApiProperty({ type: 'string', pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file, lowercase hex.' })
  sha256!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Size of the file in bytes.' })
  size!: number;
}

// The fields a draft's edit changed (PATCH /documents/{id}).
class DocumentEditedData extends DocumentChangeData {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: ['title', 'kind', 'number', 'documentDate', 'amountMinor', 'currency', 'tags'] },
    minItems: 1,
    description: 'The metadata fields the edit changed.',
  })
  fields!: string[];
}

class EventSignerData {
  @ApiProperty({ ...IDENTIFIER, nullable: true, description: "The signer's IIN from the certificate." })
  iin!: string | null;

  @ApiProperty({
    ...IDENTIFIER,
    nullable: true,
    description: "The organization's BIN from the certificate (null for an individual).",
  })
  bin!: string | null;
}

// What every signature event adds: how far the signature's evidence got.
const ADES_LEVEL = {
  type: 'string',
  enum: ADES_LEVELS,
  description: 'The CAdES level the stored signature reached (B-T: with a time-stamp; B-LT: with validation data).',
} as const;
const TIMESTAMP_ERROR = {
  type: 'string',
  description: 'Present when no time-stamp could be added yet (the service retries later; see document.evidence_upgraded).',
} as const;

class DocumentSignedBySenderData extends DocumentChangeData {
  @ApiProperty({ type: () => EventSignerData })
  signer!: EventSignerData;

  @ApiPropertyOptional(ADES_LEVEL)
  adesLevel?: AdesLevel;

  @ApiPropertyOptional(TIMESTAMP_ERROR)
  timestampError?: string;
}

class DocumentSentData extends DocumentChangeData {
  @ApiProperty({ ...IDENTIFIER, description: "The recipient's BIN or IIN." })
  identifier!: string;

  @ApiProperty({
    type: 'boolean',
    description: 'Whether the recipient has an organization here (else it was reached by an e-mailed link).',
  })
  registered!: boolean;
}

class DocumentRecipientReplacedData extends DocumentChangeData {
  @ApiProperty({ ...IDENTIFIER, description: "The replaced (withdrawn) recipient's BIN or IIN." })
  identifier!: string;

  @ApiPropertyOptional({
    ...IDENTIFIER,
    description:
      "The BIN or IIN of the recipient that replaces it (its own document.sent follows). In the sender's feed only: " +
      'the replaced recipient is not told whom the document went to instead.',
  })
  replacedBy?: string;
}

class DocumentReceivedData extends EventData {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: `${EVENT_SEQ_DESCRIPTION} Absent when the document was attached on registration.`,
  })
  eventSeq?: number;

  @ApiProperty({ ...IDENTIFIER, description: 'The BIN or IIN the document was sent to (yours).' })
  identifier!: string;

  @ApiProperty({ type: 'boolean', description: 'Always true: the recipient (you) has an organization here.' })
  registered!: boolean;

  @ApiPropertyOptional({
    type: 'boolean',
    enum: [true],
    description: 'Present (true) when the document had been sent to your BIN/IIN before your organization registered.',
  })
  attachedOnRegistration?: true;
}

const RECIPIENT: Side[] = ['recipient'];
const EITHER: Side[] = ['sender', 'recipient'];

class DocumentAnswerData extends DocumentChangeData {
  @ApiProperty({ type: 'string', enum: DOCUMENT_ACTIONS, description: 'The signed action that made this change.' })
  action!: string;

  @ApiProperty({ type: 'string', enum: EITHER, description: 'Which side acted.' })
  side!: Side;

  @ApiProperty({ type: 'string', enum: ROLL_UP_STATUSES, description: "The recipient's status after this change." })
  status!: string;

  @ApiPropertyOptional({
    type: 'string',
    description: 'The reason given in the signed statement (refusal, correction, annulment).',
  })
  reason?: string;

  @ApiPropertyOptional(ADES_LEVEL)
  adesLevel?: AdesLevel;

  @ApiPropertyOptional(TIMESTAMP_ERROR)
  timestampError?: string;

  @ApiPropertyOptional({
    ...UUID,
    description: 'Set when the change followed from another document of an all-or-nothing package: the package.',
  })
  packageId?: string;

  @ApiPropertyOptional({ ...UUID, description: 'With packageId: the document of the package that was answered.' })
  viaDocumentId?: string;
}

class DocumentEvidenceUpgradedData extends DocumentChangeData {
  @ApiProperty(ADES_LEVEL)
  adesLevel!: AdesLevel;
}

interface EventKind {
  data: Type<unknown>;
  // Whether the event concerns one recipient of the document (recipientId set) or the document.
  recipient: boolean;
  description: string;
}

// The answer events differ in the action that makes them (documents/status.ts: transition) and in
// who may take it: one data schema each, with `action` (and `side` where only one may act) fixed.
function answer(type: AnswerEventType, action: DocumentAction, sides: Side[], description: string): EventKind {
  class AnswerData extends DocumentAnswerData {
    @ApiProperty({ type: 'string', enum: [action], description: 'The signed action that made this change.' })
    declare action: string;

    @ApiProperty({ type: 'string', enum: sides, description: 'Which side acted.' })
    declare side: Side;
  }
  Object.defineProperty(AnswerData, 'name', { value: eventSchemaName(type).replace(/Event$/, 'Data') });

  return { data: AnswerData, recipient: true, description };
}

export const EVENT_KINDS: Record<OrganizationEventType, EventKind> = {
  'document.uploaded': { data: DocumentUploadedData, recipient: false, description: 'Your organization uploaded a document.' },
  'document.edited': {
    data: DocumentEditedData,
    recipient: false,
    description: "Your organization changed a draft's metadata (before it was signed).",
  },
  'document.deleted': {
    data: DocumentChangeData,
    recipient: false,
    description: 'Your organization deleted a draft (never signed, never sent); it is gone from every list and route.',
  },
  'document.signed_by_sender': {
    data: DocumentSignedBySenderData,
    recipient: false,
    description: 'Your organization signed its document.',
  },
  'document.sent': {
    data: DocumentSentData,
    recipient: true,
    description: 'Your organization sent its document to a recipient (one event per recipient).',
  },
  'document.received': {
    data: DocumentReceivedData,
    recipient: true,
    description: 'A document was sent to your organization.',
  },
  'document.delivered': {
    data: DocumentChangeData,
    recipient: true,
    description: 'The recipient first fetched the document.',
  },
  'document.opened': { data: DocumentChangeData, recipient: true, description: 'The recipient first downloaded the document.' },
  'document.receipt_signed': answer(
    'document.receipt_signed',
    'receipt',
    RECIPIENT,
    'The recipient signed a receipt for the document.',
  ),
  'document.signed_by_recipient': answer('document.signed_by_recipient', 'sign', RECIPIENT, 'The recipient signed the document.'),
  'document.refused': answer('document.refused', 'refuse', RECIPIENT, 'The recipient refused to sign the document (`reason`).'),
  'document.correction_requested': answer(
    'document.correction_requested',
    'request_correction',
    RECIPIENT,
    'The recipient asked for a corrected document (`reason`).',
  ),
  'document.annulment_offered': answer(
    'document.annulment_offered',
    'offer_annulment',
    EITHER,
    'One side offered to annul the document (`reason`).',
  ),
  'document.annulment_accepted': answer(
    'document.annulment_accepted',
    'accept_annulment',
    EITHER,
    'The other side accepted the annulment: the document is void.',
  ),
  'document.annulment_rejected': answer(
    'document.annulment_rejected',
    'reject_annulment',
    EITHER,
    'The other side rejected the annulment.',
  ),
  'document.link_revoked': {
    data: DocumentChangeData,
    recipient: true,
    description: "The sender revoked the recipient's e-mailed link.",
  },
  'document.recipient_replaced': {
    data: DocumentRecipientReplacedData,
    recipient: true,
    description:
      'The sender replaced a recipient that had not answered with another (its link revoked; it no longer takes part). ' +
      'A registered recipient that was replaced gets this event too, without replacedBy.',
  },
  'document.evidence_upgraded': {
    data: DocumentEvidenceUpgradedData,
    recipient: false,
    description: 'The service added a time-stamp or validation data to a stored signature.',
  },
};

// 'document.signed_by_sender' → 'DocumentSignedBySenderEvent'
export function eventSchemaName(type: OrganizationEventType): string {
  const words = type.split(/[._]/).map((word) => word[0].toUpperCase() + word.slice(1));
  return `${words.join('')}Event`;
}

// One schema per event type: the view every feed item and webhook delivery is (presentEvent),
// with `type` fixed and `data` as that type's producers write it.
function organizationEventClass(type: OrganizationEventType, kind: EventKind): Type<OrganizationEventView> {
  class OrganizationEventResponse implements OrganizationEventView {
    @ApiProperty({ ...UUID, description: 'The event id: the same in the feed and in every webhook delivery of it.' })
    id!: string;

    @ApiProperty(SEQ)
    seq!: string;

    @ApiProperty({ type: 'string', enum: [type], description: kind.description })
    type!: string;

    @ApiProperty({ ...UUID, description: 'The organization whose feed this is (yours).' })
    organizationId!: string;

    @ApiProperty({ ...UUID, description: 'The document concerned.' })
    documentId!: string;

    @ApiProperty(
      kind.recipient
        ? { ...UUID, description: 'The recipient of the document concerned (GET /api/v1/documents/{id} lists them).' }
        : { type: 'null', description: 'Always null: the event concerns the document, not one recipient.' },
    )
    recipientId!: string | null;

    @ApiProperty({ type: () => kind.data })
    data!: Record<string, unknown>;

    @ApiProperty({ ...DATE_TIME, description: 'When the event was recorded.' })
    createdAt!: string;
  }
  Object.defineProperty(OrganizationEventResponse, 'name', { value: eventSchemaName(type) });

  return OrganizationEventResponse;
}

export const ORGANIZATION_EVENT_CLASSES = ORGANIZATION_EVENT_TYPES.map((type) => organizationEventClass(type, EVENT_KINDS[type]));

class WebhookPingData {
  @ApiProperty({ ...UUID, description: 'The webhook tested.' })
  webhookId!: string;
}

export class WebhookPing implements WebhookPingView {
  @ApiProperty({ ...UUID, description: 'The delivery id (as X-EDO-Delivery); a ping is no event.' })
  id!: string;

  @ApiProperty({ type: 'null', description: 'Always null: a ping is in no feed.' })
  seq!: null;

  @ApiProperty({ type: 'string', enum: ['ping'] })
  type!: 'ping';

  @ApiProperty({ ...UUID, description: 'The organization of the webhook.' })
  organizationId!: string;

  @ApiProperty({ type: 'null' })
  documentId!: null;

  @ApiProperty({ type: 'null' })
  recipientId!: null;

  @ApiProperty({ type: () => WebhookPingData })
  data!: { webhookId: string };

  @ApiProperty({ ...DATE_TIME, description: 'When the ping was sent.' })
  createdAt!: string;
}

// Any event of the feed, told apart by `type`. The feed's items and the webhook bodies are both
// this schema (built here once), so the two cannot drift apart.
export function organizationEventSchema(): SchemaObject {
  return {
    oneOf: ORGANIZATION_EVENT_CLASSES.map((event) => ({ $ref: getSchemaPath(event) })),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(ORGANIZATION_EVENT_TYPES.map((type) => [type, getSchemaPath(eventSchemaName(type))])),
    },
  };
}

// What a webhook receives: an event, or the ping of POST /api/v1/webhooks/{id}/test.
export function webhookBodySchema(): SchemaObject {
  const events = organizationEventSchema();
  return {
    oneOf: [...events.oneOf!, { $ref: getSchemaPath(WebhookPing) }],
    discriminator: { propertyName: 'type', mapping: { ...events.discriminator!.mapping, ping: getSchemaPath(WebhookPing) } },
  };
}
