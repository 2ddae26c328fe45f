import { randomBytes } from 'node:crypto';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import { DocOrg, linkTokenIn, operatorOrganization, storedKeys, uploadRequest } from '../utils/documents';
import {
  binaryBody,
  createSignatureTestApp,
  forgetTestPkiIdentities,
  SignatureTestApp,
  signAs,
  uploadSignAndSend,
} from '../utils/signature-test-app';
import { startSmtpCatcher } from '../utils/smtp-catcher';

// Registered sender → unregistered recipient: the e-mailed link, read from a real SMTP catch,
// is the recipient's only key; signing still needs a certificate of the addressed IIN.
const SENDER_BIN = '150140001239';
const OUTSIDER_IIN = '850315300128';
const SENDER_KEY = 'rsa/ceo-sign';
const OUTSIDER_KEY = 'rsa/individual-sign';
const MAX_BYTES = 64 * 1024;

describe('document links for unregistered recipients', () => {
  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let sender: DocOrg;

  async function signedAndSentTo(email: string, bytes: Buffer): Promise<{ id: string; recipientId: string; token: string }> {
    const { id, sent } = await uploadSignAndSend(test, sender, SENDER_KEY, bytes, { title: 'Счёт на оплату', kind: 'invoice' }, [
      { identifier: OUTSIDER_IIN, email },
    ]);
    expect(sent.body.recipients[0]).toMatchObject({ registered: false, email });
    const mail = await smtp.waitForMailTo(email);
    expect(mail.subject).toContain('Счёт на оплату');
    expect(mail.text).toContain('Открыть документ');
    expect(mail.text).toContain('Құжатты ашу');
    return { id, recipientId: sent.body.recipients[0].id as string, token: linkTokenIn(mail.text) };
  }

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    test = await createSignatureTestApp({
      S3_ENDPOINT: testS3Endpoint(),
      ...TEST_S3_CREDENTIALS,
      SMTP_URL: smtp.url,
      DOCUMENT_MAX_BYTES: String(MAX_BYTES),
      PUBLIC_URL: 'https://edo.test.kz',
      // The link routes' own budget; the last test exhausts it.
      LINK_RATE_LIMIT_PER_MINUTE: '40',
    });
    await forgetTestPkiIdentities(test.dataSource);
    sender = await operatorOrganization(test, SENDER_BIN, 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
  });
  afterAll(async () => {
    await forgetTestPkiIdentities(test.dataSource);
    await test.close();
    await smtp.close();
  });

  it('lets the outsider read, download and counter-sign through the e-mailed link', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(4096)]);
    // An address of this test's own: other files running beside it mail outsider@example.kz too,
    // and the jobs table is shared.
    const outsiderEmail = `outsider-${randomBytes(4).toString('hex')}@example.kz`;
    const { id, token } = await signedAndSentTo(outsiderEmail, bytes);
    // Only the hash of the token is stored.
    const stored = await test.dataSource.query(`SELECT "tokenHash" FROM recipient_links WHERE "documentId" = $1`, [id]);
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);
    // The mail job never held the token in plain, and keeps no sealed copy once the mail is sent.
    const mailJobs = async () =>
      (await test.dataSource.query(`SELECT state, payload FROM jobs WHERE name = 'mail.send' AND payload->>'to' = $1`, [
        outsiderEmail,
      ])) as { state: string; payload: Record<string, unknown> }[];
    for (let tries = 0; (await mailJobs()).some((job) => job.state !== 'completed'); tries++) {
      if (tries > 200) throw new Error('the mail job never completed');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const jobs = await mailJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0].payload.sealedSecret).toBe('');
    expect(JSON.stringify(jobs[0].payload)).toContain('{{secret}}');
    const anywhere = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM jobs WHERE payload::text LIKE $1 OR coalesce("lastError", '') LIKE $1`,
      [`%${token}%`],
    );
    expect(anywhere[0].n).toBe(0);

    const page = await test.http.get(`/l/${token}`).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('/api/v1/links/');

    const view = await test.http.get(`/api/v1/links/${token}`).expect(200);
    expect(view.body).toMatchObject({ id, title: 'Счёт на оплату', side: 'recipient', status: 'awaiting_recipient' });
    expect(view.body.signatures[0]).toMatchObject({
      role: 'sender',
      indication: 'TOTAL_PASSED',
      revocation: 'PASSED',
      report: { indication: 'TOTAL_PASSED' },
    });
    const content = await test.http.get(`/api/v1/links/${token}/content`).buffer(true).parse(binaryBody).expect(200);
    expect(Buffer.compare(content.body as Buffer, bytes)).toBe(0);

    // A certificate of another identifier cannot sign for the addressed IIN.
    const wrong = await test.http
      .post(`/api/v1/links/${token}/actions/sign`)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(403);
    expect(wrong.body.error.code).toBe('SIGNATURE_WRONG_ORGANIZATION');

    // A signed receipt through a statement, then the counter-signature.
    const statement = await test.http.post(`/api/v1/links/${token}/statements`).send({ action: 'receipt' }).expect(201);
    await test.http
      .post(`/api/v1/links/${token}/actions/receipt`)
      .send({ statement: statement.body.statement, cms: await signAs(OUTSIDER_KEY, statement.body.statement) })
      .expect(201);
    const signed = await test.http
      .post(`/api/v1/links/${token}/actions/sign`)
      .send({ cms: await signAs(OUTSIDER_KEY, bytes) })
      .expect(201);
    expect(signed.body.recipient).toMatchObject({ receipt: 'receipt_signed', response: 'signed', status: 'signed_by_both' });

    const own = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(own.body.status).toBe('signed_by_both');
    expect(own.body.events.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual(
      expect.arrayContaining([
        ['document.delivered', `link:${OUTSIDER_IIN}`],
        ['document.opened', `link:${OUTSIDER_IIN}`],
        ['document.receipt_signed', `link:${OUTSIDER_IIN}`],
        ['document.signed_by_recipient', `link:${OUTSIDER_IIN}`],
      ]),
    );

    // The outsider, registered nowhere, is named by the certificate it signed with: in the
    // document's view, in the outbox, and the outbox search finds it by that name (issue 20).
    const signerName = own.body.signatures.find((s: { role: string }) => s.role === 'recipient').signer.name as string;
    expect(own.body.recipients[0]).toMatchObject({ identifier: OUTSIDER_IIN, name: signerName });
    const outbox = await test.http
      .get('/api/v1/documents')
      .query({ box: 'outbox', q: signerName.slice(0, 6) })
      .set(sender.auth)
      .expect(200);
    const listed = outbox.body.items.find((item: { id: string }) => item.id === id);
    expect(listed.recipients[0]).toMatchObject({ identifier: OUTSIDER_IIN, name: signerName });
  });

  it('records the delivery and opening that a counter-signature through the link implies, with no acting organization', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(1024)]);
    const { id, recipientId, token } = await signedAndSentTo('unread@example.kz', bytes);
    // Signed straight away: the link's document was never read or downloaded.
    await test.http
      .post(`/api/v1/links/${token}/actions/sign`)
      .send({ cms: await signAs(OUTSIDER_KEY, bytes) })
      .expect(201);
    const own = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(own.body.recipients[0]).toMatchObject({ receipt: 'opened', deliveredAt: expect.any(String) });
    expect(own.body.events.slice(3).map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ['document.delivered', `link:${OUTSIDER_IIN}`],
      ['document.opened', `link:${OUTSIDER_IIN}`],
      ['document.signed_by_recipient', `link:${OUTSIDER_IIN}`],
    ]);
    const feed = await test.http.get(`/api/v1/events?after=0&limit=100&documentId=${id}`).set(sender.auth).expect(200);
    const steps = feed.body.items.slice(3) as { seq: string; type: string; recipientId: string; data: Record<string, unknown> }[];
    expect(steps.map((item) => [item.type, item.recipientId, item.data.actorOrganizationId])).toEqual([
      ['document.delivered', recipientId, null],
      ['document.opened', recipientId, null],
      ['document.signed_by_recipient', recipientId, null],
    ]);
    // The sender is told of the outsider's signature.
    const signed = steps[2];
    const fanOut = await test.dataSource.query(`SELECT 1 FROM jobs WHERE "dedupKey" = $1`, [`notify:${sender.id}:${signed.seq}`]);
    expect(fanOut).toHaveLength(1);
  });

  it('never calls a signature fully valid in any view when its report could not establish revocation', async () => {
    const bytes = Buffer.from('Акт без проверки отзыва\n');
    const { id, token } = await signedAndSentTo('unchecked@example.kz', bytes);
    // A report as a policy that skips revocation leaves it: TOTAL_PASSED, REVOCATION NOT_CHECKED.
    // Stored reports are immutable: replica mode (this transaction only) suspends the trigger.
    await test.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(
        `UPDATE document_signatures
            SET report = jsonb_set(report, '{signers,0,checks}', (
                  SELECT jsonb_agg(CASE WHEN c->>'name' = 'REVOCATION'
                                        THEN jsonb_build_object('name', 'REVOCATION', 'status', 'NOT_CHECKED', 'message', 'revocation checking is off by policy')
                                        ELSE c END)
                    FROM jsonb_array_elements(report->'signers'->0->'checks') c))
          WHERE "documentId" = $1`,
        [id],
      );
    });
    const unchecked = { indication: 'INDETERMINATE', subIndication: 'TRY_LATER', revocation: 'NOT_CHECKED' };
    const own = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(own.body.signatures).toEqual([expect.objectContaining({ role: 'sender', ...unchecked })]);
    const viaLink = await test.http.get(`/api/v1/links/${token}`).expect(200);
    // The report itself is shown as it is; the service's own label is not TOTAL_PASSED.
    expect(viaLink.body.signatures).toEqual([
      expect.objectContaining({ role: 'sender', ...unchecked, report: expect.objectContaining({ indication: 'TOTAL_PASSED' }) }),
    ]);
    const card = await test.http.get(`/api/v1/public/documents/${id}`).expect(200);
    expect(card.body.signatures).toEqual([expect.objectContaining({ role: 'sender', ...unchecked })]);
  });

  it('answers 410 once the sender revoked the link or it expired, 404 to a made-up token', async () => {
    const bytes = Buffer.from('Акт сверки взаиморасчётов\n');
    const revoked = await signedAndSentTo('revoked@example.kz', bytes);
    await test.http.get(`/api/v1/links/${revoked.token}`).expect(200);
    await test.http
      .post(`/api/v1/documents/${revoked.id}/recipients/${revoked.recipientId}/link/revoke`)
      .set(sender.auth)
      .expect(201);
    const gone = await test.http.get(`/api/v1/links/${revoked.token}`).expect(410);
    expect(gone.body.error.code).toBe('LINK_REVOKED');

    const expiring = await signedAndSentTo('expiring@example.kz', bytes);
    test.clock.advance(31 * 86_400_000);
    try {
      const expired = await test.http.get(`/api/v1/links/${expiring.token}/content`).expect(410);
      expect(expired.body.error.code).toBe('LINK_EXPIRED');
    } finally {
      test.clock.advance(-31 * 86_400_000);
    }
    const unknown = await test.http.get(`/api/v1/links/${randomBytes(32).toString('base64url')}`).expect(404);
    expect(unknown.body.error.code).toBe('LINK_NOT_FOUND');
  });

  it('refuses an upload over DOCUMENT_MAX_BYTES with 413 and leaves no object behind', async () => {
    const prefix = `documents/${sender.id}/`;
    const before = await storedKeys(prefix);
    const response = await uploadRequest(test, sender, randomBytes(MAX_BYTES + 10_000)).expect(413);
    expect(response.body.error).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', details: { maxBytes: MAX_BYTES } });
    expect(await storedKeys(prefix)).toEqual(before);
    const rows = await test.dataSource.query(`SELECT count(*)::int AS n FROM documents WHERE "ownerOrganizationId" = $1`, [
      sender.id,
    ]);

    // Bad metadata: 400 with the fields, nothing stored either.
    const bad = await uploadRequest(test, sender, Buffer.from('x'), { kind: 'letter', amountMinor: '-5' }).expect(400);
    expect(bad.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['amountMinor', 'kind']);
    expect(await storedKeys(prefix)).toEqual(before);
    const after = await test.dataSource.query(`SELECT count(*)::int AS n FROM documents WHERE "ownerOrganizationId" = $1`, [
      sender.id,
    ]);
    expect(after[0].n).toBe(rows[0].n);

    // No file part at all.
    const noFile = await test.http
      .post('/api/v1/documents')
      .set(sender.auth)
      .field('title', 'x')
      .field('kind', 'other')
      .expect(400);
    expect(noFile.body.error.details.fields[0].field).toBe('file');
  });

  it('rate-limits the link routes', async () => {
    const token = randomBytes(32).toString('base64url');
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await test.http.get(`/api/v1/links/${token}`)).status);
    expect(statuses).toContain(404);
    expect(statuses[statuses.length - 1]).toBe(429);
  });
});
