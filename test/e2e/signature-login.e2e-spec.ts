import {
  auditSince,
  createSignatureTestApp,
  currentOffer,
  forgetTestPkiIdentities,
  lastAuditSeq,
  signAs,
  SignatureTestApp,
  testPki,
} from '../utils/signature-test-app';

const LIMITED = { documents: 'read', signing: 'none', billing: 'none', administration: 'none' };

interface Session {
  cookies: string[];
  csrf: string;
  organizationId: string;
}

describe('login by ЭЦП: challenge, signature, session; invitations of further users', () => {
  let test: SignatureTestApp;
  let head: Session;

  const challenge = async (app = test) => (await app.http.post('/api/v1/auth/signature/challenge').expect(200)).body;
  const login = async (id: string, options: { app?: SignatureTestApp; organizationId?: string } = {}) => {
    const app = options.app ?? test;
    const issued = await challenge(app);
    const cms = await signAs(id, issued.dataToSign);
    const response = await app.http
      .post('/api/v1/auth/signature/login')
      .send({ nonce: issued.nonce, cms, ...(options.organizationId && { organizationId: options.organizationId }) });
    return { response, nonce: issued.nonce as string, cms };
  };
  const sessionOf = (response: {
    headers: Record<string, unknown>;
    body: { csrfToken: string; organization: { id: string } };
  }): Session => ({
    cookies: response.headers['set-cookie'] as string[],
    csrf: response.body.csrfToken,
    organizationId: response.body.organization.id,
  });
  const asSession = (session: Session) => ({ Cookie: session.cookies, 'X-CSRF-Token': session.csrf });

  beforeAll(async () => {
    test = await createSignatureTestApp();
    await forgetTestPkiIdentities(test.dataSource);
    // The organization, registered by its first head with the SIGN key.
    const { version, text } = await currentOffer(test, 'kk');
    await test.http
      .post('/api/v1/registration')
      .send({ offerVersion: version, locale: 'kk', cms: await signAs('gost2015/ceo-sign', text) })
      .expect(201);
  });
  afterAll(() => test.close());

  it('issues a short-lived challenge with a 256-bit nonce that is stored only hashed', async () => {
    const issued = await challenge();
    expect(Buffer.from(issued.nonce, 'base64url')).toHaveLength(32);
    expect(issued.dataToSign).toContain(issued.nonce);
    expect(Buffer.from(issued.dataToSignBase64, 'base64').toString('utf8')).toBe(issued.dataToSign);
    expect(new Date(issued.expiresAt).getTime() - test.clock.now().getTime()).toBe(120_000);
    const rows = await test.dataSource.query(
      `SELECT "nonceHash" FROM signature_challenges WHERE "nonceHash" = encode(sha256($1::bytea), 'hex')`,
      [Buffer.from(issued.nonce)],
    );
    expect(rows).toHaveLength(1);
    const plain = await test.dataSource.query(`SELECT 1 FROM signature_challenges WHERE "nonceHash" = $1`, [issued.nonce]);
    expect(plain).toHaveLength(0);
  });

  it('logs the first head in with the AUTH key (and the SIGN key) of the organization', async () => {
    const auth = await login('rsa/ceo-auth');
    expect(auth.response.status).toBe(200);
    expect(auth.response.body).toMatchObject({
      authMethod: 'signature',
      user: { isMain: true },
      organization: { identifier: testPki().get('rsa/ceo-auth').bin },
    });
    head = sessionOf(auth.response);
    const me = await test.http.get('/api/v1/auth/me').set('Cookie', head.cookies).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', organizationId: head.organizationId });
    expect((await login('gost2004/ceo-sign')).response.status).toBe(200);
  });

  it('refuses a replayed, an unknown and an expired challenge', async () => {
    const first = await login('rsa/ceo-auth');
    expect(first.response.status).toBe(200);
    const replay = await test.http.post('/api/v1/auth/signature/login').send({ nonce: first.nonce, cms: first.cms }).expect(401);
    expect(replay.body.error.code).toBe('AUTH_CHALLENGE_REPLAYED');

    const unknown = await test.http
      .post('/api/v1/auth/signature/login')
      .send({ nonce: 'A'.repeat(43), cms: first.cms })
      .expect(401);
    expect(unknown.body.error.code).toBe('AUTH_CHALLENGE_INVALID');

    const issued = await challenge();
    const cms = await signAs('rsa/ceo-auth', issued.dataToSign);
    test.clock.advance(121_000);
    const expired = await test.http.post('/api/v1/auth/signature/login').send({ nonce: issued.nonce, cms }).expect(401);
    expect(expired.body.error.code).toBe('AUTH_CHALLENGE_EXPIRED');
  });

  it('refuses a signature over anything but the challenge text', async () => {
    const issued = await challenge();
    const cms = await signAs('rsa/ceo-auth', `${issued.dataToSign}tampered`);
    const response = await test.http.post('/api/v1/auth/signature/login').send({ nonce: issued.nonce, cms }).expect(401);
    expect(response.body.error.code).toBe('SIGNATURE_CONTENT_MISMATCH');
  });

  it('refuses an unknown IIN, a revoked certificate and a certificate of another organization, and audits each', async () => {
    const seq = await lastAuditSeq(test.dataSource);
    const unknown = await login('gost2015/individual-sign');
    expect([unknown.response.status, unknown.response.body.error.code]).toEqual([401, 'AUTH_CERTIFICATE_UNKNOWN']);

    // A revoked key of a person who was invited: refused by the revocation check, not by mapping.
    const revoked = testPki().get('gost2015/ceo-sign-revoked');
    await test.http
      .post(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set(asSession(head))
      .send({ iin: revoked.iin, rights: LIMITED })
      .expect(201);
    const refused = await login('gost2015/ceo-sign-revoked');
    expect(refused.response.status).toBe(403);
    expect(refused.response.body.error).toMatchObject({
      code: 'SIGNATURE_CERTIFICATE_REVOKED',
      details: { subIndication: 'REVOKED' },
    });

    // The invited IIN with a personal certificate (no BIN): not a certificate of this organization.
    const person = testPki().get('rsa/individual-sign');
    await test.http
      .post(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set(asSession(head))
      .send({ iin: person.iin, rights: LIMITED })
      .expect(201);
    const foreign = await login('rsa/individual-sign');
    expect([foreign.response.status, foreign.response.body.error.code]).toEqual([403, 'AUTH_CERTIFICATE_ORGANIZATION_MISMATCH']);

    const audit = await auditSince(test.dataSource, seq);
    const failures = audit.filter((row) => row.action === 'auth.signature_login' && row.result === 'failure');
    expect(failures.map((row) => row.errorCode)).toEqual([
      'AUTH_CERTIFICATE_UNKNOWN',
      'SIGNATURE_CERTIFICATE_REVOKED',
      'AUTH_CERTIFICATE_ORGANIZATION_MISMATCH',
    ]);
    expect(audit).toContainEqual(expect.objectContaining({ action: 'invitation.create', organizationId: head.organizationId }));
  });

  it('lets an invited employee in with their own ЭЦП, enforces their limited rights, and ends their sessions on removal', async () => {
    const employee = testPki().get('gost2015/employee-sign');
    const seq = await lastAuditSeq(test.dataSource);
    const before = await login('gost2015/employee-sign');
    expect(before.response.body.error.code).toBe('AUTH_CERTIFICATE_UNKNOWN');

    const invitation = await test.http
      .post(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set(asSession(head))
      .send({ iin: employee.iin, email: 'employee@example.kz', rights: LIMITED })
      .expect(201);
    expect(invitation.body).toMatchObject({ status: 'open', iin: employee.iin });
    const twice = await test.http
      .post(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set(asSession(head))
      .send({ iin: employee.iin, rights: LIMITED })
      .expect(409);
    expect(twice.body.error.code).toBe('INVITATION_EXISTS');
    // A typo in the IIN (last digit off by one) is refused, not left as an invitation no one can accept.
    const typo = `${employee.iin!.slice(0, 11)}${(Number(employee.iin![11]) + 1) % 10}`;
    const mistyped = await test.http
      .post(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set(asSession(head))
      .send({ iin: typo, rights: LIMITED })
      .expect(400);
    expect(mistyped.body.error.details.fields).toEqual([
      { field: 'iin', problems: ['iin is not a valid IIN: its check digit (the last digit) does not match the first 11 digits'] },
    ]);

    const joined = await login('gost2015/employee-sign');
    expect(joined.response.status).toBe(200);
    expect(joined.response.body.user).toMatchObject({ isMain: false, rights: LIMITED });
    const member = sessionOf(joined.response);
    expect(member.organizationId).toBe(head.organizationId);

    await test.http.get('/api/v1/organization').set('Cookie', member.cookies).expect(200);
    const forbidden = await test.http.get('/api/v1/users').set('Cookie', member.cookies).expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    await test.http.get('/api/v1/audit-events').set('Cookie', member.cookies).expect(403);
    await test.http
      .post(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set(asSession(member))
      .send({ iin: '900101300126', rights: LIMITED })
      .expect(403);

    const listed = await test.http
      .get(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set('Cookie', head.cookies)
      .expect(200);
    expect(listed.body.items.find((i: { id: string }) => i.id === invitation.body.id)).toMatchObject({ status: 'accepted' });

    await test.http.delete(`/api/v1/users/${joined.response.body.user.id}`).set(asSession(head)).expect(204);
    await test.http.get('/api/v1/auth/me').set('Cookie', member.cookies).expect(401);
    expect((await login('gost2015/employee-sign')).response.body.error.code).toBe('AUTH_CERTIFICATE_UNKNOWN');

    const audit = await auditSince(test.dataSource, seq);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'auth.signature_login',
        result: 'success',
        organizationId: head.organizationId,
        actorId: joined.response.body.user.id,
      }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({ statusCode: 403, errorCode: 'FORBIDDEN', organizationId: head.organizationId }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'user.remove', result: 'success', organizationId: head.organizationId }),
    );
  });

  it('revokes an open invitation: it is listed as revoked, and revoking it again is 404', async () => {
    const invitation = await test.http
      .post(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set(asSession(head))
      .send({ iin: '910617300450', email: 'revoked-invitation@example.kz', rights: LIMITED })
      .expect(201);
    const path = `/api/v1/organizations/${head.organizationId}/invitations/${invitation.body.id}`;
    await test.http.delete(path).set(asSession(head)).expect(204);
    const listed = await test.http
      .get(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set('Cookie', head.cookies)
      .expect(200);
    expect(listed.body.items.find((i: { id: string }) => i.id === invitation.body.id)).toMatchObject({ status: 'revoked' });
    expect((await test.http.delete(path).set(asSession(head)).expect(404)).body.error.code).toBe('NOT_FOUND');
  });

  it('keeps the password login for added users', async () => {
    const added = await test.http
      .post('/api/v1/users')
      .set(asSession(head))
      .send({ fullName: 'Бухгалтер Тест', email: 'accountant@example.kz', password: 'correct horse battery', rights: LIMITED })
      .expect(201);
    const response = await test.http
      .post('/api/v1/auth/login')
      .send({ email: 'accountant@example.kz', password: 'correct horse battery' })
      .expect(200);
    expect(response.body).toMatchObject({ authMethod: 'password', user: { id: added.body.id, rights: LIMITED } });
  });

  it('applies the key-usage policy of the login (AUTH only)', async () => {
    const authOnly = await createSignatureTestApp({ SIGNATURE_LOGIN_KEY_USAGE: 'AUTH' });
    try {
      const sign = await login('rsa/ceo-sign', { app: authOnly });
      expect(sign.response.status).toBe(403);
      expect(sign.response.body.error).toMatchObject({ code: 'SIGNATURE_KEY_USAGE_NOT_ALLOWED', details: { keyUsage: 'SIGN' } });
      expect((await login('rsa/ceo-auth', { app: authOnly })).response.status).toBe(200);
    } finally {
      await authOnly.close();
    }
  });
});
