import { createHash } from 'node:crypto';
import {
  auditSince,
  binaryBody,
  createSignatureTestApp,
  lastAuditSeq,
  signAs,
  SignatureTestApp,
} from '../utils/signature-test-app';
import { OPERATOR_TOKEN } from '../utils/test-app';

const DAY = 86_400_000;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const asOperator = { Authorization: `Bearer ${OPERATOR_TOKEN}` };
const newTexts = (tag: string) => ({
  kk: `# Жария оферта (${tag})\n\n${'Қызмет көрсету шарттары өзгерді. '.repeat(10)}\n`,
  ru: `# Публичная оферта (${tag})\n\n${'Условия оказания услуг изменены. '.repeat(10)}\n`,
});

describe('legal texts: versioned offer and privacy policy', () => {
  let test: SignatureTestApp;

  beforeAll(async () => {
    test = await createSignatureTestApp();
  });
  afterAll(() => test.close());

  it.each(['offer', 'privacy'])(
    'serves version 1 of the %s in kk and ru as exact UTF-8 bytes with their SHA-256',
    async (kind) => {
      const current = await test.http.get(`/api/v1/legal/${kind}/current`).expect(200);
      expect(current.body.current).toMatchObject({ kind, status: 'in_force' });
      const version = current.body.current.version;
      for (const locale of ['kk', 'ru']) {
        const text = await test.http
          .get(`/api/v1/legal/${kind}/versions/${version}/text/${locale}`)
          .buffer(true)
          .parse(binaryBody)
          .expect(200);
        expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(text.headers['x-content-sha256']).toBe(sha256(text.body));
        expect(current.body.current.texts[locale].sha256).toBe(sha256(text.body));
        if (locale === 'kk') expect(text.body.toString('utf8')).toMatch(/[әғқңөұүһі]/);
        else expect(text.body.toString('utf8')).toMatch(/[а-яё]/);
      }
      const all = await test.http.get(`/api/v1/legal/${kind}/versions`).expect(200);
      expect(all.body.map((v: { version: number }) => v.version)).toContain(1);
    },
  );

  it('answers unknown kinds, versions and locales with clear errors', async () => {
    expect((await test.http.get('/api/v1/legal/tariff/current').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await test.http.get('/api/v1/legal/offer/versions/999').expect(404)).body.error.code).toBe('LEGAL_VERSION_NOT_FOUND');
    await test.http.get('/api/v1/legal/offer/versions/1/text/en').expect(400);
  });

  it('publishes a new version only ahead of its effective date, keeps every past version readable, and audits it', async () => {
    const seq = await lastAuditSeq(test.dataSource);
    const before = await test.http.get('/api/v1/legal/offer/current').expect(200);
    const oldVersion = before.body.current.version as number;
    const oldText = await test.http
      .get(`/api/v1/legal/offer/versions/${oldVersion}/text/ru`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const now = test.clock.now().getTime();

    await test.http
      .post('/api/v1/operator/legal/offer/versions')
      .send({ effectiveFrom: new Date(now + 10 * DAY).toISOString(), texts: newTexts('anon') })
      .expect(401);
    const tooEarly = await test.http
      .post('/api/v1/operator/legal/offer/versions')
      .set(asOperator)
      .send({ effectiveFrom: new Date(now + 4 * DAY).toISOString(), texts: newTexts('early') })
      .expect(422);
    expect(tooEarly.body.error).toMatchObject({ code: 'LEGAL_NOTICE_TOO_SHORT', details: { noticeDays: 5 } });

    const effectiveFrom = new Date(now + 6 * DAY);
    const published = await test.http
      .post('/api/v1/operator/legal/offer/versions')
      .set(asOperator)
      .send({ effectiveFrom: effectiveFrom.toISOString(), texts: newTexts('v-next') })
      .expect(201);
    expect(published.body).toMatchObject({ version: oldVersion + 1, status: 'upcoming' });
    expect(published.body.texts.ru.sha256).toBe(sha256(Buffer.from(newTexts('v-next').ru, 'utf8')));

    const order = await test.http
      .post('/api/v1/operator/legal/offer/versions')
      .set(asOperator)
      .send({ effectiveFrom: new Date(effectiveFrom.getTime() - 1000).toISOString(), texts: newTexts('order') })
      .expect(409);
    expect(order.body.error.code).toBe('LEGAL_VERSION_ORDER');

    const pending = await test.http.get('/api/v1/legal/offer/current').expect(200);
    expect(pending.body.current.version).toBe(oldVersion);
    expect(pending.body.upcoming.version).toBe(oldVersion + 1);

    test.clock.advance(6 * DAY + 1000);
    const after = await test.http.get('/api/v1/legal/offer/current').expect(200);
    expect(after.body.current.version).toBe(oldVersion + 1);
    expect(after.body.upcoming).toBeNull();
    const past = await test.http.get(`/api/v1/legal/offer/versions/${oldVersion}`).expect(200);
    expect(past.body.status).toBe('superseded');
    const pastText = await test.http
      .get(`/api/v1/legal/offer/versions/${oldVersion}/text/ru`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(Buffer.compare(pastText.body, oldText.body)).toBe(0);

    // Registration must sign the version in force: the superseded text is refused before any
    // signature work.
    const stale = await test.http
      .post('/api/v1/registration')
      .send({ offerVersion: oldVersion, locale: 'ru', cms: await signAs('rsa/individual-sign', oldText.body) })
      .expect(409);
    expect(stale.body.error).toMatchObject({ code: 'LEGAL_VERSION_NOT_CURRENT', details: { currentVersion: oldVersion + 1 } });

    const audit = await auditSince(test.dataSource, seq);
    expect(audit).toContainEqual(expect.objectContaining({ result: 'failure', errorCode: 'OPERATOR_AUTH_REQUIRED' }));
    expect(audit.filter((row) => row.action === 'legal.publish').map((row) => [row.result, row.errorCode])).toEqual([
      ['failure', 'LEGAL_NOTICE_TOO_SHORT'],
      ['success', null],
      ['failure', 'LEGAL_VERSION_ORDER'],
    ]);
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'organization.register', errorCode: 'LEGAL_VERSION_NOT_CURRENT' }),
    );
  });
});
