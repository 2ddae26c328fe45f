import { DataSource } from 'typeorm';
import { requestFingerprint } from '../../src/common/idempotency/idempotency.interceptor';
import { createOrganization, createTestApp, secretPart, TestApp, TestOrganization } from '../utils/test-app';

const LIMITED = { documents: 'read', signing: 'none', billing: 'none', administration: 'none' };

describe('API conventions: errors, validation, idempotency, audit, headers', () => {
  let test: TestApp;
  let org: TestOrganization;
  const auth = () => ({ Authorization: `Bearer ${org.apiKey}` });

  beforeAll(async () => {
    test = await createTestApp();
    org = await createOrganization(test);
  });
  afterAll(() => test.close());

  describe('error format', () => {
    it.each([
      ['kk', 'Мұндай API әдісі жоқ.'],
      ['ru', 'Такого метода API нет.'],
      ['en', 'There is no such API method.'],
      ['en-US,en;q=0.9', 'There is no such API method.'],
      ['de-DE, kk;q=0.5, ru;q=0.4', 'Мұндай API әдісі жоқ.'],
    ])('answers an unknown route in the Accept-Language %s', async (language, message) => {
      const response = await test.http.get('/api/v1/no-such-thing').set('Accept-Language', language).expect(404);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.body).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message, requestId: expect.any(String) } });
    });

    it('uses the default language (ru) when none is acceptable', async () => {
      const response = await test.http.get('/api/v1/users').set('Accept-Language', 'fr').expect(401);
      expect(response.body.error).toMatchObject({ code: 'AUTH_REQUIRED', message: 'Войдите в систему или передайте API-ключ.' });
    });

    it('lists every invalid field, rejects unknown fields, and never leaks a stack trace', async () => {
      const response = await test.http
        .post('/api/v1/users')
        .set(auth())
        .set('Accept-Language', 'en')
        .send({ fullName: 'X', email: 'not-an-email', rights: { documents: 'root' }, isAdmin: true })
        .expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.message).toBe('The request contains invalid fields.');
      const fields = response.body.error.details.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['fullName', 'email', 'rights.documents', 'rights.signing', 'isAdmin']));
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    });

    it('answers malformed JSON with a 400 of its own', async () => {
      const response = await test.http
        .post('/api/v1/api-keys')
        .set(auth())
        .set('Content-Type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(response.body.error.code).toBe('MALFORMED_REQUEST');
    });

    it('rejects a malformed id in the path as a validation error', async () => {
      const response = await test.http.get('/api/v1/users/not-a-uuid').set(auth()).expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('Idempotency-Key', () => {
    const body = (name: string) => ({
      fullName: 'Идемпотент Тест',
      email: `${name}-${org.identifier}@example.kz`,
      rights: LIMITED,
    });

    it('stores the first response and replays it for the same key and body; one user is created', async () => {
      const first = await test.http
        .post('/api/v1/users')
        .set(auth())
        .set('Idempotency-Key', 'create-1')
        .send(body('idem'))
        .expect(201);
      const again = await test.http
        .post('/api/v1/users')
        .set(auth())
        .set('Idempotency-Key', 'create-1')
        .send(body('idem'))
        .expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const users = await test.http.get('/api/v1/users').query({ limit: 200 }).set(auth()).expect(200);
      expect(users.body.items.filter((u: { email: string }) => u.email === `idem-${org.identifier}@example.kz`)).toHaveLength(1);
    });

    it('stores the response of a new API key sealed: its secret is nowhere in the record, and the replay shows it again', async () => {
      const create = () =>
        test.http
          .post('/api/v1/api-keys')
          .set(auth())
          .set('Idempotency-Key', 'sealed-key-1')
          .send({ name: 'sealed' })
          .expect(201);
      const first = await create();
      expect(first.body.secret).toEqual(expect.any(String));
      const [record] = await test.app.get(DataSource).query(`SELECT * FROM idempotency_records WHERE key = $1`, ['sealed-key-1']);
      expect(record.state).toBe('completed');
      expect(Object.keys(record.responseBody)).toEqual(['sealed']);
      const stored = JSON.stringify(record);
      expect(stored).not.toContain(first.body.secret);
      expect(stored).not.toContain(secretPart(first.body.secret));
      const again = await create();
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);

      // A sealed answer copied onto another principal's record with the same key does not replay there.
      const other = await createOrganization(test);
      const { body: me } = await test.http
        .get('/api/v1/auth/me')
        .set({ Authorization: `Bearer ${other.apiKey}` })
        .expect(200);
      await test.app.get(DataSource).query(
        `INSERT INTO idempotency_records (scope, key, "requestHash", state, "responseStatus", "responseBody", "createdAt", "expiresAt")
         VALUES ($1, $2, $3, 'completed', 201, $4, $5, $6)`,
        [
          `api_key:${me.apiKeyId}`,
          'sealed-key-1',
          record.requestHash,
          JSON.stringify(record.responseBody),
          test.clock.now(),
          new Date(test.clock.now().getTime() + 3_600_000),
        ],
      );
      const moved = await test.http
        .post('/api/v1/api-keys')
        .set({ Authorization: `Bearer ${other.apiKey}` })
        .set('Idempotency-Key', 'sealed-key-1')
        .send({ name: 'sealed' })
        .expect(500);
      expect(JSON.stringify(moved.body)).not.toContain(first.body.secret);
    });

    it('replays an answer stored plain before answers were sealed', async () => {
      const { body: me } = await test.http.get('/api/v1/auth/me').set(auth()).expect(200);
      // A real answer of this route (the replay is checked against the API contract too), kept
      // plain as answers were before they were sealed.
      const { body: legacy } = await test.http.post('/api/v1/api-keys').set(auth()).send({ name: 'legacy' }).expect(201);
      await test.app.get(DataSource).query(
        `INSERT INTO idempotency_records (scope, key, "requestHash", state, "responseStatus", "responseBody", "createdAt", "expiresAt")
         VALUES ($1, 'legacy-1', $2, 'completed', 201, $3, $4, $5)`,
        [
          `api_key:${me.apiKeyId}`,
          requestFingerprint('POST', '/api/v1/api-keys', { name: 'legacy' }),
          JSON.stringify(legacy),
          test.clock.now(),
          new Date(test.clock.now().getTime() + 3_600_000),
        ],
      );
      const replayed = await test.http
        .post('/api/v1/api-keys')
        .set(auth())
        .set('Idempotency-Key', 'legacy-1')
        .send({ name: 'legacy' })
        .expect(201);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.body).toEqual(legacy);
    });

    it('treats the same body with its fields in another order as the same request', async () => {
      const { fullName, email, rights } = body('order');
      const first = await test.http
        .post('/api/v1/users')
        .set(auth())
        .set('Idempotency-Key', 'order-1')
        .send({ fullName, email, rights })
        .expect(201);
      const again = await test.http
        .post('/api/v1/users')
        .set(auth())
        .set('Idempotency-Key', 'order-1')
        .send({ rights, email, fullName })
        .expect(201);
      expect(again.body.id).toBe(first.body.id);
    });

    it('refuses the same key with a different body (409)', async () => {
      await test.http.post('/api/v1/users').set(auth()).set('Idempotency-Key', 'create-2').send(body('a')).expect(201);
      const conflict = await test.http
        .post('/api/v1/users')
        .set(auth())
        .set('Idempotency-Key', 'create-2')
        .send(body('b'))
        .expect(409);
      expect(conflict.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('lets a request that failed be retried with the same key', async () => {
      const invalid = {
        ...body('retry'),
        rights: { ...LIMITED, administration: 'write', documents: 'write', signing: 'write', billing: 'write' },
      };
      const limited = await test.http
        .post('/api/v1/api-keys')
        .set(auth())
        .send({ name: 'limited', rights: { ...LIMITED, administration: 'write' } })
        .expect(201);
      await test.http
        .post('/api/v1/users')
        .set({ Authorization: `Bearer ${limited.body.secret}` })
        .set('Idempotency-Key', 'retry-1')
        .send(invalid)
        .expect(403);
      const retried = await test.http
        .post('/api/v1/users')
        .set({ Authorization: `Bearer ${limited.body.secret}` })
        .set('Idempotency-Key', 'retry-1')
        .send(invalid)
        .expect(403);
      expect(retried.body.error.code).toBe('RIGHTS_ESCALATION');
    });

    it('scopes keys per principal: another organization may use the same key', async () => {
      const other = await createOrganization(test);
      const response = await test.http
        .post('/api/v1/api-keys')
        .set({ Authorization: `Bearer ${other.apiKey}` })
        .set('Idempotency-Key', 'create-1')
        .send({ name: 'other org' })
        .expect(201);
      expect(response.headers['idempotent-replayed']).toBeUndefined();
    });

    it('answers 409 while the first request is in progress, and takes over a claim abandoned by a crash', async () => {
      const dataSource = test.app.get(DataSource);
      const { body: me } = await test.http.get('/api/v1/auth/me').set(auth()).expect(200);
      const claim = (key: string, createdAt: Date) =>
        dataSource.query(
          `INSERT INTO idempotency_records (scope, key, "requestHash", state, "createdAt", "expiresAt")
           VALUES ($1, $2, $3, 'in_progress', $4, $5)`,
          [
            `api_key:${me.apiKeyId}`,
            key,
            requestFingerprint('POST', '/api/v1/api-keys', { name: 'n' }),
            createdAt,
            new Date(Date.now() + 3_600_000),
          ],
        );
      await claim('busy-1', test.clock.now());
      const busy = await test.http
        .post('/api/v1/api-keys')
        .set(auth())
        .set('Idempotency-Key', 'busy-1')
        .send({ name: 'n' })
        .expect(409);
      expect(busy.body.error.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');

      await claim('crashed-1', new Date(test.clock.now().getTime() - 10 * 60_000));
      await test.http.post('/api/v1/api-keys').set(auth()).set('Idempotency-Key', 'crashed-1').send({ name: 'n' }).expect(201);
    });

    it('rejects an unusable key', async () => {
      const response = await test.http
        .post('/api/v1/api-keys')
        .set(auth())
        .set('Idempotency-Key', 'x'.repeat(300))
        .send({ name: 'n' })
        .expect(400);
      expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_INVALID');
    });
  });

  describe('audit trail', () => {
    it('records each state-changing request with actor, target, result, IP and user agent', async () => {
      const created = await test.http
        .post('/api/v1/api-keys')
        .set(auth())
        .set('User-Agent', 'audit-test/1.0')
        .send({ name: 'audited' })
        .expect(201);
      await test.http.delete(`/api/v1/api-keys/${created.body.id}`).set(auth()).expect(200);
      await test.http.delete(`/api/v1/api-keys/${created.body.id}`).set(auth()).expect(409);
      const events = await test.http.get('/api/v1/audit-events').query({ limit: 10 }).set(auth()).expect(200);
      const [again, revoke, create] = events.body.items;
      expect(create).toMatchObject({
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: created.body.id,
        result: 'success',
        actorType: 'api_key',
        organizationId: org.id,
        userAgent: 'audit-test/1.0',
        statusCode: 201,
      });
      expect(create.ip).toBeTruthy();
      expect(revoke).toMatchObject({ action: 'api_key.revoke', targetId: created.body.id, result: 'success' });
      expect(again).toMatchObject({ action: 'api_key.revoke', result: 'failure', errorCode: 'API_KEY_REVOKED', statusCode: 409 });
    });

    it('is append-only in the database itself', async () => {
      const dataSource = test.app.get(DataSource);
      await expect(dataSource.query(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(/append-only/);
      await expect(dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
      await expect(dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    });

    it('is readable only with the administration right', async () => {
      const limited = await test.http.post('/api/v1/api-keys').set(auth()).send({ name: 'reader', rights: LIMITED }).expect(201);
      await test.http
        .get('/api/v1/audit-events')
        .set({ Authorization: `Bearer ${limited.body.secret}` })
        .expect(403);
    });
  });

  describe('HTTP hygiene', () => {
    it('sends security headers and a request id, and keeps a sane incoming request id', async () => {
      const response = await test.http.get('/health').set('X-Request-Id', 'trace-12345678').expect(200);
      expect(response.headers['x-request-id']).toBe('trace-12345678');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toBeDefined();
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-powered-by']).toBeUndefined();
      const generated = await test.http.get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('lets nobody cache an API answer, except a published legal text (public, immutable, with its own ETag)', async () => {
      const me = await test.http.get('/api/v1/auth/me').set(auth()).expect(200);
      expect(me.headers['cache-control']).toBe('no-store');
      expect(me.headers.etag).toBeUndefined();
      const refused = await test.http.get('/api/v1/auth/me').expect(401);
      expect(refused.headers['cache-control']).toBe('no-store');
      // Routing ignores case; so does the policy.
      const upper = await test.http.get('/API/v1/auth/me').set(auth()).expect(200);
      expect(upper.headers['cache-control']).toBe('no-store');

      const current = await test.http.get('/api/v1/legal/offer/current').expect(200);
      const route = `/api/v1/legal/offer/versions/${current.body.current.version}/text/ru`;
      const text = await test.http.get(route).expect(200);
      expect(text.headers['cache-control']).toBe('public, max-age=86400, immutable');
      expect(text.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    });

    it('serves the OpenAPI document and its UI', async () => {
      const spec = await test.http.get('/api/openapi.json').expect(200);
      expect(spec.body.openapi).toMatch(/^3\./);
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/api-keys', '/api/v1/audit-events', '/health']),
      );
      await test.http.get('/api/docs').expect(200);
    });

    it('reports health with the mode and every dependency', async () => {
      const response = await test.http.get('/health').expect(200);
      expect(response.body).toMatchObject({
        status: 'ok',
        mode: 'external',
        checks: {
          database: { status: 'ok' },
          storage: { status: 'ok', driver: 'local' },
          jobs: { status: 'ok', driver: 'in-process' },
          mail: { status: 'ok', driver: 'file' },
        },
      });
    });
  });
});

describe('rate limits', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => test.close());

  it('limits login attempts per client with 429 and Retry-After, while other routes still answer', async () => {
    // Another e-mail each time: three wrong passwords for one e-mail would lock it (423) first.
    let n = 0;
    const attempt = () => test.http.post('/api/v1/auth/login').send({ email: `who${n++}@example.kz`, password: 'x' });
    for (let i = 0; i < 3; i++) await attempt().expect(401);
    const limited = await attempt().expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await test.http.get('/health').expect(200);
  });
});
