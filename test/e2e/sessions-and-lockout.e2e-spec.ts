import { DataSource } from 'typeorm';
import { createOrganization, createTestApp, TestApp, TestOrganization } from '../utils/test-app';

const MINUTE = 60_000;
const LIMITED = { documents: 'read', signing: 'none', billing: 'none', administration: 'read' };

describe('password login, cookie sessions, CSRF and the per-address lockout', () => {
  let test: TestApp;
  let org: TestOrganization;
  const password = 'a long enough password';
  let email: string;

  beforeAll(async () => {
    // Behind one proxy (TRUST_PROXY=1): X-Forwarded-For names the client address (a different one
    // per test). A forged entry before it is not believed: trust-proxy.e2e-spec.ts.
    test = await createTestApp({ TRUST_PROXY: '1' });
    org = await createOrganization(test);
    email = `added-${org.identifier}@example.kz`;
    await test.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${org.apiKey}`)
      .send({ fullName: 'Қосылған Пайдаланушы', email, password, rights: LIMITED })
      .expect(201);
  });
  afterAll(() => test.close());

  let address = '198.51.100.1';
  const login = (body: object, from = address) => test.http.post('/api/v1/auth/login').set('X-Forwarded-For', from).send(body);
  let nextHost = 1;
  const newAddress = () => `203.0.113.${nextHost++}`;

  function cookiesOf(response: { headers: Record<string, unknown> }): string[] {
    return (response.headers['set-cookie'] as string[]).map((cookie) => cookie.split(';')[0]);
  }

  it('logs in with an httpOnly SameSite session cookie and needs the CSRF token for writes', async () => {
    const response = await login({ email, password }).expect(200);
    const setCookies = response.headers['set-cookie'] as unknown as string[];
    const session = setCookies.find((cookie) => cookie.startsWith('edo_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(response.body.user.rights).toEqual(LIMITED);
    const cookies = cookiesOf(response);

    const me = await test.http.get('/api/v1/auth/me').set('Cookie', cookies).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', organizationId: org.id, rights: LIMITED });
    await test.http.get('/api/v1/users').set('Cookie', cookies).expect(200);

    // A write without the token (what a cross-site form would send) is refused.
    const noToken = await test.http.post('/api/v1/auth/logout').set('Cookie', cookies).expect(403);
    expect(noToken.body.error.code).toBe('CSRF_TOKEN_INVALID');
    await test.http.post('/api/v1/auth/logout').set('Cookie', cookies).set('X-CSRF-Token', 'wrong').expect(403);
    await test.http.post('/api/v1/auth/logout').set('Cookie', cookies).set('X-CSRF-Token', response.body.csrfToken).expect(204);
    // The session is gone after logout.
    await test.http.get('/api/v1/auth/me').set('Cookie', cookies).expect(401);
  });

  it('lets a user list and revoke their own sessions', async () => {
    const first = await login({ email, password }).expect(200);
    const second = await login({ email, password }).expect(200);
    const sessions = await test.http.get('/api/v1/auth/sessions').set('Cookie', cookiesOf(second)).expect(200);
    const ids = sessions.body.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([first.body.id, second.body.id]));
    await test.http
      .delete(`/api/v1/auth/sessions/${first.body.id}`)
      .set('Cookie', cookiesOf(second))
      .set('X-CSRF-Token', second.body.csrfToken)
      .expect(204);
    await test.http.get('/api/v1/auth/me').set('Cookie', cookiesOf(first)).expect(401);
    await test.http.get('/api/v1/auth/me').set('Cookie', cookiesOf(second)).expect(200);
  });

  it('locks one address out of one account after 3 wrong passwords; one attempt drains every 5 minutes', async () => {
    address = newAddress();
    for (let attempt = 1; attempt <= 2; attempt++) {
      const wrong = await login({ email, password: `wrong ${attempt}` }).expect(401);
      expect(wrong.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const third = await login({ email, password: 'wrong 3' }).expect(423);
    expect(third.body.error.code).toBe('AUTH_ACCOUNT_LOCKED');
    expect(Number(third.headers['retry-after'])).toBe(5 * 60);

    // Even the right password is refused from this address while the bucket is full; refused
    // attempts are not counted, so they do not prolong the lock.
    test.clock.advance(4 * MINUTE);
    const stillLocked = await login({ email, password }).expect(423);
    expect(Number(stillLocked.headers['retry-after'])).toBe(60);
    await login({ email, password: 'hammering' }).expect(423);

    // The owner at another address is not affected.
    await login({ email, password }, newAddress()).expect(200);

    // After 5 minutes one attempt has drained: the right password gets in and empties the bucket.
    test.clock.advance(MINUTE + 1000);
    await login({ email, password }).expect(200);
    await login({ email, password: 'wrong again' }).expect(401);
    await login({ email, password: 'wrong again' }).expect(401);
    await login({ email, password }).expect(200);
  });

  it('counts an IPv6 client by its /64 network: stepping to another address of it does not help', async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await login({ email, password: 'wrong' }, `2001:db8:1:2::${attempt}`).expect(attempt < 3 ? 401 : 423);
    }
    await login({ email, password }, '2001:db8:1:2:ffff::9').expect(423);
    await login({ email, password }, '2001:db8:1:3::1').expect(200);
  });

  it('drains the count continuously: one wrong attempt every 5 minutes never locks', async () => {
    address = newAddress();
    for (let attempt = 0; attempt < 6; attempt++) {
      await login({ email, password: 'nope' }).expect(401);
      test.clock.advance(5 * MINUTE);
    }
    await login({ email, password }).expect(200);
  });

  it('checks at most 3 passwords of parallel attempts: the right one sent amid 15 wrong ones is refused', async () => {
    address = newAddress();
    const send = (password: string) => login({ email, password }).then((response) => response);
    // Three wrong guesses go first; the right password follows as soon as their three places in
    // a bucket are taken, while their password checks (scrypt, ~100 ms each) are still running,
    // then twelve more wrong ones. Each attempt takes its place in the bucket before its password
    // is checked, so the right one finds it full; counting after the check (as before) let it in.
    // (Waiting for the bucket rather than a fixed delay keeps the order on a loaded machine.)
    const fullBuckets = async (): Promise<number> =>
      (await test.app.get(DataSource).query(`SELECT count(*)::int AS n FROM login_attempts WHERE score >= 2.99`))[0].n;
    const fullBefore = await fullBuckets();
    const first = [0, 1, 2].map((i) => send(`parallel wrong ${i}`));
    for (let tries = 0; (await fullBuckets()) === fullBefore; tries++) {
      if (tries > 500) throw new Error('the three wrong attempts never filled a bucket');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const right = send(password);
    const rest = Array.from({ length: 12 }, (_, i) => send(`parallel wrong ${i + 3}`));
    const statuses = (await Promise.all([...first, right, ...rest])).map((response) => response.status);
    expect((await right).status).toBe(423);
    // At most three attempts reached the password check (the third wrong one answers 423 itself).
    expect(statuses.filter((status) => status !== 423).length).toBeLessThanOrEqual(2);
  });

  it('answers an unknown e-mail exactly like a wrong password, and locks it the same way', async () => {
    address = newAddress();
    const unknownEmail = `nobody-${org.identifier}@example.kz`;
    const known: { status: number; body: unknown; retryAfter: unknown }[] = [];
    const unknown: typeof known = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      for (const [target, list] of [
        [email, known],
        [unknownEmail, unknown],
      ] as const) {
        const response = await login({ email: target, password: 'a wrong password' });
        const body = response.body as { error: Record<string, unknown> };
        list.push({ status: response.status, body: { ...body.error, requestId: undefined }, retryAfter: response.headers['retry-after'] });
      }
    }
    expect(unknown.map((r) => r.status)).toEqual([401, 401, 423, 423]);
    expect(unknown).toEqual(known);
    test.clock.advance(16 * MINUTE);
  });

  it('records every login attempt in the audit trail, successes and failures', async () => {
    const events = await test.http
      .get('/api/v1/audit-events')
      .query({ action: 'auth.login', limit: 200 })
      .set('Authorization', `Bearer ${org.apiKey}`)
      .expect(200);
    const results = events.body.items.map((e: { result: string; errorCode: string | null }) => e.errorCode ?? e.result);
    expect(results).toEqual(expect.arrayContaining(['success', 'AUTH_INVALID_CREDENTIALS', 'AUTH_ACCOUNT_LOCKED']));
    const failure = events.body.items.find((e: { errorCode: string }) => e.errorCode === 'AUTH_ACCOUNT_LOCKED');
    expect(failure).toMatchObject({ httpMethod: 'POST', path: '/api/v1/auth/login', statusCode: 423, result: 'failure' });
  });

  it('ends the sessions of a removed user', async () => {
    const session = await login({ email, password }).expect(200);
    const users = await test.http
      .get('/api/v1/users')
      .query({ limit: 200 })
      .set('Authorization', `Bearer ${org.apiKey}`)
      .expect(200);
    const added = users.body.items.find((u: { email: string }) => u.email === email);
    await test.http.delete(`/api/v1/users/${added.id}`).set('Authorization', `Bearer ${org.apiKey}`).expect(204);
    await test.http.get('/api/v1/auth/me').set('Cookie', cookiesOf(session)).expect(401);
    await login({ email, password }).expect(401);
  });
});
