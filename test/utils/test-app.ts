import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createHttpApp } from '../../src/bootstrap';
import { ManualClock } from '../../src/common/clock';
import { kzIdentifierCheckDigit } from '../../src/common/identifiers/kz-identifier';
import { JsonLogger } from '../../src/common/logging/json-logger';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { apiContractRecorder, contractViolationError, takeContractViolations } from './api-contract';

export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';

// The environment a test app runs with: the run's test database, a private data folder, quiet
// logs. External adapters (S3, Redis, SMTP) are opted into per test.
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: process.env.EDO_TEST_DATABASE_URL,
    // The embedded test server (PGlite) serves every connection from one session: named
    // prepared statements of two connections would collide there.
    ...(process.env.EDO_TEST_DATABASE_KIND === 'pglite' && { DATABASE_PREPARED_STATEMENTS: 'false' }),
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'edo-data-')),
    LOG_LEVEL: 'error',
    OPERATOR_TOKEN,
    RATE_LIMIT_PER_MINUTE: '10000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    LINK_RATE_LIMIT_PER_MINUTE: '1000',
    JOBS_POLL_INTERVAL_MS: '100',
    JOBS_BACKOFF_MS: '100',
    // Tests never reach hosts outside this machine (the NCA certificates name pki.gov.kz).
    REVOCATION_ONLINE: 'false',
    // No web cabinet unless a test builds one (web-cabinet.e2e-spec.ts): the API's own pages answer.
    WEB_UI_DIR: path.join(tmpdir(), 'edo-web-ui-not-built'),
    ...overrides,
  };
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  clock: ManualClock;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function createTestApp(
  overrides: Record<string, string | undefined> = {},
  clock = new ManualClock(new Date()),
): Promise<TestApp> {
  const config = loadConfig(testEnv(overrides));
  const app = await createHttpApp({ config, clock }, new JsonLogger(config.logLevel, () => undefined), {
    firstMiddleware: apiContractRecorder(),
  });
  await app.init();

  return { app, config, clock, http: request(app.getHttpServer()), close: () => closeCheckingContract(app) };
}

// Closes a test app and throws the contract violations no test has reported yet (those of
// beforeAll/afterAll requests).
export async function closeCheckingContract(app: INestApplication): Promise<void> {
  await app.close();
  const violations = takeContractViolations();
  if (violations.length > 0) throw contractViolationError(violations);
}

// A random 12-digit BIN with a valid check digit (the API refuses any other), so that every test
// works in its own organization; about one 11-digit start in 121 has no check digit and is drawn again.
export function randomBin(): string {
  for (;;) {
    const first11 = String(Math.floor(1e10 + Math.random() * 9e10));
    const check = kzIdentifierCheckDigit(first11);
    if (check !== undefined) return `${first11}${check}`;
  }
}

// A valid identifier made from 10 chosen digits: the 11th is the first that admits a check digit
// (its weight in the second pass is 2, so at most one in 11 values of it has none).
export function identifierStartingWith(first10: string): string {
  for (let digit = 0; digit <= 9; digit++) {
    const check = kzIdentifierCheckDigit(`${first10}${digit}`);
    if (check !== undefined) return `${first10}${digit}${check}`;
  }
  throw new RangeError(`no valid identifier starts with ${first10}`);
}

export interface TestOrganization {
  id: string;
  identifier: string;
  apiKey: string;
  mainUser: { id: string; email: string; password: string };
}

export async function createOrganization(test: TestApp, name = 'ТОО «Тест»'): Promise<TestOrganization> {
  const identifier = randomBin();
  const email = `head-${identifier}@example.kz`;
  const password = 'correct horse battery';
  const response = await test.http
    .post('/api/v1/operator/organizations')
    .set('Authorization', `Bearer ${OPERATOR_TOKEN}`)
    .send({ identifier, kind: 'legal_entity', name, mainUser: { fullName: 'Тестов Тест', email, password } })
    .expect(201);

  return {
    id: response.body.organization.id,
    identifier,
    apiKey: response.body.apiKey.secret,
    mainUser: { id: response.body.mainUser.id, email, password },
  };
}

// The secret part of an API key `edo_<prefix>_<secret>` (the secret is base64url and may itself
// hold '_'): what must never be stored or logged in plain.
export function secretPart(apiKey: string): string {
  return apiKey.split('_').slice(2).join('_');
}
