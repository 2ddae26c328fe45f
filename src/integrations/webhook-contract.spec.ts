import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { API_DOCUMENT_FILE } from '../api-document';
import { ManualClock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { DocumentsErrorCode } from '../documents/documents.errors';
import { AnnulmentStatus, ReceiptStatus, ResponseStatus } from '../documents/entities/document-recipient.entity';
import { DOCUMENT_ACTIONS, type Side, transition } from '../documents/status';
import type { DeliverWebhookPayload } from './integrations.jobs';
import type { AppConfig } from '../config/app-config';
import { ORGANIZATION_EVENT_TYPES, type OrganizationEventType } from './organization-event-types';
import type { OrganizationEvent } from './organization-event.entity';
import { eventSchemaName } from './event-schemas.api';
import { WEBHOOK_NAME } from './webhook-contract';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSecretBox, newWebhookSecret } from './webhook-secret-box';
import type { WebhookRequest, WebhookSender } from './webhook-sender.port';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from './webhook-signature';
import type { Webhook } from './webhook.entity';

// The published contract of webhook deliveries (openapi/openapi.json, `webhooks`) against what the
// dispatcher really sends: the body validates against the documented schema, the headers are the
// documented ones, and the signature is what the documented recipe computes.

interface Document {
  components: { schemas: Record<string, unknown> };
  webhooks: Record<string, { post: WebhookOperation }>;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
}
interface WebhookOperation {
  description: string;
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody: { content: Record<string, { schema: unknown }> };
}

const document = JSON.parse(readFileSync(path.resolve(__dirname, '../..', API_DOCUMENT_FILE), 'utf8')) as Document;
const operation = document.webhooks[WEBHOOK_NAME].post;

// The document's schemas as one JSON Schema 2020-12 resource, so that `#/components/...` resolves.
// OpenAPI's own keywords (discriminator, example) are annotations here: oneOf decides.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: document.components, webhooks: document.webhooks, paths: document.paths });
const bodyValidator = ajv.compile({
  $ref: `openapi#/webhooks/${WEBHOOK_NAME}/post/requestBody/content/application~1json/schema`,
});
const headerValidators = new Map(
  operation.parameters.map((parameter, index) => [
    parameter.name.toLowerCase(),
    ajv.compile({ $ref: `openapi#/webhooks/${WEBHOOK_NAME}/post/parameters/${index}/schema` }),
  ]),
);

const problems = (validate: ValidateFunction) => ajv.errorsText(validate.errors, { separator: '\n' });

const organizationId = randomUUID();
const otherOrganizationId = randomUUID();
const documentId = randomUUID();
const recipientId = randomUUID();

// Each event type as its producers write it (documents/document-history.ts, document-actions,
// identity/incoming-documents.ts): the feed row the dispatcher reads.
const DATA: Record<OrganizationEventType, { recipient: boolean; data: Record<string, unknown> }> = {
  'document.uploaded': { recipient: false, data: { eventSeq: 1, sha256: 'ab'.repeat(32), size: 48213 } },
  'document.signed_by_sender': {
    recipient: false,
    data: { eventSeq: 2, signer: { iin: '870101300123', bin: '960440000151' }, adesLevel: 'B-T' },
  },
  'document.sent': { recipient: true, data: { eventSeq: 3, identifier: '010140000143', registered: true } },
  'document.received': {
    recipient: true,
    data: { identifier: '010140000143', registered: true, attachedOnRegistration: true, title: 'Шарт № 7', number: '7' },
  },
  'document.delivered': { recipient: true, data: { eventSeq: 4, actorOrganizationId: otherOrganizationId } },
  'document.opened': { recipient: true, data: { eventSeq: 5, actorOrganizationId: null } },
  'document.receipt_signed': {
    recipient: true,
    data: {
      eventSeq: 6,
      action: 'receipt',
      side: 'recipient',
      status: 'awaiting_recipient',
      adesLevel: 'B-B',
      timestampError: 'TSA down',
    },
  },
  'document.signed_by_recipient': {
    recipient: true,
    data: { eventSeq: 7, action: 'sign', side: 'recipient', status: 'signed_by_both', adesLevel: 'B-LT' },
  },
  'document.refused': {
    recipient: true,
    data: { eventSeq: 7, reason: 'Қате сома / Неверная сумма', action: 'refuse', side: 'recipient', status: 'refused' },
  },
  'document.correction_requested': {
    recipient: true,
    data: {
      eventSeq: 3,
      reason: 'Сома',
      action: 'request_correction',
      side: 'recipient',
      status: 'correction_requested',
      packageId: randomUUID(),
      viaDocumentId: randomUUID(),
    },
  },
  'document.annulment_offered': {
    recipient: true,
    data: { eventSeq: 8, reason: 'Қайталанған', action: 'offer_annulment', side: 'sender', status: 'annulment_offered' },
  },
  'document.annulment_accepted': {
    recipient: true,
    data: { eventSeq: 9, action: 'accept_annulment', side: 'recipient', status: 'annulled' },
  },
  'document.annulment_rejected': {
    recipient: true,
    data: { eventSeq: 9, action: 'reject_annulment', side: 'recipient', status: 'signed_by_both' },
  },
  'document.link_revoked': { recipient: true, data: { eventSeq: 4 } },
  'document.recipient_replaced': {
    recipient: true,
    data: { eventSeq: 5, identifier: '850315300128', replacedBy: '900720401892' },
  },
  'document.evidence_upgraded': { recipient: false, data: { eventSeq: 10, adesLevel: 'B-LT' } },
  'document.edited': { recipient: false, data: { eventSeq: 2, fields: ['title', 'tags'] } },
  'document.deleted': { recipient: false, data: { eventSeq: 2 } },
};

function feedRow(type: OrganizationEventType, seq: string): OrganizationEvent {
  return {
    id: randomUUID(),
    organizationId,
    seq,
    type,
    documentId,
    recipientId: DATA[type].recipient ? recipientId : null,
    // Every event names who acted (OrganizationEventsService writes it; null: nobody's organization).
    data: { actorOrganizationId: organizationId, ...DATA[type].data },
    createdAt: new Date('2026-03-02T10:15:00.123Z'),
  };
}

// The dispatcher with its real signing, serialization and secret box; only the database rows and
// the HTTP connection are stand-ins (the sender records what would go on the wire).
function dispatcherFor(events: Map<string, OrganizationEvent>) {
  const clock = new ManualClock(new Date('2026-03-02T10:15:07Z'));
  const box = new WebhookSecretBox(WebhookSecretBox.developmentKey());
  const secret = newWebhookSecret();
  const webhook: Webhook = {
    id: randomUUID(),
    organizationId,
    url: 'https://erp.example.kz/edo/events',
    description: null,
    eventTypes: [],
    secretCiphertext: '',
    active: true,
    consecutiveFailures: 0,
    disabledAt: null,
    disabledReason: null,
    createdAt: clock.now(),
    updatedAt: clock.now(),
  };
  webhook.secretCiphertext = box.seal(secret, webhook.id);
  const sent: WebhookRequest[] = [];
  const sender: WebhookSender = {
    post: (request) => {
      sent.push(request);
      return Promise.resolve({ status: 204 });
    },
  };
  const repository = {
    findWebhookWithSecret: (id: string) => Promise.resolve(id === webhook.id ? webhook : null),
    findEvent: (_organizationId: string, seq: string) => Promise.resolve(events.get(seq) ?? null),
    insertDelivery: () => Promise.resolve(),
    resetFailures: () => Promise.resolve(),
  };
  const config = { jobs: { attempts: 5 }, integrations: { webhookTimeoutMs: 10_000, webhookDisableAfterFailures: 20 } };
  const dispatcher = new WebhookDispatcher(
    { register: () => undefined } as never,
    repository as never,
    {} as never,
    box,
    config as unknown as AppConfig,
    clock,
    sender,
  );
  const deliver = async (seq: string) => {
    const payload: DeliverWebhookPayload = { webhookId: webhook.id, organizationId, eventSeq: seq };
    await dispatcher.deliver(payload, { id: randomUUID(), attempt: 1 });
    return sent[sent.length - 1];
  };

  return { dispatcher, webhook, secret, sent, deliver, clock };
}

const headerOf = (request: WebhookRequest, name: string) =>
  Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

// The receiver's side, as the contract's description words it (not the service's own verifier).
function signatureByTheRecipe(secret: string, header: string, rawBody: string) {
  const pairs = header.split(',').map((pair) => pair.split('='));
  const t = pairs.find(([key]) => key === 't')![1];
  const v1 = pairs.filter(([key]) => key === 'v1').map(([, value]) => value);
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(`${t}.${rawBody}`, 'utf8'))
    .digest('hex');

  return { t, matches: v1.includes(expected) };
}

describe('webhook contract (openapi.json `webhooks`) against the dispatcher', () => {
  const events = new Map(ORGANIZATION_EVENT_TYPES.map((type, index) => [String(index + 1), feedRow(type, String(index + 1))]));
  const setup = dispatcherFor(events);

  it.each(ORGANIZATION_EVENT_TYPES.map((type, index) => [type, String(index + 1)]))(
    'the body of a %s delivery is valid against the published schema',
    async (type, seq) => {
      const request = await setup.deliver(seq);
      const body = JSON.parse(request.body) as Record<string, unknown>;
      expect(body).toMatchObject({ type, seq, organizationId, documentId });
      expect(bodyValidator(body) || problems(bodyValidator)).toBe(true);
    },
  );

  it("the replaced recipient's document.recipient_replaced, without replacedBy, is valid too", async () => {
    const seq = String(ORGANIZATION_EVENT_TYPES.indexOf('document.recipient_replaced') + 1);
    const body = JSON.parse((await setup.deliver(seq)).body) as { data: Record<string, unknown> };
    const { replacedBy, ...recipientSide } = body.data;
    expect(replacedBy).toBeDefined();
    const candidate = { ...body, data: recipientSide };
    expect(bodyValidator(candidate) || problems(bodyValidator)).toBe(true);
  });

  it('the test ping is valid against the published schema too', async () => {
    const entry = await setup.dispatcher.ping(setup.webhook);
    const request = setup.sent[setup.sent.length - 1];
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body).toMatchObject({ id: entry.deliveryId, type: 'ping', seq: null, data: { webhookId: setup.webhook.id } });
    expect(bodyValidator(body) || problems(bodyValidator)).toBe(true);
  });

  it('refuses bodies that break the schema (the check can fail)', async () => {
    const body = JSON.parse((await setup.deliver('3')).body) as Record<string, unknown>;
    const broken = [
      { ...body, seq: 3 }, // seq travels as a decimal string
      { ...body, occurredAt: body.createdAt }, // no field beyond the listed ones
      { ...body, recipientId: null }, // a sending event names its recipient
      { ...body, data: { ...(body.data as object), registered: 'yes' } },
      { ...body, type: 'document.uploaded' }, // the data of another type
      { ...body, type: 'document.unknown' },
    ];
    for (const candidate of broken) expect(bodyValidator(candidate)).toBe(false);
  });

  it('sends exactly the documented headers, with values their schemas allow', async () => {
    const request = await setup.deliver('8');
    const sentNames = Object.keys(request.headers)
      .map((name) => name.toLowerCase())
      .filter((name) => name !== 'content-type');
    expect(sentNames.sort()).toEqual(operation.parameters.map((parameter) => parameter.name.toLowerCase()).sort());
    expect(operation.parameters.every((parameter) => parameter.in === 'header' && parameter.required)).toBe(true);
    for (const [name, value] of Object.entries(request.headers)) {
      const validate = headerValidators.get(name.toLowerCase());
      if (validate) expect(validate(value) || `${name}: ${problems(validate)}`).toBe(true);
    }
    expect(headerOf(request, 'Content-Type')).toBe('application/json');
    expect(Object.keys(operation.requestBody.content)).toEqual(['application/json']);
    expect(headerOf(request, WEBHOOK_HEADERS.event)).toBe('document.signed_by_recipient');
  });

  it('signs the raw body as the description says: HMAC-SHA256(secret, "<t>.<body>") in hex, t = X-EDO-Timestamp', async () => {
    const request = await setup.deliver('9');
    const header = headerOf(request, WEBHOOK_HEADERS.signature)!;
    const byRecipe = signatureByTheRecipe(setup.secret, header, request.body);
    expect(byRecipe.matches).toBe(true);
    expect(byRecipe.t).toBe(headerOf(request, WEBHOOK_HEADERS.timestamp));
    expect(Number(byRecipe.t)).toBe(Math.floor(setup.clock.now().getTime() / 1000));
    // The service's verifier (webhook-signature.ts) agrees, and both refuse another secret.
    expect(verifyWebhookSignature(setup.secret, header, request.body, Number(byRecipe.t))).toEqual({
      valid: true,
      timestamp: Number(byRecipe.t),
    });
    expect(signatureByTheRecipe(newWebhookSecret(), header, request.body).matches).toBe(false);
    expect(signatureByTheRecipe(setup.secret, header, `${request.body} `).matches).toBe(false);

    for (const words of [WEBHOOK_HEADERS.signature, WEBHOOK_HEADERS.timestamp, 'HMAC-SHA256', '`<t>.<raw body>`', 'hex']) {
      expect(operation.description).toContain(words);
    }
  });

  it("the description's worked example is right by the recipe", () => {
    const example = /secret `(whsec_[^`]+)`, `t` = (\d+) and the body\s+`([^`]+)` give `X-EDO-Signature: ([^`]+)`/.exec(
      operation.description,
    );
    expect(example).not.toBeNull();
    const [, secret, t, body, header] = example!;
    expect(header.startsWith(`t=${t},v1=`)).toBe(true);
    expect(signatureByTheRecipe(secret, header, body).matches).toBe(true);
    expect(bodyValidator(JSON.parse(body)) || problems(bodyValidator)).toBe(true);
  });

  it('the feed items and the webhook bodies are one schema', () => {
    const feed = document.paths['/api/v1/events'].get.responses['200'].content!['application/json'].schema as { $ref: string };
    const page = document.components.schemas[feed.$ref.split('/').pop()!] as {
      properties: { items: { items: { oneOf: unknown[] } } };
    };
    const webhook = operation.requestBody.content['application/json'].schema as { oneOf: { $ref: string }[] };
    expect(webhook.oneOf.slice(0, -1)).toEqual(page.properties.items.items.oneOf);
    expect(webhook.oneOf[webhook.oneOf.length - 1]).toEqual({ $ref: '#/components/schemas/WebhookPing' });
  });
});

describe('the answer events in the published document against the document state machine', () => {
  // Who may take an action, and which event it makes, as documents/status.ts decides it.
  function taken(action: (typeof DOCUMENT_ACTIONS)[number]) {
    const sides: Side[] = [];
    const types = new Set<string>();
    for (const side of ['sender', 'recipient'] as const) {
      const offeredByOther = side === 'sender' ? AnnulmentStatus.OfferedByRecipient : AnnulmentStatus.OfferedBySender;
      const annulment = action === 'accept_annulment' || action === 'reject_annulment' ? offeredByOther : AnnulmentStatus.None;
      try {
        types.add(
          transition({ receipt: ReceiptStatus.None, response: ResponseStatus.Awaiting, annulment }, action, side).eventType,
        );
        sides.push(side);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === DocumentsErrorCode.DocumentActionNotAllowed)) throw error;
      }
    }
    expect(types.size).toBe(1);

    return { type: [...types][0] as OrganizationEventType, sides };
  }

  it.each(DOCUMENT_ACTIONS.map((action) => [action]))(
    '%s: its event names that action and the sides that may take it',
    (action) => {
      const { type, sides } = taken(action);
      const event = document.components.schemas[eventSchemaName(type)] as { properties: { data: { $ref: string } } };
      const data = document.components.schemas[event.properties.data.$ref.split('/').pop()!] as {
        properties: { action: { enum: string[] }; side: { enum: string[] } };
      };
      expect(data.properties.action.enum).toEqual([action]);
      expect([...data.properties.side.enum].sort()).toEqual(sides.sort());
    },
  );
});
