// Hostile input must not stall the service (issue 14 §4): JSON bodies built to cost CPU or
// overflow the stack are refused cheaply with stable codes, and signature verification runs in
// a worker pool whose full queue answers 503 at once.

import { JSON_LIMITS } from '../../src/common/http/json-limits';
import { createTestApp, TestApp } from '../utils/test-app';

describe('hostile JSON bodies', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
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
