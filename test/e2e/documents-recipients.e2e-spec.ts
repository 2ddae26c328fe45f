import { randomBytes } from 'node:crypto';
import { kzIdentifierCheckDigit, withKzCheckDigit } from '../../src/common/identifiers/kz-identifier';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import { DocOrg, linkTokenIn, operatorOrganization } from '../utils/documents';
import {
  createSignatureTestApp,
  forgetTestPkiIdentities,
  SignatureTestApp,
  signAs,
  uploadSignAndSend,
} from '../utils/signature-test-app';
import { startSmtpCatcher } from '../utils/smtp-catcher';

// Issue 20 point 2: a document sent to a mistyped BIN/IIN is re-addressed without a new signature
// (the sender's CMS covers the content, not the addressee); whom an identifier belongs to is
// looked up before sending; an answered recipient's link stays (point 10).
const SENDER_BIN = '150140001239';
const OUTSIDER_IIN = '850315300128';
// Valid check digits, no certificate in the test PKI, new on every run: mistyped addressees.
function randomIdentifier(): string {
  for (;;) {
    const first11 = `9${String(randomBytes(6).readUIntBE(0, 6) % 1e10).padStart(10, '0')}`;
    if (kzIdentifierCheckDigit(first11) !== undefined) return withKzCheckDigit(first11);
  }
}
const WRONG_IIN = randomIdentifier();
const WRONG_BIN = randomIdentifier();
const SENDER_KEY = 'rsa/ceo-sign';
const OUTSIDER_KEY = 'rsa/individual-sign';

describe('recipients: lookup, replacement, revoking after an answer', () => {
  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let sender: DocOrg;
  let wrongOrg: DocOrg;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    test = await createSignatureTestApp({
      S3_ENDPOINT: testS3Endpoint(),
      ...TEST_S3_CREDENTIALS,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://edo.test.kz',
      PARTICIPANT_LOOKUP_RATE_LIMIT_PER_MINUTE: '5',
    });
    await forgetTestPkiIdentities(test.dataSource);
    sender = await operatorOrganization(test, SENDER_BIN, 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
    wrongOrg = await operatorOrganization(test, WRONG_BIN, 'legal_entity', 'ТОО "Не тот"');
  });
  afterAll(async () => {
    await forgetTestPkiIdentities(test.dataSource);
    await test.close();
    await smtp.close();
  });

  it('tells whom a BIN/IIN belongs to: name and kind of a participant, a stable 404 otherwise', async () => {
    const found = await test.http.get(`/api/v1/participants/${WRONG_BIN}`).set(sender.auth).expect(200);
    expect(found.body).toEqual({ identifier: WRONG_BIN, name: 'ТОО "Не тот"', kind: 'legal_entity' });
    const missing = await test.http.get(`/api/v1/participants/${WRONG_IIN}`).set(sender.auth).expect(404);
    expect(missing.body.error.code).toBe('PARTICIPANT_NOT_REGISTERED');
    const shape = await test.http.get('/api/v1/participants/12345').set(sender.auth).expect(400);
    expect(shape.body.error.code).toBe('VALIDATION_FAILED');
    await test.http.get(`/api/v1/participants/${WRONG_BIN}`).expect(401);
  });

  it('limits lookups per organization: a key cannot walk the register of names', async () => {
    const walker = await operatorOrganization(test, randomIdentifier(), 'legal_entity', 'ТОО "Перебор"');
    for (let i = 0; i < 5; i++) await test.http.get(`/api/v1/participants/${WRONG_BIN}`).set(walker.auth).expect(200);
    const limited = await test.http.get(`/api/v1/participants/${SENDER_BIN}`).set(walker.auth).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another organization's budget is its own.
    await test.http.get(`/api/v1/participants/${SENDER_BIN}`).set(wrongOrg.auth).expect(200);
  });

  it('replaces an unanswered outsider without a new signature; the old link dies; an answered one keeps its link', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2048)]);
    const { id, sent } = await uploadSignAndSend(test, sender, SENDER_KEY, bytes, { title: 'Договор поставки' }, [
      { identifier: WRONG_IIN, email: 'wrong@example.kz' },
    ]);
    const oldId = sent.body.recipients[0].id as string;
    const oldToken = linkTokenIn((await smtp.waitForMailTo('wrong@example.kz')).text);

    const replaced = await test.http
      .post(`/api/v1/documents/${id}/recipients/${oldId}/replace`)
      .set(sender.auth)
      .send({ identifier: OUTSIDER_IIN, email: 'right@example.kz' })
      .expect(201);
    const byIdentifier = new Map(replaced.body.recipients.map((r: { identifier: string }) => [r.identifier, r]));
    expect(byIdentifier.get(WRONG_IIN)).toMatchObject({ id: oldId, withdrawnAt: expect.any(String) });
    expect(byIdentifier.get(OUTSIDER_IIN)).toMatchObject({ withdrawnAt: null, registered: false, status: 'sent' });
    // The withdrawn recipient no longer holds the document's status; the sender signed once.
    expect(replaced.body.status).toBe('sent');
    expect(replaced.body.signatures.filter((s: { role: string }) => s.role === 'sender')).toHaveLength(1);
    // The history says who was replaced by whom, then the new sending.
    const types = replaced.body.events.map((e: { type: string }) => e.type);
    expect(types.slice(-2)).toEqual(['document.recipient_replaced', 'document.sent']);
    expect(replaced.body.events.at(-2)).toMatchObject({ recipientId: oldId });
    const audited = async () =>
      (await test.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'document.recipient.replace' AND "targetId" = $1`,
        [id],
      )) as { n: number }[];
    for (let tries = 0; (await audited())[0].n === 0 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
    expect((await audited())[0].n).toBe(1);
    // A correction of the addressee is not a second sending: one unit of the monthly limit.
    expect(await ledgerCount(id)).toBe(1);

    const gone = await test.http.get(`/api/v1/links/${oldToken}`).expect(410);
    expect(gone.body.error.code).toBe('LINK_REVOKED');
    const again = await test.http
      .post(`/api/v1/documents/${id}/recipients/${oldId}/replace`)
      .set(sender.auth)
      .send({ identifier: OUTSIDER_IIN, email: 'right@example.kz' })
      .expect(409);
    expect(again.body.error.code).toBe('DOCUMENT_RECIPIENT_WITHDRAWN');

    // The corrected recipient signs through its own link: the document is signed by both.
    const token = linkTokenIn((await smtp.waitForMailTo('right@example.kz')).text);
    await test.http
      .post(`/api/v1/links/${token}/actions/sign`)
      .send({ cms: await signAs(OUTSIDER_KEY, bytes) })
      .expect(201);
    const own = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(own.body.status).toBe('signed_by_both');
    // The public page names the real (single) recipient's signer: the withdrawn row is not counted.
    const page = await test.http.get(`/api/v1/public/documents/${id}`).expect(200);
    const signed = page.body.signatures.find((s: { role: string }) => s.role === 'recipient');
    expect(signed.signer).toBeDefined();
    const newId = own.body.recipients.find((r: { identifier: string }) => r.identifier === OUTSIDER_IIN).id as string;

    // An answered recipient: its link is its way back to what it signed, and it stays addressed.
    const revoke = await test.http.post(`/api/v1/documents/${id}/recipients/${newId}/link/revoke`).set(sender.auth).expect(409);
    expect(revoke.body.error.code).toBe('DOCUMENT_RECIPIENT_ANSWERED');
    const replace = await test.http
      .post(`/api/v1/documents/${id}/recipients/${newId}/replace`)
      .set(sender.auth)
      .send({ identifier: WRONG_IIN, email: 'wrong@example.kz' })
      .expect(409);
    expect(replace.body.error.code).toBe('DOCUMENT_RECIPIENT_ANSWERED');
    await test.http.get(`/api/v1/links/${token}`).expect(200);

    // Whoever later registers the mistyped IIN does not find the document in its inbox.
    const mistyped = await operatorOrganization(test, WRONG_IIN, 'individual', 'Не тот получатель');
    await test.http.get(`/api/v1/documents/${id}`).set(mistyped.auth).expect(404);
    const inbox = await test.http.get('/api/v1/documents?box=inbox').set(mistyped.auth).expect(200);
    expect(inbox.body.items).toEqual([]);
  });

  const ledgerCount = async (documentId: string) =>
    (
      (await test.dataSource.query(`SELECT count(*)::int AS n FROM outgoing_ledger WHERE "documentId" = $1`, [documentId])) as {
        n: number;
      }[]
    )[0].n;

  it('withdraws a registered recipient from its inbox when it is replaced', async () => {
    const bytes = Buffer.from('Акт выполненных работ\n');
    const { id, sent } = await uploadSignAndSend(test, sender, SENDER_KEY, bytes, { title: 'Акт' }, [{ identifier: WRONG_BIN }]);
    const oldId = sent.body.recipients[0].id as string;
    await test.http.get(`/api/v1/documents/${id}`).set(wrongOrg.auth).expect(200);

    await test.http
      .post(`/api/v1/documents/${id}/recipients/${oldId}/replace`)
      .set(sender.auth)
      .send({ identifier: OUTSIDER_IIN, email: 'act@example.kz' })
      .expect(201);
    await test.http.get(`/api/v1/documents/${id}`).set(wrongOrg.auth).expect(404);
    const inbox = await test.http.get('/api/v1/documents?box=inbox').set(wrongOrg.auth).expect(200);
    expect(inbox.body.items.map((d: { id: string }) => d.id)).not.toContain(id);
    const feed = await test.dataSource.query(
      `SELECT type FROM organization_events WHERE "organizationId" = $1 AND "documentId" = $2 ORDER BY "createdAt"`,
      [wrongOrg.id, id],
    );
    expect(feed.map((e: { type: string }) => e.type)).toContain('document.recipient_replaced');
    // The mistyped organization learns it no longer takes part, not whom the document went to;
    // the sender's own feed says by whom it replaced it.
    const replacedData = async (organizationId: string) =>
      (
        (await test.dataSource.query(
          `SELECT data FROM organization_events WHERE "organizationId" = $1 AND "documentId" = $2 AND type = 'document.recipient_replaced'`,
          [organizationId, id],
        )) as { data: Record<string, unknown> }[]
      ).map((e) => e.data);
    const [told] = await replacedData(wrongOrg.id);
    expect(told).toMatchObject({ identifier: WRONG_BIN });
    expect(told).not.toHaveProperty('replacedBy');
    expect(JSON.stringify(told)).not.toContain(OUTSIDER_IIN);
    expect(await replacedData(sender.id)).toEqual([expect.objectContaining({ identifier: WRONG_BIN, replacedBy: OUTSIDER_IIN })]);
    // The sender cannot act on a withdrawn recipient any more.
    const annul = await test.http
      .post(`/api/v1/documents/${id}/statements`)
      .set(sender.auth)
      .send({ action: 'offer_annulment', recipientId: oldId, reason: 'ошибка' })
      .expect(409);
    expect(annul.body.error.code).toBe('DOCUMENT_RECIPIENT_WITHDRAWN');

    // A wrong replacement is undone by replacing back: the withdrawn identifier no longer blocks it.
    const current = (await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200)).body.recipients.find(
      (r: { identifier: string; withdrawnAt: string | null }) => r.identifier === OUTSIDER_IIN && !r.withdrawnAt,
    ).id as string;
    const back = await test.http
      .post(`/api/v1/documents/${id}/recipients/${current}/replace`)
      .set(sender.auth)
      .send({ identifier: WRONG_BIN })
      .expect(201);
    const live = back.body.recipients.filter((r: { withdrawnAt: string | null }) => !r.withdrawnAt);
    expect(live).toEqual([expect.objectContaining({ identifier: WRONG_BIN, registered: true })]);
    await test.http.get(`/api/v1/documents/${id}`).set(wrongOrg.auth).expect(200);
    // Twice to one identifier still among the recipients: 409 as before.
    const twice = await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: WRONG_BIN }] })
      .expect(409);
    expect(twice.body.error.code).toBe('DOCUMENT_RECIPIENT_EXISTS');
    // Two corrections, one sending: still one ledger entry.
    expect(await ledgerCount(id)).toBe(1);
  });
});
