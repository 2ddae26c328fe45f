import { describeWithRedis, testRedisUrl } from '../utils/backends';
import { createTestApp, TestApp } from '../utils/test-app';

// README "API conventions": one budget per client IP over all routes, and on top of it one login
// budget per IP over all login-like routes and a separate link budget over the link routes and the
// public document card.
// TRUST_PROXY=true (every X-Forwarded-For hop) lets each test name its client addresses; it is
// refused in production, where a client could name its own (trust-proxy.e2e-spec.ts).
const LIMITS = { RATE_LIMIT_PER_MINUTE: '6', LOGIN_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'true' };

let nextHost = 1;
const newAddress = () => `192.0.2.${nextHost++}`;

describe('rate limits: one budget per client IP across routes', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(LIMITS);
  });
  afterAll(() => test.close());

  it('counts every route against one per-IP budget: the 7th request of a minute is refused, whatever the route', async () => {
    const ip = newAddress();
    const get = (route: string) => test.http.get(route).set('X-Forwarded-For', ip);
    // Six requests spread over three routes (401: no credentials; they are counted all the same).
    for (const route of ['/api/v1/auth/me', '/api/v1/organization', '/api/v1/users']) {
      await get(route).expect(401);
      await get(route).expect(401);
    }
    const refused = await get('/api/v1/api-keys').expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected; /health is never limited.
    await test.http.get('/api/v1/auth/me').set('X-Forwarded-For', newAddress()).expect(401);
    await get('/health').expect(200);
  });

  it('counts the login-like routes against one login budget per IP: the 4th of them is refused', async () => {
    const ip = newAddress();
    await test.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ email: 'a@example.kz', password: 'x' })
      .expect(401);
    await test.http.post('/api/v1/auth/signature/challenge').set('X-Forwarded-For', ip).expect(200);
    await test.http.post('/api/v1/auth/signature/challenge').set('X-Forwarded-For', ip).expect(200);
    const refused = await test.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ email: 'b@example.kz', password: 'x' })
      .expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    // Other routes still have budget left (4 of 6 used).
    await test.http.get('/api/v1/auth/me').set('X-Forwarded-For', ip).expect(401);
  });
});

describe('rate limits: the link routes have their own budget, apart from the login one', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ ...LIMITS, RATE_LIMIT_PER_MINUTE: '100', LINK_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => test.close());

  const token = 'A'.repeat(43);
  const unknownDocument = '00000000-0000-4000-8000-000000000000';
  // Another e-mail each time: three wrong passwords for one e-mail would lock it (423) first.
  let attempts = 0;
  const login = (ip: string) =>
    test.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ email: `who${attempts++}@example.kz`, password: 'x' });
  // Five link-budget requests over the link routes, the link page and the public document card.
  const linkTraffic = async (ip: string) => {
    await test.http.get(`/api/v1/links/${token}`).set('X-Forwarded-For', ip).expect(404);
    await test.http.get(`/api/v1/links/${token}/content`).set('X-Forwarded-For', ip).expect(404);
    await test.http.post(`/api/v1/links/${token}/statements`).set('X-Forwarded-For', ip).send({ action: 'receipt' }).expect(404);
    await test.http.get(`/l/${token}`).set('X-Forwarded-For', ip).expect(200);
    await test.http.get(`/api/v1/public/documents/${unknownDocument}`).set('X-Forwarded-For', ip).expect(404);
  };

  it('lets more link requests through than the login budget holds, then refuses with 429 and Retry-After', async () => {
    const ip = newAddress();
    // Five requests where the login budget (3) would have refused the fourth.
    await linkTraffic(ip);
    const refused = await test.http.get(`/api/v1/links/${token}`).set('X-Forwarded-For', ip).expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const card = await test.http.get(`/api/v1/public/documents/${unknownDocument}`).set('X-Forwarded-For', ip).expect(429);
    expect(card.body.error.code).toBe('RATE_LIMITED');
    // Its logins are untouched by the link traffic: all three of the login budget are left.
    for (let i = 0; i < 3; i++) await login(ip).expect(401);
    await login(ip).expect(429);
    // And the rest of the API still answers.
    await test.http.get('/api/v1/auth/me').set('X-Forwarded-For', ip).expect(401);
  });

  it('keeps the link routes open to an address whose login budget is spent', async () => {
    const ip = newAddress();
    for (let i = 0; i < 3; i++) await login(ip).expect(401);
    await login(ip).expect(429);
    await linkTraffic(ip);
    await test.http.get(`/api/v1/links/${token}`).set('X-Forwarded-For', ip).expect(429);
  });
});

describeWithRedis('rate limits shared by API processes through Redis', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    const env = { ...LIMITS, REDIS_URL: testRedisUrl(), JOBS_PREFIX: `edo-e2e-rate-${Date.now()}` };
    first = await createTestApp(env);
    second = await createTestApp(env);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('one IP spending its budget on two processes is refused by both', async () => {
    const ip = newAddress();
    for (let i = 0; i < 3; i++) {
      await first.http.get('/api/v1/auth/me').set('X-Forwarded-For', ip).expect(401);
      await second.http.get('/api/v1/organization').set('X-Forwarded-For', ip).expect(401);
    }
    await first.http.get('/api/v1/users').set('X-Forwarded-For', ip).expect(429);
    await second.http.get('/api/v1/users').set('X-Forwarded-For', ip).expect(429);
  });
});
