import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { finishApiDocument } from './common/http/openapi';
import { APP_ERROR_CODES } from './error-codes';
import { ORGANIZATION_EVENT_WEBHOOKS } from './integrations';

// Where the published contract lives; `npm run openapi` rewrites it (and the typed client's
// types in web/) from the code, and the contract e2e spec fails when they differ.
export const API_DOCUMENT_FILE = 'openapi/openapi.json';
export const API_DOCUMENT_SERVER = 'http://localhost:3000';

const DESCRIPTION = `Electronic document flow for Kazakhstan: upload a document, sign it with an NCA RK key (CMS,
RFC 5652), send it to a counterparty, follow what happens to it.

- **Authentication**: an API key (\`Authorization: Bearer edo_<prefix>_<secret>\`), or the cabinet's
  session cookie with \`X-CSRF-Token\` on writes. The operator's routes take the operator token.
- **Errors**: every 4xx/5xx is \`{ "error": { "code", "message", "details", "requestId" } }\` (schema \`Error\`);
  \`code\` is stable, \`message\` is in the language of \`Accept-Language\` (kk, ru, en).
- **Idempotency**: any authenticated POST accepts \`Idempotency-Key\` (anonymous routes keep no keys); the same key and body replay the stored response
  (\`Idempotent-Replayed: true\`), another body with the same key is 409 \`IDEMPOTENCY_KEY_REUSED\`.
- **Lists**: \`limit\` (1–200) and \`cursor\`; answers \`{ items, nextCursor }\`, \`nextCursor\` null on the last page.
- **Feed**: \`GET /api/v1/events?after=<seq>\`; \`seq\` is a decimal string (a 64-bit counter), compare it as a number.
- **Webhooks**: see \`webhooks\`: each delivery is signed with \`X-Edo-Signature\` (HMAC-SHA256).
- **Rate limits**: per client IP, 429 \`RATE_LIMITED\` with \`Retry-After\`.`;

export function createApiDocument(app: INestApplication, serverUrl = API_DOCUMENT_SERVER): OpenAPIObject {
  const built = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setOpenAPIVersion('3.1.0').setTitle('EDO.kz API').setDescription(DESCRIPTION).setVersion('1').build(),
  );

  return finishApiDocument(built, {
    errorCodes: APP_ERROR_CODES,
    webhooks: ORGANIZATION_EVENT_WEBHOOKS,
    servers: [{ url: serverUrl }],
  });
}
