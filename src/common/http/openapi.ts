import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtension, ApiProperty, ApiResponse } from '@nestjs/swagger';
import type {
  OpenAPIObject,
  OperationObject,
  ResponseObject,
  PathItemObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CommonErrorCode } from '../errors/common.errors';
import { definedErrorCodes, errorEntry, type ErrorCode } from '../errors/error-definitions';

// The building blocks every module uses to make its routes part of the published contract
// (`openapi/openapi.json`, served at /api/openapi.json). A route documents its 2xx body with
// @ApiOkResponse/@ApiCreatedResponse({ type }) and the error codes it can answer with @ApiErrors;
// finishApiDocument adds what every route shares (the error object, authentication, 4XX/5XX).

export const ERROR_SCHEMA_NAME = 'Error';
const ERROR_REF = `#/components/schemas/${ERROR_SCHEMA_NAME}`;

// Which credentials a route takes; set by Public/OperatorOnly (common/security/decorators.ts), every
// other route takes an API key or a cabinet session.
export const AUTH_EXTENSION = 'x-edo-auth';
export type RouteAuth = 'public' | 'operator';
export const ApiAuth = (auth: RouteAuth) => ApiExtension(AUTH_EXTENSION, auth);

// Beside @SkipThrottle(): the route answers no 429.
const UNTHROTTLED_EXTENSION = 'x-edo-unthrottled';
export const ApiUnthrottled = () => ApiExtension(UNTHROTTLED_EXTENSION, true);

// A route that takes one body in several media types (POST /api/v1/verify: JSON with base64 fields,
// or multipart with the files as they are): @ApiBody gives every media type the same schema, so
// the bodies travel in an extension and finishApiDocument puts them in place.
const REQUEST_CONTENT_EXTENSION = 'x-edo-request-content';
export const ApiRequestContent = (content: Record<string, { schema: SchemaObject | ReferenceObject }>) =>
  ApiExtension(REQUEST_CONTENT_EXTENSION, content);

export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'edo_<prefix>_<secret>',
    description:
      'An API key of the organization (`POST /api/v1/api-keys`, shown once): `Authorization: Bearer edo_<prefix>_<secret>`. ' +
      'It acts for the user who created it, within the rights it was given.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'edo_session',
    description:
      'The web cabinet session set by `POST /api/v1/auth/login`; state-changing requests with it also need the header ' +
      '`X-CSRF-Token` equal to the `edo_csrf` cookie.',
  },
  operator: {
    type: 'http',
    scheme: 'bearer',
    description: "The service operator's token (OPERATOR_TOKEN): `Authorization: Bearer <token>`.",
  },
} as const;

const TENANT_SECURITY: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];

// The error object every 4xx/5xx carries. `code` is stable (integrations switch on it);
// `message` is for people, in the language of Accept-Language (kk, ru or en). `codes`: every code
// of every module, merged at the root (src/error-codes.ts).
function errorSchema(codes: readonly ErrorCode[]): SchemaObject {
  return {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', enum: [...codes], description: 'Stable error code.' },
          message: { type: 'string', description: 'Human-readable, in kk, ru or en by Accept-Language.' },
          details: {
            type: 'object',
            additionalProperties: true,
            description: 'Machine-readable specifics of the code; for VALIDATION_FAILED, `fields` lists each problem.',
            properties: {
              fields: {
                type: 'array',
                description: 'VALIDATION_FAILED: each field (a dotted path into the body, or a parameter name) and its problems.',
                items: {
                  type: 'object',
                  required: ['field', 'problems'],
                  additionalProperties: false,
                  properties: { field: { type: 'string' }, problems: { type: 'array', items: { type: 'string' } } },
                },
              },
              moreFields: { type: 'integer', minimum: 1, description: 'VALIDATION_FAILED: how many more fields had problems.' },
            },
          },
          requestId: { type: 'string', description: 'The X-Request-Id of this request, for support.' },
        },
      },
    },
    example: {
      error: { code: CommonErrorCode.NotFound, message: 'Not found.', requestId: 'b7f1c0de-2f0e-4a43-9a52-1c3e5e0b8d11' },
    },
  };
}

// Any JSON value, for the few fields that are free-form by nature (a verification check's evidence).
export const JSON_VALUE_SCHEMA_NAME = 'JsonValue';
export const JSON_VALUE_REF = `#/components/schemas/${JSON_VALUE_SCHEMA_NAME}`;
const JSON_VALUE_SCHEMA: SchemaObject = {
  type: ['string', 'number', 'boolean', 'null', 'object', 'array'] as unknown as SchemaObject['type'],
  additionalProperties: true,
  description: 'Any JSON value (free-form: its meaning is in the description of the field that holds it).',
};

// Declares the error codes a route answers with, grouped by their HTTP status, each with an
// example. Codes every authenticated route shares (AUTH_REQUIRED, FORBIDDEN, VALIDATION_FAILED,
// RATE_LIMITED, ...) are added by finishApiDocument and need not be listed.
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = errorEntry(code).status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }

  return applyDecorators(
    ...[...byStatus].map(([status, grouped]) =>
      ApiResponse({
        status,
        description: describeCodes(grouped),
        content: { 'application/json': { schema: { $ref: ERROR_REF }, examples: errorExamples(grouped) } },
      }),
    ),
  );
}

function describeCodes(codes: ErrorCode[]): string {
  return codes.map((code) => `\`${code}\`: ${errorEntry(code).messages.en}`).join('\n\n');
}

function errorExamples(codes: ErrorCode[]) {
  return Object.fromEntries(
    codes.map((code) => [code, { summary: code, value: { error: { code, message: errorEntry(code).messages.en } } }]),
  );
}

// A cursor page of `item`: `{ items, nextCursor }` (pagination.ts). Returns a class so that it can
// be named in @ApiOkResponse({ type }); the name is the schema's name in the document.
export function PageOf<T>(
  item: Type<T>,
  name = `${item.name.replace(/Response$/, '')}Page`,
): Type<{ items: T[]; nextCursor: string | null }> {
  class PageResponse {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({
      type: 'string',
      nullable: true,
      description: 'Pass as `cursor` to get the next page; null on the last page. Opaque.',
    })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageResponse, 'name', { value: name });

  return PageResponse;
}

// Responses every operation shares, added where the route did not declare the status itself.
// Every body is read by one parser before any route (bootstrap.ts), so these can answer any request.
const BODY_ERRORS = { '413': [CommonErrorCode.PayloadTooLarge], '415': [CommonErrorCode.UnsupportedMediaType] };

function sharedResponses(auth: RouteAuth | undefined, method: string): Record<string, ErrorCode[]> {
  const shared: Record<string, ErrorCode[]> = {
    '400': [CommonErrorCode.ValidationFailed, CommonErrorCode.MalformedRequest, CommonErrorCode.RequestTooComplex],
    ...BODY_ERRORS,
    '429': [CommonErrorCode.RateLimited],
  };
  // A public route refuses a malformed or revoked Authorization header all the same (auth.guard.ts).
  shared['401'] = [auth === 'operator' ? CommonErrorCode.OperatorAuthRequired : CommonErrorCode.AuthRequired];
  if (auth === undefined) shared['403'] = [CommonErrorCode.Forbidden, CommonErrorCode.CsrfTokenInvalid];
  // Idempotency keys are kept per API key, session or operator: anonymous calls have none
  // (idempotency.interceptor.ts).
  if (method === 'post' && auth !== 'public') {
    shared['400'].push(CommonErrorCode.IdempotencyKeyInvalid);
    shared['409'] = [CommonErrorCode.IdempotencyKeyReused, CommonErrorCode.IdempotencyRequestInProgress];
  }

  return shared;
}

const SERVER_ERRORS = [CommonErrorCode.ServiceUnavailable, CommonErrorCode.Internal];

// Request headers every integrator sends, as reusable parameters.
const HEADER_PARAMETERS = {
  AcceptLanguage: {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'The language of error messages and documents made for people: kk, ru or en (default: the service setting).',
    schema: { type: 'string', example: 'kk' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Up to 255 characters. The same key and body within 24 hours replay the stored answer (with `Idempotent-Replayed: true`); ' +
      'the same key with another body is 409 `IDEMPOTENCY_KEY_REUSED`.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
  CsrfToken: {
    name: 'X-CSRF-Token',
    in: 'header',
    required: false,
    description:
      'With the cabinet session cookie only: the value of the `edo_csrf` cookie, on every request that changes something.',
    schema: { type: 'string' },
  },
} as const;

const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface ApiDocumentExtras {
  // Every error code, merged from the modules at the root (src/error-codes.ts), in published order.
  errorCodes: readonly ErrorCode[];
  webhooks?: Record<string, PathItemObject>;
  servers?: OpenAPIObject['servers'];
}

// Completes the document @nestjs/swagger built: the error object and security schemes, each
// operation's credentials and shared error responses, OpenAPI 3.1 nullability, and webhooks.
export function finishApiDocument(document: OpenAPIObject, extras: ApiDocumentExtras): OpenAPIObject {
  // A module whose codes the root does not merge would answer with codes the contract omits.
  const unmerged = definedErrorCodes().filter((code) => !extras.errorCodes.includes(code));
  if (unmerged.length > 0) throw new Error(`error codes missing from src/error-codes.ts: ${unmerged.join(', ')}`);
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    [ERROR_SCHEMA_NAME]: errorSchema(extras.errorCodes),
    [JSON_VALUE_SCHEMA_NAME]: JSON_VALUE_SCHEMA,
  };
  document.components.securitySchemes = SECURITY_SCHEMES as unknown as Record<string, never>;
  document.components.parameters = {
    ...document.components.parameters,
    ...(HEADER_PARAMETERS as unknown as Record<string, never>),
  };
  // Requests are validated with forbidNonWhitelisted and responses are built field by field, so
  // an object has exactly the fields its schema lists; the contract test holds both to that.
  for (const schema of Object.values(document.components.schemas)) closeObjectSchema(schema as SchemaObject);

  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (operation) finishOperation(operation, method);
    }
  }
  if (extras.webhooks) (document as OpenAPIObject & { webhooks?: unknown }).webhooks = extras.webhooks;
  if (extras.servers) document.servers = extras.servers;

  return toOpenApi31(document) as OpenAPIObject;
}

function finishOperation(operation: OperationObject & Record<string, unknown>, method: string) {
  const auth = operation[AUTH_EXTENSION] as RouteAuth | undefined;
  const unthrottled = operation[UNTHROTTLED_EXTENSION] === true;
  delete operation[AUTH_EXTENSION];
  delete operation[UNTHROTTLED_EXTENSION];
  if (auth === 'operator') operation.security = [{ operator: [] }];
  else if (auth === undefined) operation.security = TENANT_SECURITY;
  else operation.security = [];
  const requestContent = operation[REQUEST_CONTENT_EXTENSION] as
    Record<string, { schema: SchemaObject | ReferenceObject }> | undefined;
  delete operation[REQUEST_CONTENT_EXTENSION];
  if (requestContent) operation.requestBody = { required: true, content: requestContent };

  const shared = sharedResponses(auth, method);
  if (unthrottled) delete shared['429'];
  for (const [status, codes] of Object.entries(shared)) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    const media = existing?.content?.['application/json'];
    if (!existing) {
      operation.responses[status] = {
        description: describeCodes(codes),
        content: { 'application/json': { schema: { $ref: ERROR_REF }, examples: errorExamples(codes) } },
      };
    } else if (media?.examples) {
      // The route declared this status for codes of its own: the shared ones join them.
      const added = codes.filter((code) => !(code in media.examples!));
      if (added.length > 0) {
        existing.description = `${existing.description}\n\n${describeCodes(added)}`;
        media.examples = { ...media.examples, ...errorExamples(added) };
      }
    }
  }
  if (operation.responses['429']) (operation.responses['429'] as ResponseObject).headers ??= RETRY_AFTER_HEADER;
  // A client error is declared with its status and codes (above, and by the route's ApiErrors);
  // a server error may be any of these.
  operation.responses['5XX'] ??= {
    description: describeCodes(SERVER_ERRORS),
    headers: RETRY_AFTER_HEADER,
    content: { 'application/json': { schema: { $ref: ERROR_REF }, examples: errorExamples(SERVER_ERRORS) } },
  };
  const headers: Array<keyof typeof HEADER_PARAMETERS> = ['AcceptLanguage'];
  if (method === 'post' && auth !== 'public') headers.push('IdempotencyKey');
  if (auth === undefined && method !== 'get') headers.push('CsrfToken');
  operation.parameters = [
    ...(operation.parameters ?? []),
    ...headers.map((name) => ({ $ref: `#/components/parameters/${name}` })),
  ];
  if (operation.tags?.length === 0) delete operation.tags;
}

function closeObjectSchema(schema: SchemaObject) {
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  for (const property of Object.values(schema.properties ?? {})) closeObjectSchema(property as SchemaObject);
  if (schema.items) closeObjectSchema(schema.items as SchemaObject);
  for (const member of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
    closeObjectSchema(member as SchemaObject);
}

// @nestjs/swagger writes OpenAPI 3.0's `nullable: true`; 3.1 (JSON Schema 2020-12) spells it as a
// type list, or oneOf with null for a $ref.
function toOpenApi31(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi31);
  if (typeof node !== 'object' || node === null) return node;
  const object = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, toOpenApi31(value)])) as Record<
    string,
    unknown
  >;
  if (object.nullable === true) {
    delete object.nullable;
    // A nullable nested object (`type: () => X, nullable: true`) comes as allOf [$ref]: JSON
    // Schema's type list cannot reach into the $ref, so it is either X or null.
    const single =
      Array.isArray(object.allOf) && object.allOf.length === 1 ? (object.allOf[0] as Record<string, unknown>) : undefined;
    if (single?.$ref || typeof object.$ref === 'string') {
      const { allOf: _allOf, $ref, type: _type, ...rest } = object;

      return { ...rest, oneOf: [single ?? { $ref }, { type: 'null' }] };
    }
    if (typeof object.type === 'string') object.type = [object.type, 'null'];
    else if (Array.isArray(object.type)) object.type = [...new Set([...(object.type as string[]), 'null'])];
    else return { oneOf: [object, { type: 'null' }] };
    if (Array.isArray(object.enum)) object.enum = [...(object.enum as unknown[]), null];
  } else if (object.nullable === false) {
    delete object.nullable;
  }
  // A named enum or a described $ref comes as a one-member allOf; 3.1 allows keywords beside $ref.
  if (
    Array.isArray(object.allOf) &&
    object.allOf.length === 1 &&
    (object.allOf[0] as Record<string, unknown>).$ref &&
    !object.type
  ) {
    const { allOf, ...rest } = object;

    return { ...((allOf as unknown[])[0] as Record<string, unknown>), ...rest };
  }

  return object;
}
