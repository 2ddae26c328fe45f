import {
  auditSince,
  binaryBody,
  createSignatureTestApp,
  currentOffer,
  forgetTestPkiIdentities,
  lastAuditSeq,
  signAs,
  SignatureTestApp,
  testPki,
} from '../utils/signature-test-app';

const BIN = testPki().get('gost2015/ceo-sign').bin!;

describe('registration = acceptance of the offer with an ЭЦП', () => {
  let test: SignatureTestApp;
  let offer: { version: number; text: Buffer };

  beforeAll(async () => {
    test = await createSignatureTestApp();
    await forgetTestPkiIdentities(test.dataSource);
    offer = await currentOffer(test, 'ru');
  });
  afterAll(() => test.close());

  const register = async (id: string, options: { detached?: boolean; content?: Buffer | string; extra?: object } = {}) =>
    test.http.post('/api/v1/registration').send({
      offerVersion: offer.version,
      locale: 'ru',
      cms: await signAs(id, options.content ?? offer.text, { detached: options.detached }),
      ...options.extra,
    });

  it('refuses an employee certificate for a legal entity while the policy allows only the head and signing right', async () => {
    const response = await register('gost2015/employee-sign');
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      code: 'REGISTRATION_ROLE_NOT_ALLOWED',
      details: { allowedRoles: ['CEO', 'CAN_SIGN'] },
    });
    expect(response.body.error.details.roles).toContain('EMPLOYEE');
  });

  it('refuses a revoked certificate (OCSP of the test PKI says revoked)', async () => {
    const before = test.responder.requests.length;
    const response = await register('gost2015/ceo-sign-revoked');
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'SIGNATURE_CERTIFICATE_REVOKED', details: { subIndication: 'REVOKED' } });
    expect(test.responder.requests.length).toBeGreaterThan(before);
  });

  it('refuses an AUTH key, a signature over other bytes, an expired certificate, and a field that tries to name the BIN', async () => {
    const auth = await register('rsa/ceo-auth');
    expect([auth.status, auth.body.error.code]).toEqual([403, 'SIGNATURE_KEY_USAGE_NOT_ALLOWED']);

    const otherDetached = await register('rsa/ceo-sign', { content: 'Другой текст' });
    expect([otherDetached.status, otherDetached.body.error.code]).toEqual([401, 'SIGNATURE_CONTENT_MISMATCH']);
    const otherAttached = await register('rsa/ceo-sign', {
      content: Buffer.concat([offer.text, Buffer.from(' ')]),
      detached: false,
    });
    expect([otherAttached.status, otherAttached.body.error.code]).toEqual([401, 'SIGNATURE_CONTENT_MISMATCH']);

    const expired = await register('rsa/individual-sign-expired');
    expect([expired.status, expired.body.error.code]).toEqual([403, 'SIGNATURE_CERTIFICATE_EXPIRED']);

    const garbage = await test.http
      .post('/api/v1/registration')
      .send({ offerVersion: offer.version, locale: 'ru', cms: Buffer.from('not a cms').toString('base64') })
      .expect(401);
    expect(garbage.body.error).toMatchObject({ code: 'SIGNATURE_INVALID', details: { indication: 'TOTAL_FAILED' } });

    const named = await register('gost2015/ceo-sign', { extra: { identifier: '999999999999', name: 'Чужое' } });
    expect([named.status, named.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('registers the legal entity of its first head from the certificate, stores the acceptance and signs the head in', async () => {
    const seq = await lastAuditSeq(test.dataSource);
    const cms = await signAs('gost2015/ceo-sign', offer.text);
    const response = await test.http
      .post('/api/v1/registration')
      .send({ offerVersion: offer.version, locale: 'ru', cms, email: 'head@example.kz' })
      .expect(201);
    const ceo = testPki().get('gost2015/ceo-sign');
    expect(response.body.organization).toMatchObject({ identifier: BIN, kind: 'legal_entity' });
    expect(response.body.organization.name.length).toBeGreaterThan(2);
    expect(response.body.mainUser).toMatchObject({ iin: ceo.iin, email: 'head@example.kz' });
    expect(response.body.acceptance).toMatchObject({ kind: 'offer', version: offer.version, locale: 'ru', privacyVersion: 1 });
    expect(response.body.session.user).toMatchObject({ isMain: true });

    const cookies = response.headers['set-cookie'] as unknown as string[];
    const me = await test.http.get('/api/v1/auth/me').set('Cookie', cookies).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', organizationId: response.body.organization.id, isMain: true });

    // The evidence: the exact CMS comes back, and it verifies again against the stored text.
    const list = await test.http.get('/api/v1/organization/acceptances').set('Cookie', cookies).expect(200);
    expect(list.body).toHaveLength(1);
    const id = list.body[0].id as string;
    const download = await test.http
      .get(`/api/v1/organization/acceptances/${id}/cms`)
      .set('Cookie', cookies)
      .buffer(true)
      .parse(binaryBody);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pkcs7-signature');
    expect((download.body as Buffer).toString('base64')).toBe(cms);
    const csrf = response.body.session.csrfToken as string;
    const again = await test.http
      .post(`/api/v1/organization/acceptances/${id}/verify`)
      .set('Cookie', cookies)
      .set('X-CSRF-Token', csrf)
      .expect(200);
    expect(again.body).toMatchObject({ contentMatches: true, textSha256Matches: true, report: { indication: 'TOTAL_PASSED' } });
    const stored = await test.http.get(`/api/v1/organization/acceptances/${id}`).set('Cookie', cookies).expect(200);
    expect(stored.body.report.signers[0].signer).toMatchObject({
      iin: ceo.iin,
      bin: BIN,
      roles: expect.arrayContaining(['CEO']),
    });
    const independent = await test.http
      .post('/api/v1/verify')
      .send({ cms, data: offer.text.toString('base64'), policy: { revocation: 'off' } })
      .expect(200);
    expect(independent.body.indication).toBe('TOTAL_PASSED');

    const audit = await auditSince(test.dataSource, seq);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'organization.register',
        result: 'success',
        organizationId: response.body.organization.id,
      }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'legal.acceptance.verify',
        result: 'success',
        organizationId: response.body.organization.id,
      }),
    );
  });

  it('sends a second person of the same BIN to ask for an invitation, also on a double submit', async () => {
    const second = await register('gost2015/can-sign-sign');
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'REGISTRATION_INVITATION_REQUIRED', details: { identifier: BIN } });
    const again = await register('gost2015/ceo-sign');
    expect(again.body.error.code).toBe('REGISTRATION_INVITATION_REQUIRED');
  });

  it('registers an individual (IIN) with an attached CMS, and refuses a double submit of it', async () => {
    const individual = testPki().get('rsa/individual-sign');
    const cms = await signAs('rsa/individual-sign', offer.text, { detached: false });
    const body = { offerVersion: offer.version, locale: 'ru', cms };
    const [first, second] = await Promise.all([
      test.http.post('/api/v1/registration').send(body),
      test.http.post('/api/v1/registration').send(body),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([201, 409]);
    const created = first.status === 201 ? first : second;
    expect(created.body.organization).toMatchObject({ identifier: individual.iin, kind: 'individual' });
    expect((first.status === 409 ? first : second).body.error.code).toBe('ORGANIZATION_EXISTS');
  });

  it('lets an employee register the legal entity when the policy names that role', async () => {
    const permissive = await createSignatureTestApp({ REGISTRATION_LEGAL_ENTITY_ROLES: 'CEO,CAN_SIGN,EMPLOYEE' });
    try {
      await forgetTestPkiIdentities(permissive.dataSource);
      const response = await permissive.http
        .post('/api/v1/registration')
        .send({ offerVersion: offer.version, locale: 'ru', cms: await signAs('rsa/employee-sign', offer.text) })
        .expect(201);
      expect(response.body.organization).toMatchObject({ identifier: BIN, kind: 'legal_entity' });
      expect(response.body.mainUser.iin).toBe(testPki().get('rsa/employee-sign').iin);
    } finally {
      await permissive.close();
    }
  });

  it('puts every refused registration in the audit trail', async () => {
    const rows = await auditSince(test.dataSource, '0');
    const refused = rows
      .filter((row) => row.action === 'organization.register' && row.result === 'failure')
      .map((r) => r.errorCode);
    expect(refused).toEqual(
      expect.arrayContaining([
        'REGISTRATION_ROLE_NOT_ALLOWED',
        'SIGNATURE_CERTIFICATE_REVOKED',
        'SIGNATURE_KEY_USAGE_NOT_ALLOWED',
        'SIGNATURE_CONTENT_MISMATCH',
        'REGISTRATION_INVITATION_REQUIRED',
      ]),
    );
  });
});
