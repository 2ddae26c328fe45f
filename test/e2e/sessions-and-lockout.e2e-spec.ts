import { createOrganization, createTestApp, TestApp, TestOrganization } from '../utils/test-app';

const MINUTE = 60_000;
const LIMITED = { documents: 'read', signing: 'none', billing: 'none', administration: 'read' };

describe('password login, cookie sessions, CSRF and the 3-attempt lockout', () => {
  let test: TestApp;
  let org: TestOrganization;
  const password = 'a long enough password';
  let email: string;

  beforeAll(async () => {
    test = await createTestApp();
    org = await createOrganization(test);
    email = `added-${org.identifier}@example.kz`;
    await test.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${org.apiKey}`)
      .send({ fullName: 'Қосылған Пайдаланушы', email, password, rights: LIMITED })
      .expect(201);
  });
  afterAll(() => test.close());

  const login = (body: object) => test.http.post('/api/v1/auth/login').send(body);

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

  it('locks password login for 15 minutes after 3 wrong passwords, then lets the user in', async () => {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const wrong = await login({ email, password: `wrong ${attempt}` }).expect(401);
      expect(wrong.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const third = await login({ email, password: 'wrong 3' }).expect(423);
    expect(third.body.error.code).toBe('AUTH_ACCOUNT_LOCKED');
    expect(Number(third.headers['retry-after'])).toBe(15 * 60);

    // Even the right password is refused while the lock holds.
    test.clock.advance(14 * MINUTE);
    const stillLocked = await login({ email, password }).expect(423);
    expect(Number(stillLocked.headers['retry-after'])).toBe(60);

    test.clock.advance(MINUTE + 1000);
    await login({ email, password }).expect(200);

    // Success resets the count: two more wrong attempts do not lock again.
    await login({ email, password: 'wrong again' }).expect(401);
    await login({ email, password: 'wrong again' }).expect(401);
    await login({ email, password }).expect(200);
  });

  it('starts a fresh count after a lock has run out', async () => {
    for (let attempt = 0; attempt < 3; attempt++) await login({ email, password: 'nope' });
    await login({ email, password }).expect(423);
    test.clock.advance(16 * MINUTE);
    await login({ email, password: 'nope' }).expect(401);
    await login({ email, password }).expect(200);
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const unknown = await login({ email: 'nobody@example.kz', password }).expect(401);
    expect(unknown.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
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
