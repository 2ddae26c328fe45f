import { DataSource } from 'typeorm';
import { IntegrationsRepository } from '../../src/integrations/integrations.repository';
import {
  createOrganization,
  createTestApp,
  identifierStartingWith,
  randomBin,
  secretPart,
  TestApp,
  TestOrganization,
} from '../utils/test-app';

const FULL = { documents: 'write', signing: 'write', billing: 'write', administration: 'write' };
const DOCUMENTS_ONLY = { documents: 'write', signing: 'read', billing: 'none', administration: 'none' };

describe('identity: organizations, users, API keys, sessions', () => {
  let test: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;

  beforeAll(async () => {
    test = await createTestApp();
    orgA = await createOrganization(test, 'ТОО «Альфа»');
    orgB = await createOrganization(test, 'ТОО «Бета»');
  });
  afterAll(() => test.close());

  const asKey = (key: string) => ({ Authorization: `Bearer ${key}` });

  it('operator onboarding creates the organization, its main user and a working API key', async () => {
    const me = await test.http.get('/api/v1/auth/me').set(asKey(orgA.apiKey)).expect(200);
    expect(me.body).toMatchObject({ kind: 'api_key', organizationId: orgA.id, rights: FULL });
    const organization = await test.http.get('/api/v1/organization').set(asKey(orgA.apiKey)).expect(200);
    expect(organization.body).toMatchObject({ identifier: orgA.identifier, name: 'ТОО «Альфа»', kind: 'legal_entity' });
  });

  it('refuses the operator API without the operator token and a second organization with one BIN', async () => {
    await test.http.post('/api/v1/operator/organizations').set(asKey(orgA.apiKey)).send({}).expect(401);
    const again = await test.http
      .post('/api/v1/operator/organizations')
      .set('Authorization', 'Bearer test-operator-token-0123456789abcdef')
      .send({ identifier: orgA.identifier, kind: 'legal_entity', name: 'Дубль', mainUser: { fullName: 'Дубль Дубль' } })
      .expect(409);
    expect(again.body.error.code).toBe('ORGANIZATION_EXISTS');
  });

  it('refuses a BIN, IIN or main user IIN whose check digit does not match, creating nothing', async () => {
    const operator = { Authorization: 'Bearer test-operator-token-0123456789abcdef' };
    const organizationsBefore = await test.app.get(DataSource).query(`SELECT count(*)::int AS n FROM organizations`);
    // The BIN an integrator had accepted (issue 15 §3): 12 digits, wrong check digit.
    const badBin = await test.http
      .post('/api/v1/operator/organizations')
      .set(operator)
      .send({ identifier: '123456789012', kind: 'legal_entity', name: 'ТОО «Қате»', mainUser: { fullName: 'Қате Қатеұлы' } })
      .expect(400);
    expect(badBin.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        fields: [
          {
            field: 'identifier',
            problems: [
              'identifier is not a valid BIN or IIN: its check digit (the last digit) does not match the first 11 digits',
            ],
          },
        ],
      },
    });
    const badMainUserIin = await test.http
      .post('/api/v1/operator/organizations')
      .set(operator)
      .send({
        identifier: randomBin(),
        kind: 'legal_entity',
        name: 'ТОО «Қате»',
        mainUser: { fullName: 'Қате Қатеұлы', iin: '850315300129' },
      })
      .expect(400);
    expect(badMainUserIin.body.error.details.fields).toEqual([
      {
        field: 'mainUser.iin',
        problems: ['iin is not a valid IIN: its check digit (the last digit) does not match the first 11 digits'],
      },
    ]);
    const organizationsAfter = await test.app.get(DataSource).query(`SELECT count(*)::int AS n FROM organizations`);
    expect(organizationsAfter).toEqual(organizationsBefore);

    const badUserIin = await test.http
      .post('/api/v1/users')
      .set(asKey(orgA.apiKey))
      .send({
        fullName: 'Қате Қатеұлы',
        email: `bad-iin-${orgA.identifier}@example.kz`,
        iin: '910202400125',
        rights: DOCUMENTS_ONLY,
      })
      .expect(400);
    expect(badUserIin.body.error.details.fields).toEqual([
      { field: 'iin', problems: ['iin is not a valid IIN: its check digit (the last digit) does not match the first 11 digits'] },
    ]);
    // The same start with its right check digit is taken.
    await test.http
      .post('/api/v1/users')
      .set(asKey(orgA.apiKey))
      .send({
        fullName: 'Дұрыс Дұрысұлы',
        email: `good-iin-${orgA.identifier}@example.kz`,
        iin: identifierStartingWith('9102024001'),
        rights: DOCUMENTS_ONLY,
      })
      .expect(201);
  });

  it('keeps the first API key of an organization out of the idempotency record of its onboarding, and replays it', async () => {
    const identifier = randomBin();
    const onboard = () =>
      test.http
        .post('/api/v1/operator/organizations')
        .set('Authorization', 'Bearer test-operator-token-0123456789abcdef')
        .set('Idempotency-Key', 'onboard-sealed-1')
        .send({ identifier, kind: 'legal_entity', name: 'ТОО «Тайна»', mainUser: { fullName: 'Тайна Тайнова' } })
        .expect(201);
    const first = await onboard();
    const secret: string = first.body.apiKey.secret;
    const [record] = await test.app
      .get(DataSource)
      .query(`SELECT * FROM idempotency_records WHERE scope = 'operator' AND key = 'onboard-sealed-1'`);
    expect(record).toMatchObject({ state: 'completed', responseBody: { sealed: expect.any(String) } });
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(JSON.stringify(record)).not.toContain(secretPart(secret));
    const again = await onboard();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    await test.http.get('/api/v1/organization').set(asKey(again.body.apiKey.secret)).expect(200);
  });

  it('isolates tenants: users and API keys of one organization are invisible to another', async () => {
    const added = await test.http
      .post('/api/v1/users')
      .set(asKey(orgA.apiKey))
      .send({ fullName: 'Бухгалтер Альфа', email: `acc-${orgA.identifier}@example.kz`, rights: DOCUMENTS_ONLY })
      .expect(201);
    const keyA = await test.http.post('/api/v1/api-keys').set(asKey(orgA.apiKey)).send({ name: 'ERP' }).expect(201);

    const usersOfB = await test.http.get('/api/v1/users').set(asKey(orgB.apiKey)).expect(200);
    expect(usersOfB.body.items.map((u: { id: string }) => u.id)).not.toContain(added.body.id);
    expect(usersOfB.body.items).toHaveLength(1);
    await test.http.get(`/api/v1/users/${added.body.id}`).set(asKey(orgB.apiKey)).expect(404);
    await test.http.patch(`/api/v1/users/${added.body.id}`).set(asKey(orgB.apiKey)).send({ fullName: 'Взлом' }).expect(404);
    await test.http.delete(`/api/v1/users/${added.body.id}`).set(asKey(orgB.apiKey)).expect(404);
    await test.http.delete(`/api/v1/api-keys/${keyA.body.id}`).set(asKey(orgB.apiKey)).expect(404);
    const keysOfB = await test.http.get('/api/v1/api-keys').set(asKey(orgB.apiKey)).expect(200);
    expect(keysOfB.body.items.map((k: { id: string }) => k.id)).not.toContain(keyA.body.id);
    const auditOfB = await test.http.get('/api/v1/audit-events?limit=200').set(asKey(orgB.apiKey)).expect(200);
    expect(auditOfB.body.items.every((e: { organizationId: string }) => e.organizationId === orgB.id)).toBe(true);
  });

  it('shows an API key once, stores only its hash, and stops accepting it when revoked', async () => {
    const created = await test.http.post('/api/v1/api-keys').set(asKey(orgA.apiKey)).send({ name: '1C' }).expect(201);
    expect(created.body.secret).toMatch(/^edo_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
    expect(created.body.secret.startsWith(created.body.prefix)).toBe(true);
    await test.http.get('/api/v1/auth/me').set(asKey(created.body.secret)).expect(200);

    const listed = await test.http.get('/api/v1/api-keys').set(asKey(orgA.apiKey)).expect(200);
    const entry = listed.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(entry.secret).toBeUndefined();
    expect(entry.lastUsedAt).not.toBeNull();
    const stored = await test.app.get(DataSource).query('SELECT "secretHash" FROM api_keys WHERE id = $1', [created.body.id]);
    expect(stored[0].secretHash).toHaveLength(64);
    expect(created.body.secret).not.toContain(stored[0].secretHash);

    await test.http.delete(`/api/v1/api-keys/${created.body.id}`).set(asKey(orgA.apiKey)).expect(200);
    const refused = await test.http.get('/api/v1/auth/me').set(asKey(created.body.secret)).expect(401);
    expect(refused.body.error.code).toBe('AUTH_REQUIRED');
    // A key with a forged secret part but a real prefix is refused too.
    const forged = `${created.body.prefix}_${'A'.repeat(43)}`;
    await test.http.get('/api/v1/auth/me').set(asKey(forged)).expect(401);
  });

  it("caps a user's key by the user's current rights, stops it when the user is removed, and notes its use once a minute", async () => {
    const email = `keys-${orgA.identifier}@example.kz`;
    const password = 'a long enough password';
    const added = await test.http
      .post('/api/v1/users')
      .set(asKey(orgA.apiKey))
      .send({ fullName: 'Кілт Иесі', email, password, rights: FULL })
      .expect(201);
    const login = await test.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
    const cookies = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    const created = await test.http
      .post('/api/v1/api-keys')
      .set('Cookie', cookies)
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ name: 'user key' })
      .expect(201);
    const key = asKey(created.body.secret);
    const lastUsedAt = async () =>
      (await test.app.get(DataSource).query('SELECT "lastUsedAt" FROM api_keys WHERE id = $1', [created.body.id]))[0]
        .lastUsedAt as Date | null;

    await test.http.get('/api/v1/users').set(key).expect(200);
    const firstUse = await lastUsedAt();
    expect(firstUse).not.toBeNull();
    test.clock.advance(30_000);
    await test.http.get('/api/v1/users').set(key).expect(200);
    expect(await lastUsedAt()).toEqual(firstUse);
    test.clock.advance(31_000);
    await test.http.get('/api/v1/users').set(key).expect(200);
    expect((await lastUsedAt())!.getTime()).toBe(firstUse!.getTime() + 61_000);

    // The creator loses administration: so does the key, on its next request.
    await test.http.patch(`/api/v1/users/${added.body.id}`).set(asKey(orgA.apiKey)).send({ rights: DOCUMENTS_ONLY }).expect(200);
    await test.http.get('/api/v1/users').set(key).expect(403);
    await test.http.get('/api/v1/auth/me').set(key).expect(200);
    await test.http.delete(`/api/v1/users/${added.body.id}`).set(asKey(orgA.apiKey)).expect(204);
    await test.http.get('/api/v1/auth/me').set(key).expect(401);
  });

  it('binds a key created with a key to the same person: capped by their current rights, stopped when they leave', async () => {
    const email = `chain-${orgA.identifier}@example.kz`;
    const password = 'a long enough password';
    const iin = '880101300992';
    const added = await test.http
      .post('/api/v1/users')
      .set(asKey(orgA.apiKey))
      .send({ fullName: 'Тізбек Иесі', email, iin, password, rights: FULL })
      .expect(201);
    const login = await test.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
    const cookies = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    const parent = await test.http
      .post('/api/v1/api-keys')
      .set('Cookie', cookies)
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ name: 'parent' })
      .expect(201);
    const child = await test.http.post('/api/v1/api-keys').set(asKey(parent.body.secret)).send({ name: 'child' }).expect(201);
    const grandchild = await test.http
      .post('/api/v1/api-keys')
      .set(asKey(child.body.secret))
      .send({ name: 'grandchild' })
      .expect(201);
    const person = { userId: added.body.id, fullName: 'Тізбек Иесі', iin, email };
    expect(child.body.createdBy).toEqual(person);
    expect(child.body.createdByApiKey).toEqual({ id: parent.body.id, prefix: parent.body.prefix });
    const me = await test.http.get('/api/v1/auth/me').set(asKey(child.body.secret)).expect(200);
    expect(me.body).toMatchObject({ kind: 'api_key', createdByUserId: added.body.id, rights: FULL });

    // The list says who made each key: the person, and the key it was made with.
    const listed = await test.http.get('/api/v1/api-keys').query({ limit: 200 }).set(asKey(orgA.apiKey)).expect(200);
    const byId = new Map(listed.body.items.map((k: { id: string }) => [k.id, k]));
    expect(byId.get(parent.body.id)).toMatchObject({ createdBy: person, createdByApiKey: null });
    expect(byId.get(grandchild.body.id)).toMatchObject({ createdBy: person, createdByApiKey: { id: child.body.id } });
    expect(listed.body.items[0]).toMatchObject({ name: 'Initial key', createdBy: { userId: orgA.mainUser.id } });

    // The person loses administration: so do the keys made with their key, on the next request.
    await test.http.patch(`/api/v1/users/${added.body.id}`).set(asKey(orgA.apiKey)).send({ rights: DOCUMENTS_ONLY }).expect(200);
    await test.http.get('/api/v1/users').set(asKey(child.body.secret)).expect(403);
    const minted = await test.http.post('/api/v1/api-keys').set(asKey(child.body.secret)).send({ name: 'more' }).expect(403);
    expect(minted.body.error.code).toBe('FORBIDDEN');
    await test.http.patch(`/api/v1/users/${added.body.id}`).set(asKey(orgA.apiKey)).send({ rights: FULL }).expect(200);
    await test.http.get('/api/v1/users').set(asKey(grandchild.body.secret)).expect(200);

    // Revoking a key revokes the keys made with it, transitively.
    const revoked = await test.http.delete(`/api/v1/api-keys/${child.body.id}`).set(asKey(orgA.apiKey)).expect(200);
    expect(revoked.body.alsoRevoked).toEqual([grandchild.body.id]);
    await test.http.get('/api/v1/auth/me').set(asKey(grandchild.body.secret)).expect(401);
    await test.http.get('/api/v1/auth/me').set(asKey(parent.body.secret)).expect(200);

    // The person leaves the organization: every key acting for them stops.
    const sibling = await test.http.post('/api/v1/api-keys').set(asKey(parent.body.secret)).send({ name: 'sibling' }).expect(201);
    await test.http.delete(`/api/v1/users/${added.body.id}`).set(asKey(orgA.apiKey)).expect(204);
    await test.http.get('/api/v1/auth/me').set(asKey(sibling.body.secret)).expect(401);
    await test.http.get('/api/v1/auth/me').set(asKey(parent.body.secret)).expect(401);
  });

  it('refuses to store a live key that acts for nobody', async () => {
    const dataSource = test.app.get(DataSource);
    await expect(
      dataSource.query(
        `INSERT INTO api_keys ("organizationId", name, prefix, "secretHash", rights, "createdByUserId")
         VALUES ($1, 'orphan', 'ffffffffff', $2, $3, NULL)`,
        [orgA.id, '0'.repeat(64), FULL],
      ),
    ).rejects.toThrow(/CHK_api_keys_creator/);
  });

  it('enforces rights: a limited key cannot administer, and nobody grants more than they have', async () => {
    const limited = await test.http
      .post('/api/v1/api-keys')
      .set(asKey(orgA.apiKey))
      .send({ name: 'documents only', rights: DOCUMENTS_ONLY })
      .expect(201);
    const forbidden = await test.http.get('/api/v1/users').set(asKey(limited.body.secret)).expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');

    const admin = await test.http
      .post('/api/v1/api-keys')
      .set(asKey(orgA.apiKey))
      .send({ name: 'admin without billing', rights: { ...FULL, billing: 'none' } })
      .expect(201);
    const escalation = await test.http
      .post('/api/v1/api-keys')
      .set(asKey(admin.body.secret))
      .send({ name: 'sneaky', rights: FULL })
      .expect(403);
    expect(escalation.body.error.code).toBe('RIGHTS_ESCALATION');
  });

  it('keeps the main user: it cannot be removed or restricted', async () => {
    const removal = await test.http.delete(`/api/v1/users/${orgA.mainUser.id}`).set(asKey(orgA.apiKey)).expect(409);
    expect(removal.body.error.code).toBe('MAIN_USER_IMMUTABLE');
    await test.http
      .patch(`/api/v1/users/${orgA.mainUser.id}`)
      .set(asKey(orgA.apiKey))
      .send({ rights: DOCUMENTS_ONLY })
      .expect(409);
  });

  it('pages through users with an opaque cursor and rejects a forged one', async () => {
    for (let i = 0; i < 3; i++) {
      await test.http
        .post('/api/v1/users')
        .set(asKey(orgB.apiKey))
        .send({ fullName: `Сотрудник ${i}`, email: `staff${i}-${orgB.identifier}@example.kz`, rights: DOCUMENTS_ONLY })
        .expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await test.http
        .get('/api/v1/users')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(asKey(orgB.apiKey))
        .expect(200);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    const bad = await test.http.get('/api/v1/users').query({ cursor: 'not-a-cursor' }).set(asKey(orgB.apiKey)).expect(400);
    expect(bad.body.error.code).toBe('CURSOR_INVALID');
  });
  it('answers another organization the same whether or not the e-mail or IIN already has an account', async () => {
    const orgC = await createOrganization(test, 'ТОО «Гамма»');
    const password = 'the owner’s own password';
    const owner = { fullName: 'Иесі Нақты', email: `owner-${orgA.identifier}@example.kz`, iin: '900202400121' };
    const ownerInA = await test.http
      .post('/api/v1/users')
      .set(asKey(orgA.apiKey))
      .send({ ...owner, password, rights: DOCUMENTS_ONLY })
      .expect(201);
    // A second person of A, known to C only by IIN.
    const other = { fullName: 'Екінші Адам', email: `other-${orgA.identifier}@example.kz`, iin: '900303400458' };
    await test.http
      .post('/api/v1/users')
      .set(asKey(orgA.apiKey))
      .send({ ...other, rights: DOCUMENTS_ONLY })
      .expect(201);
    const fresh = (tag: string) => ({
      email: `${tag}-${orgC.identifier}@example.kz`,
      iin: identifierStartingWith(`77${orgC.identifier.slice(2, 9)}${tag.length}`),
    });

    // C types a name, an e-mail and an IIN; some of them belong to A's member, others to nobody.
    const add = (fields: { email: string; iin?: string }) =>
      test.http
        .post('/api/v1/users')
        .set(asKey(orgC.apiKey))
        .send({ fullName: 'Жаңа Қызметкер', ...fields, password: 'a password C chose', rights: DOCUMENTS_ONLY });
    const answers = [
      await add({ email: owner.email }), // existing e-mail
      await add({ email: fresh('a').email }), // nobody's
      await add({ email: fresh('bb').email, iin: other.iin }), // existing IIN
      await add(fresh('ccc')), // nobody's
    ];
    const shape = (response: { status: number; body: Record<string, unknown> }, fields: { email: string; iin?: string }) => ({
      status: response.status,
      body: { ...response.body, id: typeof response.body.id, createdAt: typeof response.body.createdAt },
      echoes: response.body.email === fields.email && response.body.iin === (fields.iin ?? null),
    });
    const typed = [
      { email: owner.email },
      { email: fresh('a').email },
      { email: fresh('bb').email, iin: other.iin },
      fresh('ccc'),
    ];
    const shapes = answers.map((answer, i) => shape(answer, typed[i]));
    expect(shapes[0].status).toBe(201);
    for (const s of shapes)
      expect({ ...s, body: { ...s.body, email: '', iin: '' } }).toEqual({
        ...shapes[0],
        body: { ...shapes[0].body, email: '', iin: '' },
      });
    expect(shapes.every((s) => s.echoes)).toBe(true);
    expect(answers[0].body.fullName).toBe('Жаңа Қызметкер');

    // Reading them back tells no more: C sees what it typed, for all four.
    for (const [i, answer] of answers.entries()) {
      const read = await test.http.get(`/api/v1/users/${answer.body.id}`).set(asKey(orgC.apiKey)).expect(200);
      expect(read.body).toEqual(answer.body);
      expect(read.body.email).toBe(typed[i].email);
    }
    // C cannot rename the owner's account: its name in A is unchanged.
    await test.http
      .patch(`/api/v1/users/${answers[0].body.id}`)
      .set(asKey(orgC.apiKey))
      .send({ fullName: 'Басқа Аты' })
      .expect(200);
    const inA = await test.http.get(`/api/v1/users/${ownerInA.body.id}`).set(asKey(orgA.apiKey)).expect(200);
    expect(inA.body).toMatchObject(owner);

    // The owner's password is untouched; C's proposal is only accepted when the owner logs in and
    // chooses C.
    await test.http.post('/api/v1/auth/login').send({ email: owner.email, password: 'a password C chose' }).expect(401);
    // That failed login (with its address) is in the trail of A, which the owner joined, and not in
    // C's, which only proposed.
    const failedLogins = async (apiKey: string) =>
      (
        await test.http.get('/api/v1/audit-events').query({ action: 'auth.login', limit: 200 }).set(asKey(apiKey)).expect(200)
      ).body.items.filter((e: { errorCode: string | null }) => e.errorCode === 'AUTH_INVALID_CREDENTIALS').length;
    expect(await failedLogins(orgA.apiKey)).toBeGreaterThan(0);
    expect(await failedLogins(orgC.apiKey)).toBe(0);
    const choose = await test.http.post('/api/v1/auth/login').send({ email: owner.email, password }).expect(400);
    expect(choose.body.error.code).toBe('AUTH_ORGANIZATION_REQUIRED');
    expect(choose.body.error.details.organizations).toEqual(
      expect.arrayContaining([
        { id: orgA.id, name: 'ТОО «Альфа»', proposed: false },
        { id: orgC.id, name: 'ТОО «Гамма»', proposed: true },
      ]),
    );
    await test.http.post('/api/v1/auth/login').send({ email: owner.email, password, organizationId: orgA.id }).expect(200);
    // Until accepted, C's document mail does not reach the owner.
    const mailedByC = async () =>
      (await test.app.get(IntegrationsRepository).usersWithRight(orgC.id, 'documents', ['read', 'write'])).map((u) => u.email);
    expect(await mailedByC()).not.toContain(owner.email);
    const accepted = await test.http
      .post('/api/v1/auth/login')
      .send({ email: owner.email, password, organizationId: orgC.id })
      .expect(200);
    expect(accepted.body.user.rights).toEqual(DOCUMENTS_ONLY);
    const afterAcceptance = await test.http.get(`/api/v1/users/${answers[0].body.id}`).set(asKey(orgC.apiKey)).expect(200);
    expect(afterAcceptance.body).toMatchObject(owner);
    expect(await mailedByC()).toContain(owner.email);

    // Only C's own members are refused.
    const again = await add({ email: owner.email }).expect(409);
    expect(again.body.error.code).toBe('USER_EXISTS');
  });
});
