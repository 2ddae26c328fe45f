import type { ParameterObject, PathItemObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { EnvSchema } from '../config/env.schema';
import { presentPing } from './event-view';
import { webhookBodySchema } from './event-schemas.api';
import { WEBHOOK_DELIVERY_EVENT_TYPES } from './integrations.api';
import { MAX_WEBHOOKS_PER_ORGANIZATION } from './webhooks.service';
import {
  signWebhookPayload,
  WEBHOOK_HEADERS,
  WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
  WEBHOOK_USER_AGENT,
} from './webhook-signature';

// The webhook deliveries as OpenAPI 3.1 `webhooks`: what WebhookDispatcher POSTs (body, headers,
// signature) and what it expects back. The body schema is the feed's item schema (plus the test
// ping), built by integrations.api.ts for both.

export const WEBHOOK_NAME = 'organizationEvent';

// The service's defaults (EnvSchema), so that the numbers below follow the code.
const DEFAULTS = new EnvSchema();
const backoffSeconds = Array.from(
  { length: DEFAULTS.JOBS_ATTEMPTS - 1 },
  (_, index) => `${(DEFAULTS.JOBS_BACKOFF_MS * 2 ** index) / 1000} s`,
).join(', ');

// A worked example of the signature, computed by the code that signs deliveries.
export const SIGNATURE_EXAMPLE = (() => {
  const secret = 'whsec_EXAMPLE-do-not-use-0123456789abcdefghijklmnopq';
  const timestamp = 1767225600;
  const body = JSON.stringify(
    presentPing(
      '0b5e3c1e-7d7f-4c52-9a53-2f1f3d0e8a11',
      { id: '5d0c8f5e-0f0a-4b1e-8c55-8e7f0e2d3c4b', organizationId: '1f7e9c0a-3b2d-4e6f-8a1b-2c3d4e5f6a7b' },
      new Date(timestamp * 1000),
    ),
  );
  return { secret, timestamp, body, header: signWebhookPayload(secret, timestamp, body) };
})();

const DESCRIPTION = `Each event of your organization's feed (GET /api/v1/events), as chosen by the webhook's
\`eventTypes\`, is POSTed to every active webhook's URL as JSON: the body is exactly the feed's item
(\`type\` tells the schema), or a \`ping\` sent by POST /api/v1/webhooks/{id}/test. At most
${MAX_WEBHOOKS_PER_ORGANIZATION} webhooks per organization.

**Verifying the signature.** \`${WEBHOOK_HEADERS.signature}\` is \`t=<unix seconds>,v1=<signature>\`, where
\`<signature>\` is the lowercase hex of HMAC-SHA256, keyed with the webhook's secret (its UTF-8 bytes, the
\`whsec_\` prefix included, as shown once by create or rotate-secret), of the UTF-8 string
\`<t>.<raw body>\`: the value of \`t\` (the same as \`${WEBHOOK_HEADERS.timestamp}\`), a dot, and the request
body byte for byte as received (do not parse and re-serialize it). A receiver:
1. splits the header at \`,\` into \`key=value\` pairs and takes \`t\` and every \`v1\` (more than one \`v1\` may come);
2. computes the HMAC above and compares it with each \`v1\` in constant time: one match is enough;
3. refuses a \`t\` further than ${WEBHOOK_SIGNATURE_TOLERANCE_SECONDS} seconds from its own clock (a replay);
4. answers 401 or 403 (any non-2xx) to a request that fails, and processes nothing of it.

Example: secret \`${SIGNATURE_EXAMPLE.secret}\`, \`t\` = ${SIGNATURE_EXAMPLE.timestamp} and the body
\`${SIGNATURE_EXAMPLE.body}\` give \`${WEBHOOK_HEADERS.signature}: ${SIGNATURE_EXAMPLE.header}\`.

From rotate-secret on, every attempt (retries too) is signed with the new secret only: let your receiver accept
either secret until it has the new one.

**Answering.** Any 2xx within ${DEFAULTS.WEBHOOK_TIMEOUT_MS / 1000} seconds (WEBHOOK_TIMEOUT_MS) counts as delivered; the body of the
answer is not read. Anything else is a failed attempt: another status (redirects are not followed), no answer
in time, a refused connection. Answer quickly and do the work afterwards.

**Retries.** A failed attempt is retried with the same body, the same \`${WEBHOOK_HEADERS.delivery}\` and a new
\`t\` and signature: ${DEFAULTS.JOBS_ATTEMPTS} attempts in all (JOBS_ATTEMPTS), the n-th retry about
JOBS_BACKOFF_MS × 2^(n−1) after the failure (by default ${backoffSeconds}). A destination inside the
service's own network (a private, loopback or link-local address) fails at once, without retries. After
${DEFAULTS.WEBHOOK_DISABLE_AFTER_FAILURES} deliveries in a row failed after every attempt (WEBHOOK_DISABLE_AFTER_FAILURES) the webhook is
switched off (\`active\` false, \`disabledReason\` \`failures\`) and the organization's administrators are e-mailed;
POST /api/v1/webhooks/{id}/enable switches it back on. Events recorded while a webhook is off are not sent
later: read them from the feed.

**Order and duplicates.** Delivery is at least once and not in order (retries, parallel workers): deduplicate on
the event \`id\` (or on \`${WEBHOOK_HEADERS.delivery}\` per webhook), order by \`seq\`, and when \`seq\` skips a number
read the gap from GET /api/v1/events?after=<last seq you have>.`;

const header = (name: string, description: string, schema: ParameterObject['schema']): ParameterObject => ({
  name,
  in: 'header',
  required: true,
  description,
  schema,
});

export const ORGANIZATION_EVENT_WEBHOOKS: Record<string, PathItemObject> = {
  [WEBHOOK_NAME]: {
    post: {
      operationId: 'organizationEventWebhook',
      summary: 'An event of your feed, POSTed to your webhook URL',
      description: DESCRIPTION,
      tags: ['webhooks'],
      // The receiver authenticates the service by the signature (see the description), not by a
      // credential of ours.
      security: [],
      parameters: [
        header(WEBHOOK_HEADERS.signature, '`t=<unix seconds>,v1=<hex HMAC-SHA256>`: see the description.', {
          type: 'string',
          pattern: '^t=\\d+(,v1=[0-9a-f]{64})+$',
          example: SIGNATURE_EXAMPLE.header,
        }),
        header(WEBHOOK_HEADERS.timestamp, 'When this attempt was signed, in unix seconds: the `t` of the signature.', {
          type: 'string',
          pattern: '^\\d+$',
          example: String(SIGNATURE_EXAMPLE.timestamp),
        }),
        header(WEBHOOK_HEADERS.delivery, 'The delivery: the same for every attempt of one event to one webhook.', {
          type: 'string',
          format: 'uuid',
        }),
        header(WEBHOOK_HEADERS.event, 'The `type` of the body.', {
          type: 'string',
          enum: [...WEBHOOK_DELIVERY_EVENT_TYPES],
          example: 'document.received',
        }),
        header('User-Agent', 'The service that sends it.', { type: 'string', enum: [WEBHOOK_USER_AGENT] }),
      ],
      requestBody: {
        required: true,
        description: 'One event (the feed item) or a ping, UTF-8 JSON.',
        content: { 'application/json': { schema: webhookBodySchema() } },
      },
      responses: {
        '2XX': { description: 'Delivered. The body of the answer is ignored.' },
        '4XX': { description: 'A failed attempt (as any other status or no answer): retried, see the description.' },
        '5XX': { description: 'A failed attempt: retried, see the description.' },
      },
    },
  },
};
