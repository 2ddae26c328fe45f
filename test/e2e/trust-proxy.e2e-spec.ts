import { createOrganization, createTestApp, TestApp } from '../utils/test-app';

// Behind one load balancer (here the test client, which connects from 127.0.0.1 and so plays the
// proxy): the balancer appends the address it saw to whatever X-Forwarded-For the client sent.
// With TRUST_PROXY naming that one proxy, by hop count or by address, the client is that appended
// entry (the right-most); the entries before it are the client's own words and must not give it a
// fresh lockout bucket or rate budget. (TRUST_PROXY=true, which trusted every hop and took the
// left-most entry, is refused in production: src/config/app-config.spec.ts.)
describe.each([['1'], ['loopback, 10.0.0.0/8']])('TRUST_PROXY=%s: the client is the address the nearest proxy saw', (trustProxy) => {
  let test: TestApp;
  let email: string;
  const password = 'a long enough password';
  let nextHost = 1;
  const seenAddress = () => `203.0.113.${nextHost++}`;
  let nextForged = 1;
  // What the proxy forwards: the client's forged header, then the address the proxy saw.
  const forwardedFor = (seen: string) => `198.51.100.${nextForged++}, ${seen}`;

  beforeAll(async () => {
    test = await createTestApp({ TRUST_PROXY: trustProxy, RATE_LIMIT_PER_MINUTE: '6' });
    const org = await createOrganization(test);
    email = `added-${org.identifier}@example.kz`;
    await test.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${org.apiKey}`)
      .send({
        fullName: 'Қосылған Пайдаланушы',
        email,
        password,
        rights: { documents: 'read', signing: 'none', billing: 'none', administration: 'none' },
      })
      .expect(201);
  });
  afterAll(() => test.close());

  const login = (body: object, xForwardedFor: string) =>
    test.http.post('/api/v1/auth/login').set('X-Forwarded-For', xForwardedFor).send(body);

  it('keeps counting wrong passwords when the client forges a new left-most X-Forwarded-For entry each time', async () => {
    const seen = seenAddress();
    await login({ email, password: 'wrong 1' }, forwardedFor(seen)).expect(401);
    await login({ email, password: 'wrong 2' }, forwardedFor(seen)).expect(401);
    const third = await login({ email, password: 'wrong 3' }, forwardedFor(seen)).expect(423);
    expect(third.body.error.code).toBe('AUTH_ACCOUNT_LOCKED');
    await login({ email, password: 'wrong 4' }, forwardedFor(seen)).expect(423);
    await login({ email, password }, forwardedFor(seen)).expect(423);
    // The owner behind another address is not affected.
    await login({ email, password }, forwardedFor(seenAddress())).expect(200);
  });

  it('keeps one rate budget per address the proxy saw, whatever the client forges before it', async () => {
    const seen = seenAddress();
    for (let request = 1; request <= 6; request++) {
      await test.http.get('/api/v1/auth/me').set('X-Forwarded-For', forwardedFor(seen)).expect(401);
    }
    const refused = await test.http.get('/api/v1/auth/me').set('X-Forwarded-For', forwardedFor(seen)).expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    await test.http.get('/api/v1/auth/me').set('X-Forwarded-For', forwardedFor(seenAddress())).expect(401);
  });

  it('counts an X-Forwarded-For entry that is no IP address as the socket address, not as a bucket of its own', async () => {
    // A client that reaches the service past the proxy writes the entry Express takes; text that
    // is no address falls back to the connection's address (127.0.0.1 here).
    await login({ email, password: 'wrong 1' }, 'not-an-address-1').expect(401);
    await login({ email, password: 'wrong 2' }, '198.51.100.200, not-an-address-2').expect(401);
    await login({ email, password: 'wrong 3' }, 'x'.repeat(100)).expect(423);
    await login({ email, password }, 'not-an-address-4').expect(423);
  });

  it('counts such entries against the socket address\'s rate budget too (6 a minute): the 7th is refused at the latest', async () => {
    const statuses: number[] = [];
    for (let request = 1; request <= 7; request++) {
      statuses.push((await test.http.get('/api/v1/auth/me').set('X-Forwarded-For', `not-an-address-${100 + request}`)).status);
    }
    expect(statuses[statuses.length - 1]).toBe(429);
  });
});
