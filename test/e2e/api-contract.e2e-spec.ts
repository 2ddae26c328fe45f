import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createHttpApp } from '../../src/bootstrap';
import { METADATA_FIELDS } from '../../src/documents/upload';
import { FILE_PARTS, TEXT_PARTS } from '../../src/signing/api/verify-multipart';
import { ManualClock } from '../../src/common/clock';
import { JsonLogger } from '../../src/common/logging/json-logger';
import { loadConfig } from '../../src/config/app-config';
import {
  API_DOCUMENT_PATH,
  ApiContract,
  apiContractRecorder,
  RecordedExchange,
  takeContractViolations,
} from '../utils/api-contract';
import { createTestApp, TestApp, testEnv } from '../utils/test-app';

// The contract test's own checks: the served document is the committed one, and the checker that
// every e2e spec runs through (test/utils/api-contract.ts) really refuses what breaks the contract.
describe('the API contract', () => {
  let test: TestApp;
  let contract: ApiContract;
  beforeAll(async () => {
    test = await createTestApp();
    contract = ApiContract.load();
  });
  afterAll(() => test.close());

  it('is served at /api/openapi.json exactly as committed in openapi/openapi.json (run `npm run openapi` after changing a route)', async () => {
    const served = (await test.http.get('/api/openapi.json').expect(200)).body as Record<string, unknown>;
    const committed = JSON.parse(readFileSync(API_DOCUMENT_PATH, 'utf8')) as Record<string, unknown>;
    expect(served.servers).toEqual([{ url: test.config.http.publicUrl }]);
    expect({ ...served, servers: undefined }).toEqual({ ...committed, servers: undefined });
  });

  const notFound = async (): Promise<RecordedExchange> => {
    const response = await test.http
      .get(`/api/v1/documents/${randomUUID()}`)
      .set('Authorization', 'Bearer edo_nope_nope')
      .expect(401);

    return {
      method: 'GET',
      url: `/api/v1/documents/${randomUUID()}`,
      status: 401,
      responseContentType: response.headers['content-type'],
      responseBody: Buffer.from(JSON.stringify(response.body)),
    };
  };
  const withBody = (exchange: RecordedExchange, body: unknown): RecordedExchange => ({
    ...exchange,
    responseBody: Buffer.from(JSON.stringify(body)),
  });

  it('accepts a real answer as it came', async () => {
    expect(contract.check(await notFound())).toEqual([]);
  });

  it('refuses a response body with a field the schema does not list, a wrong enum value or a missing field', async () => {
    const real = await notFound();
    const body = JSON.parse(real.responseBody.toString()) as { error: Record<string, unknown> };
    expect(contract.check(withBody(real, { error: { ...body.error, hint: 'x' } })).join('\n')).toMatch(
      /additional properties \(hint\)/,
    );
    expect(contract.check(withBody(real, { error: { ...body.error, code: 'NO_SUCH_CODE' } })).join('\n')).toMatch(
      /\/error\/code must be equal to one of the allowed values/,
    );
    expect(contract.check(withBody(real, { message: 'no error object' })).join('\n')).toMatch(
      /must have required property 'error'/,
    );
  });

  it('refuses an error code the operation does not declare for that status, and a client error status it does not declare', async () => {
    const real = await notFound();
    const body = JSON.parse(real.responseBody.toString()) as { error: Record<string, unknown> };
    // DOCUMENT_ANNULLED is a real code of the catalog, but not one this route answers with 401.
    expect(contract.check(withBody(real, { error: { ...body.error, code: 'DOCUMENT_ANNULLED' } })).join('\n')).toMatch(
      /error code DOCUMENT_ANNULLED is not declared for 401/,
    );
    expect(contract.check({ ...real, url: '/api/v1/ui-config', status: 404 }).join('\n')).toMatch(/status 404 is not declared/);
  });

  it('refuses a 2xx without the body its operation declares, and a 2xx without credentials on an operation that requires them', () => {
    const me = { method: 'GET', url: '/api/v1/auth/me', status: 200, responseBody: Buffer.alloc(0), withCredentials: true };
    expect(contract.check(me).join('\n')).toMatch(/status 200 declares a body \(application\/json\) but none came/);
    const anonymous = {
      method: 'POST',
      url: '/api/v1/auth/logout',
      status: 204,
      responseBody: Buffer.alloc(0),
      withCredentials: false,
    };
    expect(contract.check(anonymous).join('\n')).toMatch(/answered 2xx to a request without credentials/);
  });

  it('refuses an undeclared status, an undeclared media type and an operation the contract does not have', async () => {
    const real = await notFound();
    expect(contract.check({ ...real, status: 302 }).join('\n')).toMatch(/status 302 is not declared/);
    expect(contract.check({ ...real, responseContentType: 'text/html' }).join('\n')).toMatch(
      /media type text\/html is not declared/,
    );
    expect(contract.check({ ...real, method: 'PUT', status: 200 }).join('\n')).toMatch(/the contract has no operation PUT/);
    // An unknown route answered as such is not a violation: it is what the API says of any path.
    const unknown = await test.http.get('/api/v1/no-such-route').expect(404);
    expect(
      contract.check({
        method: 'GET',
        url: '/api/v1/no-such-route',
        status: 404,
        responseContentType: unknown.headers['content-type'],
        responseBody: Buffer.from(JSON.stringify(unknown.body)),
      }),
    ).toEqual([]);
  });

  it('refuses a 2xx to a request the contract does not allow: a JSON body or a query parameter it does not declare', () => {
    const created = { method: 'POST', url: '/api/v1/auth/logout', status: 204, responseBody: Buffer.alloc(0) };
    expect(contract.check(created)).toEqual([]);
    expect(
      contract.check({ ...created, requestContentType: 'application/json', requestBody: { surprise: true } }).join('\n'),
    ).toMatch(/request has a JSON body but the operation declares none/);
    expect(contract.check({ ...created, url: '/api/v1/auth/logout?verbose=1' }).join('\n')).toMatch(
      /request has the undeclared query parameter verbose/,
    );
  });

  it('fails the test whose traffic broke the contract: a deliberately wrong response of a running app is reported', async () => {
    // A fixture that corrupts one answer on its way out, behind the recorder, as a wrong
    // controller would: the error code becomes one the contract does not know.
    const recorder = apiContractRecorder();
    const corrupter: RequestHandler = (_request, response, next) => {
      const end = response.end.bind(response) as (...args: unknown[]) => typeof response;
      response.end = ((chunk?: unknown, ...rest: unknown[]) => {
        const text = Buffer.isBuffer(chunk) ? chunk.toString() : typeof chunk === 'string' ? chunk : undefined;
        const corrupted = text?.replace('"AUTH_REQUIRED"', '"AUTH_MISSING"');
        if (corrupted !== undefined) response.setHeader('content-length', Buffer.byteLength(corrupted));

        return end(corrupted ?? chunk, ...rest);
      }) as typeof response.end;
      next();
    };
    const config = loadConfig(testEnv());
    const app = await createHttpApp(
      { config, clock: new ManualClock(new Date()) },
      new JsonLogger(config.logLevel, () => undefined),
      {
        firstMiddleware: (incoming, outgoing, next) => recorder(incoming, outgoing, () => corrupter(incoming, outgoing, next)),
      },
    );
    await app.init();
    // Reported to the test, also in a survey run that would otherwise list them in its file.
    const surveyFile = process.env.EDO_CONTRACT_VIOLATIONS_FILE;
    delete process.env.EDO_CONTRACT_VIOLATIONS_FILE;
    try {
      takeContractViolations();
      const response = await request(app.getHttpServer()).get(`/api/v1/documents/${randomUUID()}`).expect(401);
      expect(response.body.error.code).toBe('AUTH_MISSING');
      const violations = takeContractViolations();
      expect(violations).toHaveLength(2);
      expect(violations[1]).toMatch(/error code AUTH_MISSING is not declared for 401/);
      expect(violations[0]).toMatch(
        /GET \/api\/v1\/documents\/\S+ → 401 .*response body \/error\/code must be equal to one of the allowed values/,
      );
    } finally {
      if (surveyFile !== undefined) process.env.EDO_CONTRACT_VIOLATIONS_FILE = surveyFile;
      await app.close();
    }
  });
});

// What Redocly's rules (openapi/redocly.yaml) cannot say: that each operation says what it answers.
describe('the published document', () => {
  const document = JSON.parse(readFileSync(API_DOCUMENT_PATH, 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  interface Schema {
    type?: string | string[];
    properties?: Record<string, Schema>;
    additionalProperties?: boolean | Schema;
    items?: Schema;
    allOf?: Schema[];
    oneOf?: Schema[];
    anyOf?: Schema[];
    $ref?: string;
    description?: string;
  }
  interface Operation {
    summary?: string;
    parameters?: Array<{ name: string; in: string; schema?: Schema }>;
    requestBody?: { content: Record<string, { schema?: Schema }> };
    responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  }
  const operations = Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${template}`, operation })),
  );

  // An object that lists no fields and allows none, or allows any without saying what: the contract
  // would say nothing.
  function emptyObjects(schema: Schema | undefined, at: string): string[] {
    if (!schema || schema.$ref) return [];
    const found: string[] = [];
    const isObject = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object'));
    const listsFields = schema.properties && Object.keys(schema.properties).length > 0;
    // A deliberately open object (additionalProperties: true) must say what it holds.
    const describedOpenMap = schema.additionalProperties === true && Boolean(schema.description);
    if (isObject && !listsFields && typeof schema.additionalProperties !== 'object' && !describedOpenMap) found.push(at);
    for (const [name, property] of Object.entries(schema.properties ?? {}))
      found.push(...emptyObjects(property, `${at}/${name}`));
    found.push(...emptyObjects(schema.items, `${at}[]`));
    if (typeof schema.additionalProperties === 'object') found.push(...emptyObjects(schema.additionalProperties, `${at}{}`));
    for (const member of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
      found.push(...emptyObjects(member, at));

    return found;
  }

  it('has a summary, a 2xx with its body (or 204) and typed parameters for every operation', () => {
    const problems = operations.flatMap(({ name, operation }) => {
      const own: string[] = [];
      if (!operation.summary) own.push(`${name}: no summary`);
      const successes = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (successes.length === 0) own.push(`${name}: no 2xx response`);
      for (const [status, response] of successes) {
        if (status === '204') continue;
        const media = Object.entries(response.content ?? {});
        if (media.length === 0) own.push(`${name}: ${status} has no body`);
        for (const [type, { schema }] of media) if (!schema) own.push(`${name}: ${status} ${type} has no schema`);
      }
      for (const parameter of operation.parameters ?? []) {
        if ('$ref' in parameter) continue; // a shared header (components.parameters)
        if (!parameter.schema?.type && !parameter.schema?.$ref) own.push(`${name}: parameter ${parameter.name} has no type`);
      }

      return own;
    });
    expect(problems).toEqual([]);
  });

  it('documents the multipart bodies with exactly the parts their parsers take (upload, verify)', () => {
    const multipart = (route: string) => {
      const schema = document.paths[route].post.requestBody!.content['multipart/form-data'].schema!;
      const resolved = schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema;

      return Object.keys(resolved.properties ?? {}).sort();
    };
    expect(multipart('/api/v1/documents')).toEqual([...METADATA_FIELDS, 'file'].sort());
    expect(multipart('/api/v1/verify')).toEqual([...new Set([...FILE_PARTS, ...TEXT_PARTS])].sort());
  });

  it('has no object schema that lists no fields (request bodies, responses, components)', () => {
    const problems = [
      ...Object.entries(document.components.schemas).flatMap(([name, schema]) => emptyObjects(schema, name)),
      ...operations.flatMap(({ name, operation }) => [
        ...Object.values(operation.requestBody?.content ?? {}).flatMap(({ schema }) => emptyObjects(schema, `${name} request`)),
        ...Object.entries(operation.responses).flatMap(([status, response]) =>
          Object.values(response.content ?? {}).flatMap(({ schema }) => emptyObjects(schema, `${name} ${status}`)),
        ),
      ]),
    ];
    expect(problems).toEqual([]);
  });
});
