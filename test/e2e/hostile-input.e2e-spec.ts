// Hostile input must not stall the service (issue 14 §4): JSON bodies built to cost CPU or
// overflow the stack are refused cheaply with stable codes, and signature verification runs in
// a worker pool whose full queue answers 503 at once.

import request from 'supertest';
import { createHttpApp } from '../../src/bootstrap';
import { apiContractRecorder } from '../utils/api-contract';
import { ManualClock } from '../../src/common/clock';
import { JSON_LIMITS } from '../../src/common/http/json-limits';
import { JsonLogger } from '../../src/common/logging/json-logger';
import { loadConfig } from '../../src/config/app-config';
import type { RevocationFetcher } from '../../src/signing/verification/revocation-fetcher';
import { signAs } from '../utils/signature-test-app';
import { closeCheckingContract, createTestApp, TestApp, testEnv } from '../utils/test-app';

describe('hostile JSON bodies', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp({ VERIFICATION_WORKERS: '0' });
  });
  afterAll(() => test.close());

  it('refuses 90,000 unknown keys (955 KB) with 400 REQUEST_TOO_COMPLEX and a short error', async () => {
    const body = `{${Array.from({ length: 90_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    expect(body.length).toBeGreaterThan(900_000);
    const response = await test.http.post('/api/v1/verify').set('Content-Type', 'application/json').send(body).expect(400);
    expect(response.body.error).toMatchObject({
      code: 'REQUEST_TOO_COMPLEX',
      details: { limit: 'membersPerObject', max: JSON_LIMITS.membersPerObject },
    });
    expect(JSON.stringify(response.body).length).toBeLessThan(1000);
  });

  it('lists at most ten unknown fields when a body has fewer keys than the limit', async () => {
    const keys = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`unknown${i}`, i]));
    const response = await test.http
      .post('/api/v1/verify')
      .send({ cms: 'MA==', ...keys })
      .expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.fields).toHaveLength(10);
    expect(response.body.error.details.moreFields).toBe(190);
  });

  it('refuses deep nesting with 400 REQUEST_TOO_COMPLEX, not 500', async () => {
    const body = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const response = await test.http.post('/api/v1/verify').set('Content-Type', 'application/json').send(body).expect(400);
    expect(response.body.error).toMatchObject({ code: 'REQUEST_TOO_COMPLEX', details: { limit: 'depth' } });

    const nested = `{"cms":"MA==","policy":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    const inObjects = await test.http.post('/api/v1/verify').set('Content-Type', 'application/json').send(nested).expect(400);
    expect(inObjects.body.error.code).toBe('REQUEST_TOO_COMPLEX');
  });

  it.each([
    ['ru', 'Неподдерживаемый тип содержимого или кодировка: отправьте JSON в UTF-8.'],
    ['kk', 'Мазмұн түрі немесе кодтауы қолдау көрсетілмейді: JSON-ды UTF-8 кодтауында жіберіңіз.'],
    ['en', 'Unsupported content type or charset: send JSON in UTF-8.'],
  ])('answers a JSON body in koi8-r with 415 UNSUPPORTED_MEDIA_TYPE (%s)', async (language, message) => {
    const response = await test.http
      .post('/api/v1/verify')
      .set('Content-Type', 'application/json; charset=koi8-r')
      .set('Accept-Language', language)
      .send('{"cms":"MA=="}')
      .expect(415);
    expect(response.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message });
  });

  it('answers malformed JSON with 400 MALFORMED_REQUEST', async () => {
    const response = await test.http.post('/api/v1/verify').set('Content-Type', 'application/json').send('{"cms":').expect(400);
    expect(response.body.error.code).toBe('MALFORMED_REQUEST');
  });
});

describe('verification worker pool', () => {
  // OCSP requests wait here until the test lets them go (then fail: revocation unknown).
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let fetches = 0;
  const blockingFetcher: RevocationFetcher = {
    async fetch() {
      fetches++;
      await gate;
      throw new Error('responder unavailable');
    },
  };
  let app: Awaited<ReturnType<typeof createHttpApp>>;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    const config = loadConfig(
      testEnv({ REVOCATION_ONLINE: 'true', TRUST_STORES: 'test-pki', VERIFICATION_WORKERS: '1', VERIFICATION_QUEUE_LIMIT: '1' }),
    );
    app = await createHttpApp(
      { config, clock: new ManualClock(new Date()), revocationFetcher: blockingFetcher },
      new JsonLogger(config.logLevel, () => undefined),
      { firstMiddleware: apiContractRecorder() },
    );
    await app.init();
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    release();
    await closeCheckingContract(app);
  });

  it('answers 503 VERIFICATION_BUSY with Retry-After when the workers and the queue are full, and verifies the rest', async () => {
    const cms = await signAs('rsa/individual-sign', 'hostile-input pool test', { detached: false });
    const verify = () => http.post('/api/v1/verify').send({ cms, policy: { revocation: 'require' } });
    // One worker takes four verifications at once (each waits for its OCSP answer); one more waits in the queue.
    const admitted = Array.from({ length: 5 }, () => verify().then((response) => response));
    for (let waited = 0; fetches < 4 && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetches).toBeGreaterThanOrEqual(4);

    const refused = await verify().expect(503);
    expect(refused.body.error).toMatchObject({ code: 'VERIFICATION_BUSY', details: { retryAfterSeconds: 2 } });
    expect(refused.headers['retry-after']).toBe('2');

    release();
    const answers = await Promise.all(admitted);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    }
    // The pool takes work again once the queue has room.
    await verify().expect(200);
  });
});
