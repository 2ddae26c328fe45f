import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { RequestHandler } from 'express';
import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

// The contract test: every request and response that the e2e suite's test apps exchange is checked
// against the published contract, openapi/openapi.json, so the contract cannot drift from the code.
// A 2xx answer must have come from a request the contract allows (body, path and query parameters),
// and every answer must be one the operation declares: its status, its media type and, for JSON,
// its body (object schemas are closed: an unknown field is a violation). A request the contract
// refuses may get any documented 4xx (hostile-input tests send them on purpose).
//
// Violations are collected here and thrown by the afterEach of test/setup/api-contract.ts, so the
// test whose traffic broke the contract fails; TestApp.close() throws what is left (beforeAll/afterAll).

export const API_DOCUMENT_PATH = path.resolve(__dirname, '../../openapi/openapi.json');

type Json = Record<string, unknown>;

export interface RecordedExchange {
  method: string;
  url: string;
  status: number;
  requestContentType?: string;
  requestBody?: unknown;
  responseContentType?: string;
  responseBody: Buffer;
  // The request carried an Authorization header or a session cookie.
  withCredentials?: boolean;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  parameterNames: string[];
  operation: Json;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export class ApiContract {
  private readonly operations: Operation[];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly coercingAjv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: 'array', validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    for (const ajv of [this.ajv, this.coercingAjv]) {
      addFormats(ajv);
      ajv.addSchema({ $id: 'api', components: document.components }, 'api');
    }
    this.operations = [];
    for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method] as Json | undefined;
        if (!operation) continue;
        const parameterNames: string[] = [];
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const parameter = /^\{([^}]+)\}$/.exec(part);
            if (!parameter) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            parameterNames.push(parameter[1]);

            return '([^/]+)';
          })
          .join('');
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          parameterNames,
          operation,
        });
      }
    }
    // A literal segment wins over a parameter (/documents/counters before /documents/{id}).
    this.operations.sort((a, b) => a.parameterNames.length - b.parameterNames.length);
  }

  static load(file = API_DOCUMENT_PATH): ApiContract {
    return new ApiContract(JSON.parse(readFileSync(file, 'utf8')) as Json);
  }

  // The operation an exchange addressed, or undefined when the path is not part of the API.
  find(method: string, pathname: string): { operation: Operation; parameters: Record<string, string> } | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const match = operation.pattern.exec(pathname);
      if (match) {
        const parameters = Object.fromEntries(
          operation.parameterNames.map((name, index) => [name, safeDecode(match[index + 1])]),
        );

        return { operation, parameters };
      }
    }

    return undefined;
  }

  // Violations of the contract by one exchange; empty when it kept to it.
  check(exchange: RecordedExchange): string[] {
    const url = new URL(exchange.url, 'http://contract.local');
    if (!isApiPath(url.pathname)) return [];
    const label = `${exchange.method} ${url.pathname} → ${exchange.status}`;
    const found = this.find(exchange.method, url.pathname);
    if (!found) {
      const body = parseJson(exchange.responseBody);
      const routeNotFound =
        exchange.status === 404 && (body as { error?: { code?: string } } | undefined)?.error?.code === 'ROUTE_NOT_FOUND';
      if (routeNotFound || exchange.status === 405) return [];

      return [`${label}: the contract has no operation ${exchange.method} ${url.pathname}`];
    }
    const { operation, parameters } = found;
    const where = `${label} (${operation.method} ${operation.template})`;
    const violations = this.checkResponse(operation, exchange).map((problem) => `${where}: ${problem}`);
    const security = operation.operation.security as unknown[] | undefined;
    if (exchange.status >= 200 && exchange.status < 300 && exchange.withCredentials === false && security?.length) {
      violations.push(`${where}: answered 2xx to a request without credentials, though the operation requires them`);
    }
    if (exchange.status >= 200 && exchange.status < 300) {
      violations.push(
        ...this.checkRequest(operation, parameters, url, exchange).map((problem) => `${where}: request ${problem}`),
      );
    }

    return violations;
  }

  private checkResponse({ operation, method, template }: Operation, exchange: RecordedExchange): string[] {
    const responses = operation.responses as Record<string, Json>;
    const status = String(exchange.status);
    // An error must be declared with its exact status (and code, below); only server errors may
    // fall to 5XX.
    const candidates =
      exchange.status >= 500 ? [status, '5XX', 'default'] : exchange.status >= 400 ? [status] : [status, `${status[0]}XX`, 'default'];
    const key = candidates.find((candidate) => responses[candidate]);
    if (!key) return [`status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`];
    const content = responses[key].content as Record<string, Json> | undefined;
    const mediaType = exchange.responseContentType?.split(';')[0].trim().toLowerCase();
    if (!content) {
      return exchange.responseBody.length > 0 && exchange.status !== 204 && mediaType === 'application/json'
        ? [`status ${status} declares no body but a JSON body came`]
        : [];
    }
    if (!mediaType) {
      if (exchange.responseBody.length > 0) return ['a body came without Content-Type'];

      return exchange.method === 'HEAD' ? [] : [`status ${status} declares a body (${Object.keys(content).join(', ')}) but none came`];
    }
    const declared = Object.keys(content).find((candidate) => mediaTypeMatches(candidate, mediaType));
    if (!declared)
      return [`media type ${mediaType} is not declared for ${status} (declared: ${Object.keys(content).join(', ')})`];
    if (!isJson(mediaType)) return [];
    const body = parseJson(exchange.responseBody);
    if (body === undefined) return ['the JSON body does not parse'];
    const schemaPointer = ['paths', template, method.toLowerCase(), 'responses', key, 'content', declared, 'schema'];
    const problems = this.validate(this.ajv, schemaPointer, content[declared].schema as Json, body, 'response body');
    // Error responses name their codes as the keys of their examples (ApiErrors, finishApiDocument).
    const examples = content[declared].examples as Json | undefined;
    const code = (body as { error?: { code?: unknown } }).error?.code;
    if (exchange.status >= 400 && examples && typeof code === 'string' && !(code in examples)) {
      problems.push(`error code ${code} is not declared for ${key} (declared: ${Object.keys(examples).join(', ')})`);
    }

    return problems;
  }

  private checkRequest(
    { operation, method, template }: Operation,
    pathParameters: Record<string, string>,
    url: URL,
    exchange: RecordedExchange,
  ): string[] {
    const problems: string[] = [];
    const declared = (operation.parameters ?? []) as Array<{ name: string; in: string; required?: boolean; schema?: Json }>;
    for (const parameter of declared) {
      const pointer = ['paths', template, method.toLowerCase(), 'parameters', parameter.name];
      if (parameter.in === 'path') {
        problems.push(
          ...this.validateParameter(
            pointer,
            parameter.schema,
            pathParameters[parameter.name],
            `path parameter ${parameter.name}`,
          ),
        );
      } else if (parameter.in === 'query') {
        const values = url.searchParams.getAll(parameter.name);
        if (values.length === 0) {
          if (parameter.required) problems.push(`misses the required query parameter ${parameter.name}`);
          continue;
        }
        const isArray = (parameter.schema as { type?: unknown } | undefined)?.type === 'array';
        if (!isArray && values.length > 1) problems.push(`repeats the single-valued query parameter ${parameter.name}`);
        const value = isArray ? values : values[0];
        problems.push(...this.validateParameter(pointer, parameter.schema, value, `query parameter ${parameter.name}`));
      }
    }
    const known = new Set(declared.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
    for (const name of new Set(url.searchParams.keys())) {
      if (!known.has(name)) problems.push(`has the undeclared query parameter ${name}`);
    }

    const requestBody = operation.requestBody as { required?: boolean; content?: Record<string, Json> } | undefined;
    const mediaType = exchange.requestContentType?.split(';')[0].trim().toLowerCase();
    const hasBody =
      exchange.requestBody !== undefined &&
      !(isPlainObject(exchange.requestBody) && Object.keys(exchange.requestBody).length === 0);
    if (!requestBody) {
      if (hasBody && mediaType && isJson(mediaType)) problems.push('has a JSON body but the operation declares none');

      return problems;
    }
    if (!mediaType) {
      if (requestBody.required) problems.push('misses its required body');

      return problems;
    }
    const declaredType = Object.keys(requestBody.content ?? {}).find((candidate) => mediaTypeMatches(candidate, mediaType));
    if (!declaredType) {
      problems.push(`media type ${mediaType} is not declared (declared: ${Object.keys(requestBody.content ?? {}).join(', ')})`);

      return problems;
    }
    // Multipart bodies stream past the body parser: their fields are checked by the route itself.
    if (!isJson(mediaType)) return problems;
    const schemaPointer = ['paths', template, method.toLowerCase(), 'requestBody', 'content', declaredType, 'schema'];
    problems.push(
      ...this.validate(
        this.ajv,
        schemaPointer,
        requestBody.content![declaredType].schema as Json,
        exchange.requestBody ?? {},
        'body',
      ),
    );

    return problems;
  }

  private validateParameter(pointer: string[], schema: Json | undefined, value: unknown, label: string): string[] {
    if (!schema) return [];
    const holder = { value };

    return this.validate(this.coercingAjv, pointer, { type: 'object', properties: { value: schema } }, holder, label);
  }

  private validate(ajv: Ajv2020, pointer: string[], schema: Json, value: unknown, label: string): string[] {
    const key = `${ajv === this.ajv ? 'plain' : 'coercing'}:${pointer.join('\u0000')}`;
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = ajv.compile(rebaseReferences(schema) as Json);
      this.compiled.set(key, validator);
    }
    if (validator(value)) return [];

    return (validator.errors ?? []).slice(0, 5).map((error) => {
      const at = error.instancePath || '/';
      const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';

      return `${label} ${at} ${error.message ?? error.keyword}${extra}`;
    });
  }
}

// Component references point into the schema registered as 'api'.
function rebaseReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebaseReferences);
  if (!isPlainObject(node)) return node;

  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `api${value}` : rebaseReferences(value),
    ]),
  );
}

function isApiPath(pathname: string): boolean {
  return pathname.startsWith('/api/v1/') || pathname === '/health';
}

function mediaTypeMatches(declared: string, actual: string): boolean {
  if (declared === '*/*') return true;
  if (declared.endsWith('/*')) return actual.startsWith(declared.slice(0, -1));

  return declared.toLowerCase() === actual;
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// --- recording the test apps' traffic

// Bodies beyond this are not kept (file downloads); their media type is still checked.
const CAPTURE_LIMIT = 4 * 1024 * 1024;

let contract: ApiContract | undefined;
const pending: string[] = [];

// Express middleware for createHttpApp's firstMiddleware: records each exchange and checks it when
// the response has been handed over.
export function apiContractRecorder(): RequestHandler {
  contract ??= ApiContract.load();
  const checker = contract;

  return (request, response, next) => {
    const chunks: Buffer[] = [];
    let captured = 0;
    const capture = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || captured > CAPTURE_LIMIT) return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      captured += buffer.length;
      if (captured <= CAPTURE_LIMIT) chunks.push(buffer);
    };
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => typeof response;
    response.write = ((...args: unknown[]) => {
      capture(args[0], args[1]);

      return write(...args);
    }) as typeof response.write;
    response.end = ((...args: unknown[]) => {
      capture(args[0], args[1]);

      return end(...args);
    }) as typeof response.end;
    response.on('finish', () => {
      const exchange: RecordedExchange = {
        method: request.method,
        url: request.originalUrl,
        status: response.statusCode,
        requestContentType: request.headers['content-type'],
        requestBody: (request as { body?: unknown }).body,
        responseContentType: response.getHeader('content-type') as string | undefined,
        responseBody: captured > CAPTURE_LIMIT ? Buffer.alloc(0) : Buffer.concat(chunks),
        withCredentials: Boolean(request.headers.authorization) || /(?:^|;\s*)edo_session=/.test(request.headers.cookie ?? ''),
      };
      if (captured > CAPTURE_LIMIT && isJson(String(exchange.responseContentType ?? '').split(';')[0])) {
        pending.push(`${exchange.method} ${exchange.url}: a JSON response over ${CAPTURE_LIMIT} bytes was not checked`);
      }
      const violations = checker.check(exchange);
      collect(violations);
      recordCoverage(checker, exchange, violations.length === 0);
    });
    next();
  };
}

// EDO_CONTRACT_VIOLATIONS_FILE: a survey run that lists every violation with its test in that file
// instead of failing the tests (to fix a batch of schemas at once).
function collect(violations: string[]) {
  const file = process.env.EDO_CONTRACT_VIOLATIONS_FILE;
  if (!file) {
    pending.push(...violations);

    return;
  }
  const state = (globalThis as { expect?: { getState(): { testPath?: string; currentTestName?: string } } }).expect?.getState();
  const test = `${path.basename(state?.testPath ?? '?')} › ${state?.currentTestName ?? '(hook)'}`;
  for (const violation of violations) appendFileSync(file, `${test}\t${violation}\n`);
}

// The violations seen since the last call.
export function takeContractViolations(): string[] {
  return pending.splice(0, pending.length);
}

export function contractViolationError(violations: string[]): Error {
  return new Error(
    `The API broke its contract (openapi/openapi.json) ${violations.length} time(s):\n- ${violations.join('\n- ')}\n` +
      'Fix the code, or the decorators and then `npm run openapi`.',
  );
}

// Which operations the suite answered with a 2xx that kept to the contract, one line per exchange,
// for the end-of-run summary (test/setup/global-teardown.ts).
function recordCoverage(checker: ApiContract, exchange: RecordedExchange, kept: boolean) {
  const file = process.env.EDO_CONTRACT_COVERAGE_FILE;
  if (!file || !kept || exchange.status < 200 || exchange.status >= 300) return;
  const pathname = new URL(exchange.url, 'http://contract.local').pathname;
  const found = checker.find(exchange.method, pathname);
  if (found) appendFileSync(file, `${found.operation.method} ${found.operation.template}\n`);
}
