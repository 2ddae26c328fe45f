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
import { createHash } from 'node:crypto';
import { startSmtpCatcher } from '../utils/smtp-catcher';

// Issue 20 §5 and §8 through the API: the audit trail in names, its filter choices, a user's own
// e-mail, and an invitation link followed with another person's key.
const PREPARER = { documents: 'write', signing: 'none', billing: 'none', administration: 'none' };

interface Session {
  cookies: string[];
  csrf: string;
  organizationId: string;
  userId: string;
}

describe('people: audit in names, own e-mail, invitation opened with another key', () => {
  let test: SignatureTestApp;
  let head: Session;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;

  const login = async (id: string, extra: Record<string, string> = {}, locale = 'ru') => {
    const issued = (await test.http.post('/api/v1/auth/signature/challenge').expect(200)).body;
    return test.http
      .post('/api/v1/auth/signature/login')
      .set('Accept-Language', locale)
      .send({ nonce: issued.nonce, cms: await signAs(id, issued.dataToSign), ...extra });
  };
  const loggedIn = async (response: Promise<import('supertest').Response>) => {
    const answer = await response;
    expect(answer.status).toBe(200);
    return answer;
  };
  const sessionOf = (response: {
    headers: Record<string, unknown>;
    body: { csrfToken: string; organization: { id: string }; user: { id: string } };
  }): Session => ({
    cookies: response.headers['set-cookie'] as string[],
    csrf: response.body.csrfToken,
    organizationId: response.body.organization.id,
    userId: response.body.user.id,
  });
  const asSession = (session: Session) => ({ Cookie: session.cookies, 'X-CSRF-Token': session.csrf });

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    test = await createSignatureTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://edo.test.kz' });
    await forgetTestPkiIdentities(test.dataSource);
    const { version, text } = await currentOffer(test, 'ru');
    await test.http
      .post('/api/v1/registration')
      .send({ offerVersion: version, locale: 'ru', cms: await signAs('gost2015/ceo-sign', text) })
      .expect(201);
    head = sessionOf(await loggedIn(login('gost2015/ceo-auth')));
  });
  afterAll(async () => {
    await test.close();
    await smtp.close();
  });

  // The token in a confirmation mail: …/app/settings/notifications#confirm-email=<token>.
  const confirmTokenIn = (text: string) => {
    const match = /#confirm-email=([A-Za-z0-9_-]{43})\b/.exec(text);
    if (!match) throw new Error(`no confirmation link in the mail:\n${text}`);
    return match[1];
  };
  const profileOf = async (session: Session) =>
    (await test.http.get('/api/v1/auth/profile').set('Cookie', session.cookies).expect(200)).body;
  const confirm = (session: Session, token: string) =>
    test.http.post('/api/v1/auth/profile/email/confirm').set(asSession(session)).set('Accept-Language', 'ru').send({ token });
  const forget = (...emails: string[]) =>
    test.dataSource.query(`DELETE FROM users WHERE email = ANY($1) AND id <> $2`, [emails, head.userId]);

  it('changes the main user’s own e-mail only once the mailed link is opened: audited, single use', async () => {
    await forget('head@example.kz', 'head2@example.kz');
    const before = await profileOf(head);
    expect(before).toMatchObject({ id: head.userId, email: null, pendingEmail: null, iin: testPki().get('gost2015/ceo-auth').iin });

    const seq = await lastAuditSeq(test.dataSource);
    const asked = await test.http
      .put('/api/v1/auth/profile/email')
      .set(asSession(head))
      .send({ email: 'Head@Example.KZ' })
      .expect(200);
    // Nothing changed yet: the address only waits for its mailbox's answer.
    expect(asked.body).toMatchObject({ id: head.userId, email: null, pendingEmail: 'head@example.kz' });
    expect(await profileOf(head)).toMatchObject({ email: null, pendingEmail: 'head@example.kz' });

    const mail = await smtp.waitForMailTo('head@example.kz');
    expect(mail.text).toContain('https://edo.test.kz/app/settings/notifications#confirm-email=');
    expect(mail.text).toMatch(/Подтвердите|подтвердить/);
    expect(mail.text).toMatch(/Растау үшін/);
    const token = confirmTokenIn(mail.text);
    // Stored only as its SHA-256; no job row keeps it after sending.
    const [stored] = await test.dataSource.query(`SELECT "pendingEmailTokenHash" AS hash FROM users WHERE id = $1`, [head.userId]);
    expect(stored.hash).toBe(createHash('sha256').update(token).digest('hex'));
    const jobsWithToken = await test.dataSource.query(`SELECT id FROM jobs WHERE payload::text LIKE $1`, [`%${token}%`]);
    expect(jobsWithToken).toEqual([]);

    const invalid = await test.http.put('/api/v1/auth/profile/email').set(asSession(head)).send({ email: 'not-an-email' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');

    const confirmed = await confirm(head, token).expect(200);
    expect(confirmed.body).toMatchObject({ id: head.userId, email: 'head@example.kz', pendingEmail: null });
    expect(await profileOf(head)).toMatchObject({ email: 'head@example.kz', pendingEmail: null });
    // Single use.
    const again = await confirm(head, token).expect(410);
    expect(again.body.error.code).toBe('EMAIL_CONFIRMATION_INVALID');

    // A second request replaces the first: only the newest link works.
    await test.http.put('/api/v1/auth/profile/email').set(asSession(head)).send({ email: 'head2@example.kz' }).expect(200);
    const first = confirmTokenIn((await smtp.waitForMailTo('head2@example.kz')).text);
    smtp.mails.length = 0;
    await test.http.put('/api/v1/auth/profile/email').set(asSession(head)).send({ email: 'head2@example.kz' }).expect(200);
    const second = confirmTokenIn((await smtp.waitForMailTo('head2@example.kz')).text);
    expect(second).not.toBe(first);
    expect((await confirm(head, first).expect(410)).body.error.code).toBe('EMAIL_CONFIRMATION_INVALID');
    await confirm(head, second).expect(200);
    expect((await profileOf(head)).email).toBe('head2@example.kz');

    const audit = await auditSince(test.dataSource, seq);
    expect(audit).toContainEqual(expect.objectContaining({ action: 'user.email.request', result: 'success', actorId: head.userId }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'user.email.update', result: 'success', actorId: head.userId }));
    const lines = await test.dataSource.query(
      `SELECT action, "targetType", "targetId" FROM audit_events WHERE action LIKE 'user.email.%' AND result = 'success' AND seq > $1`,
      [seq],
    );
    expect(lines).toContainEqual({ action: 'user.email.update', targetType: 'user', targetId: head.userId });
    expect(lines).toContainEqual({ action: 'user.email.request', targetType: 'user', targetId: head.userId });
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'user.email.update', result: 'failure', errorCode: 'EMAIL_CONFIRMATION_INVALID' }),
    );
  });

  it('keeps a pending address out of identity matching: an admin adding it gets a new account, and the late confirmation is EMAIL_TAKEN', async () => {
    await forget('boss@victim.kz', 'taken-by-other@example.kz');
    smtp.mails.length = 0;
    // Squatting: the head asks for someone else's address and never confirms it.
    await test.http.put('/api/v1/auth/profile/email').set(asSession(head)).send({ email: 'boss@victim.kz' }).expect(200);
    const token = confirmTokenIn((await smtp.waitForMailTo('boss@victim.kz')).text);

    // The organization adds a person by that address: were the pending address matched, the head
    // (already a member) would be refused as USER_EXISTS or linked; it is a new, separate account.
    const added = await test.http
      .post('/api/v1/users')
      .set(asSession(head))
      .send({ fullName: 'Начальник Настоящий', email: 'boss@victim.kz', rights: PREPARER })
      .expect(201);
    expect(added.body.userId ?? added.body.id).not.toBe(head.userId);
    const owners = await test.dataSource.query(`SELECT id FROM users WHERE email = 'boss@victim.kz'`);
    expect(owners).toHaveLength(1);
    expect(owners[0].id).not.toBe(head.userId);

    // The real owner has the address now: the head's link is refused, nothing changes.
    const late = await confirm(head, token).expect(409);
    expect(late.body.error).toMatchObject({ code: 'EMAIL_TAKEN', message: 'Этот e-mail уже использует другая учётная запись.' });
    expect((await profileOf(head)).email).toBe('head2@example.kz');

    // Asking for an address another account already has is refused at once too.
    await test.dataSource.query(`INSERT INTO users ("fullName", email) VALUES ('Другой Человек', 'taken-by-other@example.kz')`);
    const taken = await test.http
      .put('/api/v1/auth/profile/email')
      .set(asSession(head))
      .set('Accept-Language', 'ru')
      .send({ email: 'taken-by-other@example.kz' })
      .expect(409);
    expect(taken.body.error.code).toBe('EMAIL_TAKEN');
    await forget('boss@victim.kz', 'taken-by-other@example.kz');
  });

  it('refuses a confirmation link after its 24 hours', async () => {
    await forget('late@example.kz');
    smtp.mails.length = 0;
    await test.http.put('/api/v1/auth/profile/email').set(asSession(head)).send({ email: 'late@example.kz' }).expect(200);
    const token = confirmTokenIn((await smtp.waitForMailTo('late@example.kz')).text);

    // The link lasts 24 hours from the request (by the app's clock).
    const [row] = await test.dataSource.query(`SELECT "pendingEmailExpiresAt" AS until FROM users WHERE id = $1`, [head.userId]);
    expect(new Date(row.until).getTime() - test.clock.now().getTime()).toBe(24 * 60 * 60_000);
    // Its time runs out (moved in the database: moving the app's clock a day on would end the session too).
    await test.dataSource.query(`UPDATE users SET "pendingEmailExpiresAt" = $2 WHERE id = $1`, [
      head.userId,
      new Date(test.clock.now().getTime() - 1000),
    ]);
    const expired = await confirm(head, token).expect(410);
    expect(expired.body.error.code).toBe('EMAIL_CONFIRMATION_INVALID');
    // The expired request is no longer shown as pending.
    expect((await profileOf(head)).pendingEmail).toBeNull();
    expect((await profileOf(head)).email).toBe('head2@example.kz');
  });

  it('refuses an invitation link followed with another person’s key, keeps it open, and lets the invited person in', async () => {
    const employee = testPki().get('gost2015/employee-sign');
    const invitation = await test.http
      .post(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set(asSession(head))
      .send({ iin: employee.iin, rights: PREPARER })
      .expect(201);

    // The head's own key (another IIN): not their own cabinet, silently — a stable refusal.
    const wrong = await login('gost2015/ceo-auth', { invitationId: invitation.body.id }, 'kk');
    expect(wrong.status).toBe(409);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(wrong.body.error).toMatchObject({
      code: 'INVITATION_OTHER_PERSON',
      details: {
        keyIin: testPki().get('gost2015/ceo-auth').iin,
        invitedIin: `${employee.iin!.slice(0, 2)}••••••••${employee.iin!.slice(-2)}`,
      },
    });
    expect(wrong.body.error.message).toMatch(/^Шақыру пайдаланылмады/);
    const listed = await test.http
      .get(`/api/v1/organizations/${head.organizationId}/invitations`)
      .set('Cookie', head.cookies)
      .expect(200);
    expect(listed.body.items.find((i: { id: string }) => i.id === invitation.body.id)).toMatchObject({ status: 'open' });

    // An unknown invitation id says so rather than opening anything.
    const unknown = await login('gost2015/employee-sign', { invitationId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(410);
    expect(unknown.body.error.code).toBe('INVITATION_NOT_OPEN');

    const joined = await loggedIn(login('gost2015/employee-sign', { invitationId: invitation.body.id }));
    expect(joined.body.user).toMatchObject({ isMain: false, rights: PREPARER });
    expect(joined.body.organization.id).toBe(head.organizationId);
    // Following the same link again after joining just logs in.
    await loggedIn(login('gost2015/employee-sign', { invitationId: invitation.body.id }));
  });

  it('names actors and targets in the audit view (tenant-isolated) and offers the actions and actors to filter by', async () => {
    const upload = await test.http
      .post('/api/v1/documents')
      .set(asSession(head))
      .field('title', 'Акт сверки за декабрь')
      .field('kind', 'contract')
      .attach('file', Buffer.from('%PDF-1.4 people audit'), { filename: 'akt.pdf', contentType: 'application/octet-stream' })
      .expect(201);

    const page = await test.http.get('/api/v1/audit-events').query({ limit: 100 }).set('Cookie', head.cookies).expect(200);
    const items = page.body.items as { action: string; actorName: string | null; targetName: string | null; targetId: string }[];
    const uploaded = items.find((item) => item.action === 'document.upload' && item.targetId === upload.body.id);
    expect(uploaded).toMatchObject({ targetName: 'Акт сверки за декабрь' });
    expect(uploaded!.actorName).toBeTruthy();
    expect(uploaded!.actorName).not.toContain('@');
    const invited = items.find((item) => item.action === 'invitation.create');
    expect(invited).toMatchObject({ targetName: testPki().get('gost2015/employee-sign').iin });

    const filters = await test.http.get('/api/v1/audit-events/filters').set('Cookie', head.cookies).expect(200);
    expect(filters.body.actions).toEqual(expect.arrayContaining(['organization.register', 'document.send', 'user.email.update']));
    const actors = filters.body.actors as { actorType: string; actorId: string; name: string }[];
    expect(actors).toContainEqual({ actorType: 'user', actorId: head.userId, name: uploaded!.actorName });
    expect(actors.length).toBeGreaterThanOrEqual(2);

    // Filtering by a chosen action and actor.
    const onlyUploads = await test.http
      .get('/api/v1/audit-events')
      .query({ action: 'document.upload', actorId: head.userId })
      .set('Cookie', head.cookies)
      .expect(200);
    expect(onlyUploads.body.items.length).toBeGreaterThan(0);
    expect(onlyUploads.body.items.every((item: { action: string }) => item.action === 'document.upload')).toBe(true);
  });

  it('never names another organization’s document in a line that points at it', async () => {
    // A line of this organization whose target is a document of nobody it knows: no title leaks.
    const [foreign] = await test.dataSource.query(
      `SELECT d.id FROM documents d WHERE d."ownerOrganizationId" <> $1
        AND NOT EXISTS (SELECT 1 FROM document_recipients r WHERE r."documentId" = d.id AND r."recipientOrganizationId" = $1)
        LIMIT 1`,
      [head.organizationId],
    );
    if (!foreign) return; // nothing foreign in this database: the owner check above still applies
    await test.dataSource.query(
      `INSERT INTO audit_events ("organizationId", "actorType", action, "targetType", "targetId", result)
       VALUES ($1, 'system', 'document.send', 'document', $2, 'success')`,
      [head.organizationId, foreign.id],
    );
    const page = await test.http.get('/api/v1/audit-events').query({ limit: 5 }).set('Cookie', head.cookies).expect(200);
    expect(page.body.items.find((item: { targetId: string }) => item.targetId === foreign.id)).toMatchObject({
      targetName: null,
    });
  });
});
