import { createHash, randomBytes } from 'node:crypto';
import { IdempotencyRepository } from '../../src/common/idempotency/idempotency.repository';
import { DocumentHistory } from '../../src/documents/persistence/document-history';
import { DocumentsRepository } from '../../src/documents/persistence/documents.repository';
import { DocumentsService } from '../../src/documents/documents.service';
import { DocumentRecipient } from '../../src/documents/entities/document-recipient.entity';
import { DocumentRecord } from '../../src/documents/entities/document.entity';
import { TEST_S3_CREDENTIALS, testDatabaseKind, testS3Endpoint } from '../utils/backends';
import { DocOrg, operatorOrganization, storedKeys, uploadRequest } from '../utils/documents';
import {
  binaryBody,
  createSignatureTestApp,
  forgetTestPkiIdentities,
  SignatureTestApp,
  signAs,
} from '../utils/signature-test-app';
import { createOrganization, randomBin } from '../utils/test-app';

// Registered ↔ registered on PostgreSQL + S3: the test PKI has one legal entity (ТОО "ЭДО ТЕСТ",
// BIN 150140001239) and individuals; the second party is the individual IIN 850315300128.
const SENDER_BIN = '150140001239';
const RECIPIENT_IIN = '850315300128';
const SENDER_KEY = 'rsa/ceo-sign';
const RECIPIENT_KEY = 'rsa/individual-sign';

describe('document flow between registered organizations', () => {
  let test: SignatureTestApp;
  let sender: DocOrg;
  let recipient: DocOrg;
  let stranger: DocOrg;

  const pdf = (label: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label}\n`), randomBytes(2048)]);

  async function upload(bytes: Buffer, fields: Record<string, string> = {}): Promise<string> {
    const response = await uploadRequest(test, sender, bytes, fields).expect(201);
    return response.body.id as string;
  }

  // Uploaded and signed by the sender, not sent yet.
  async function uploadSigned(bytes: Buffer, fields: Record<string, string> = {}): Promise<string> {
    const id = await upload(bytes, fields);
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    return id;
  }

  async function signAndSend(bytes: Buffer, fields: Record<string, string> = {}): Promise<{ id: string; recipientId: string }> {
    const id = await uploadSigned(bytes, fields);
    const sent = await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: RECIPIENT_IIN }] })
      .expect(201);
    return { id, recipientId: sent.body.recipients[0].id as string };
  }

  // Asks for the statement and signs exactly its bytes with `key`.
  async function statementAction(
    org: DocOrg,
    id: string,
    action: string,
    key: string,
    extra: { reason?: string; recipientId?: string } = {},
  ) {
    const issued = await test.http
      .post(`/api/v1/documents/${id}/statements`)
      .set(org.auth)
      .send({ action, ...extra })
      .expect(201);
    const text = issued.body.statement as string;
    expect(Buffer.from(issued.body.statementBase64, 'base64').toString('utf8')).toBe(text);
    return test.http
      .post(`/api/v1/documents/${id}/actions/${action}`)
      .set(org.auth)
      .send({ statement: text, cms: await signAs(key, text), ...(extra.recipientId && { recipientId: extra.recipientId }) })
      .expect(201);
  }

  // Runs `request` as if its process died right after its handler's own work: no answer stored
  // outside the handler's transaction, no clean-up of the idempotency claim.
  async function crashingAfterHandler<T>(request: () => Promise<T>): Promise<T> {
    const repository = test.app.get(IdempotencyRepository);
    const complete = repository.complete.bind(repository);
    const afterHandler = jest
      .spyOn(repository, 'complete')
      .mockImplementation((claim, status, body, manager) =>
        manager ? complete(claim, status, body, manager) : Promise.reject(new Error('process died')),
      );
    const cleanUp = jest.spyOn(repository, 'release').mockResolvedValue(undefined);
    try {
      return await request();
    } finally {
      afterHandler.mockRestore();
      cleanUp.mockRestore();
    }
  }

  beforeAll(async () => {
    test = await createSignatureTestApp({ S3_ENDPOINT: testS3Endpoint(), ...TEST_S3_CREDENTIALS });
    await forgetTestPkiIdentities(test.dataSource);
    sender = await operatorOrganization(test, SENDER_BIN, 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
    recipient = await operatorOrganization(test, RECIPIENT_IIN, 'individual', 'ИП Тестова');
    const other = await createOrganization(test, 'ТОО «Чужой»');
    stranger = {
      id: other.id,
      identifier: other.identifier,
      key: other.apiKey,
      auth: { Authorization: `Bearer ${other.apiKey}` },
    };
  });
  afterAll(async () => {
    await forgetTestPkiIdentities(test.dataSource);
    await test.close();
  });

  it('uploads (sniffed type, SHA-256, sanitized name), signs, sends, and the recipient counter-signs', async () => {
    const bytes = pdf('contract');
    const uploaded = await uploadRequest(test, sender, bytes, {
      title: 'Договор № 7',
      number: '7',
      documentDate: '2026-02-01',
      amountMinor: '1250000',
      tags: ['поставка', 'Q1'],
    }).expect(201);
    expect(uploaded.body).toMatchObject({
      title: 'Договор № 7',
      kind: 'contract',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      fileName: 'Шарт.pdf',
      amountMinor: '1250000',
      currency: 'KZT',
      tags: ['поставка', 'Q1'],
      status: 'draft',
    });
    const id = uploaded.body.id as string;

    // Sending before the sender signed is refused.
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: RECIPIENT_IIN }] })
      .expect(409)
      .expect((r) => expect(r.body.error.code).toBe('DOCUMENT_NOT_SIGNED'));

    const signature = await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    expect(signature.body).toMatchObject({ role: 'sender', indication: 'TOTAL_PASSED', signer: { bin: SENDER_BIN } });
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(409)
      .expect((r) => expect(r.body.error.code).toBe('DOCUMENT_ALREADY_SIGNED_BY_SENDER'));

    const sent = await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: RECIPIENT_IIN, email: 'ip@example.kz' }] })
      .expect(201);
    expect(sent.body.recipients).toEqual([
      expect.objectContaining({ identifier: RECIPIENT_IIN, registered: true, status: 'sent' }),
    ]);

    // The ledger counted it, exactly once.
    const ledger = await test.dataSource.query(`SELECT "organizationId", period FROM outgoing_ledger WHERE "documentId" = $1`, [
      id,
    ]);
    expect(ledger).toEqual([{ organizationId: sender.id, period: expect.stringMatching(/^\d{4}-\d{2}$/) }]);

    // The recipient's inbox and counters.
    const inbox = await test.http.get('/api/v1/documents?box=inbox').set(recipient.auth).expect(200);
    expect(inbox.body.items.map((d: { id: string }) => d.id)).toContain(id);
    const counters = await test.http.get('/api/v1/documents/counters').set(recipient.auth).expect(200);
    expect(counters.body.unreadIncoming).toBeGreaterThanOrEqual(1);
    expect(counters.body.awaitingMySignature).toBeGreaterThanOrEqual(1);

    // First read = delivery, first download = opening.
    const seen = await test.http.get(`/api/v1/documents/${id}`).set(recipient.auth).expect(200);
    expect(seen.body).toMatchObject({ side: 'recipient', status: 'awaiting_recipient' });
    expect(seen.body.recipients[0].deliveredAt).toBeTruthy();
    const content = await test.http
      .get(`/api/v1/documents/${id}/content`)
      .set(recipient.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(Buffer.compare(content.body as Buffer, bytes)).toBe(0);
    expect(content.headers['content-disposition']).toContain("filename*=UTF-8''%D0%A8%D0%B0%D1%80%D1%82.pdf");

    // The recipient counter-signs the document itself.
    const signed = await test.http
      .post(`/api/v1/documents/${id}/actions/sign`)
      .set(recipient.auth)
      .send({ cms: await signAs(RECIPIENT_KEY, bytes) })
      .expect(201);
    expect(signed.body.recipient).toMatchObject({ response: 'signed', status: 'signed_by_both' });

    const view = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(view.body.status).toBe('signed_by_both');
    expect(view.body.signatures.map((s: { role: string }) => s.role)).toEqual(['sender', 'recipient']);
    expect(view.body.events.map((e: { type: string }) => e.type)).toEqual([
      'document.uploaded',
      'document.signed_by_sender',
      'document.sent',
      'document.delivered',
      'document.opened',
      'document.signed_by_recipient',
    ]);
    // History is append-only in the database itself.
    await expect(test.dataSource.query(`UPDATE document_events SET reason = 'x' WHERE "documentId" = $1`, [id])).rejects.toThrow(
      /append-only/,
    );

    const outbox = await test.http
      .get('/api/v1/documents?box=outbox&status=signed_by_both&q=%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%20%E2%84%96%207')
      .set(sender.auth)
      .expect(200);
    expect(outbox.body.items.map((d: { id: string }) => d.id)).toEqual([id]);
    // A wildcard typed by the user is taken literally.
    const literal = await test.http.get('/api/v1/documents?box=outbox&q=%25').set(sender.auth).expect(200);
    expect(literal.body.items).toEqual([]);
  });

  it('gives an organization the operator creates later the documents already sent to its BIN', async () => {
    const laterBin = randomBin();
    const bytes = pdf('before onboarding');
    const id = await uploadSigned(bytes);
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: laterBin, email: `later-${laterBin}@example.kz` }] })
      .expect(201);

    const later = await operatorOrganization(test, laterBin, 'legal_entity', 'ТОО «Кейінірек»');
    const inbox = await test.http.get('/api/v1/documents?box=inbox').set(later.auth).expect(200);
    expect(inbox.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const feed = await test.http.get('/api/v1/events?after=0').set(later.auth).expect(200);
    expect(feed.body.items).toEqual([expect.objectContaining({ type: 'document.received', documentId: id })]);
  });

  it('refuses a signature by the wrong organization, a role the policy does not allow, and a tampered file', async () => {
    const bytes = pdf('checks');
    const id = await upload(bytes);
    const post = (cms: string) => test.http.post(`/api/v1/documents/${id}/signatures`).set(sender.auth).send({ cms });

    const wrong = await post(await signAs(RECIPIENT_KEY, bytes)).expect(403);
    expect(wrong.body.error.code).toBe('SIGNATURE_WRONG_ORGANIZATION');
    const role = await post(await signAs('rsa/employee-sign', bytes)).expect(403);
    expect(role.body.error).toMatchObject({ code: 'SIGNATURE_ROLE_NOT_ALLOWED', details: { allowedRoles: ['CEO', 'CAN_SIGN'] } });

    const detachedOther = await post(await signAs(SENDER_KEY, pdf('other bytes'))).expect(422);
    expect(detachedOther.body.error).toMatchObject({
      code: 'DOCUMENT_SIGNATURE_INVALID',
      details: { reason: 'SIGNATURE_CONTENT_MISMATCH', subIndication: 'HASH_FAILURE' },
    });
    const attachedOther = await post(await signAs(SENDER_KEY, pdf('attached other'), { detached: false })).expect(422);
    expect(attachedOther.body.error).toMatchObject({
      code: 'DOCUMENT_SIGNATURE_INVALID',
      details: { reason: 'SIGNATURE_CONTENT_MISMATCH' },
    });
    await post('bm90IGEgY21zIGF0IGFsbCwganVzdCB0ZXh0').expect(422);

    // Attached with identical content is accepted; the policy can admit the employee for contracts.
    await test.http
      .put('/api/v1/signing-policy')
      .set(sender.auth)
      .send({ contract: ['EMPLOYEE'] })
      .expect(200);
    await post(await signAs('rsa/employee-sign', bytes, { detached: false })).expect(201);
    const policy = await test.http
      .put('/api/v1/signing-policy')
      .set(sender.auth)
      .send({ contract: ['CEO', 'CAN_SIGN'] })
      .expect(200);
    expect(policy.body.invoice).toEqual(['CEO', 'CAN_SIGN', 'CAN_SIGN_FINANCIAL']);
    const read = await test.http.get('/api/v1/signing-policy').set(sender.auth).expect(200);
    expect(read.body).toEqual(policy.body);
  });

  it('records a refusal with its reason, after which signing is a conflict', async () => {
    const { id } = await signAndSend(pdf('refuse'));
    await test.http
      .post(`/api/v1/documents/${id}/statements`)
      .set(recipient.auth)
      .send({ action: 'refuse' })
      .expect(400)
      .expect((r) => expect(r.body.error.details.fields[0].field).toBe('reason'));

    const refused = await statementAction(recipient, id, 'refuse', RECIPIENT_KEY, { reason: 'Неверная сумма' });
    expect(refused.body.recipient).toMatchObject({ response: 'refused', status: 'refused', reason: 'Неверная сумма' });

    const again = await test.http
      .post(`/api/v1/documents/${id}/actions/sign`)
      .set(recipient.auth)
      .send({ cms: await signAs(RECIPIENT_KEY, Buffer.from('x')) })
      .expect(409);
    expect(again.body.error.code).toBe('DOCUMENT_REFUSED');

    const view = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    const event = view.body.events.find((e: { type: string }) => e.type === 'document.refused');
    expect(event).toMatchObject({ reason: 'Неверная сумма', signatureId: expect.any(String) });
    const stored = await test.dataSource.query(
      `SELECT statement FROM document_events WHERE "documentId" = $1 AND type = 'document.refused'`,
      [id],
    );
    expect(stored[0].statement).toContain('reason: Неверная сумма');
  });

  interface FeedItem {
    seq: string;
    type: string;
    recipientId: string | null;
    data: { actorOrganizationId?: string | null; eventSeq?: number };
  }
  const feedOf = async (org: DocOrg, id: string): Promise<FeedItem[]> =>
    (await test.http.get(`/api/v1/events?after=0&limit=100&documentId=${id}`).set(org.auth).expect(200)).body.items;
  // The e-mail fan-out queued for a feed event (its organization's users have e-mail addresses).
  const notified = async (org: DocOrg, item: FeedItem) =>
    (await test.dataSource.query(`SELECT 1 FROM jobs WHERE "dedupKey" = $1`, [`notify:${org.id}:${item.seq}`])).length > 0;

  it('records the delivery and opening that a counter-signature or a refusal implies, in both feeds, once', async () => {
    const bytes = pdf('signed unread');
    const signedUnread = await signAndSend(bytes);
    // Neither read nor downloaded: the counter-signature is the recipient's first step.
    await test.http
      .post(`/api/v1/documents/${signedUnread.id}/actions/sign`)
      .set(recipient.auth)
      .send({ cms: await signAs(RECIPIENT_KEY, bytes) })
      .expect(201);
    const refusedUnread = await signAndSend(pdf('refused unread'));
    await statementAction(recipient, refusedUnread.id, 'refuse', RECIPIENT_KEY, { reason: 'Не заказывали' });

    for (const [{ id, recipientId }, answer] of [
      [signedUnread, 'document.signed_by_recipient'],
      [refusedUnread, 'document.refused'],
    ] as const) {
      const view = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
      expect(view.body.recipients[0]).toMatchObject({ receipt: 'opened', deliveredAt: expect.any(String) });
      // History: the implied steps right before the answer, with the recipient as their actor.
      expect(view.body.events.map((e: { seq: number; type: string; recipientId: string | null }) => [e.seq, e.type])).toEqual([
        [1, 'document.uploaded'],
        [2, 'document.signed_by_sender'],
        [3, 'document.sent'],
        [4, 'document.delivered'],
        [5, 'document.opened'],
        [6, answer],
      ]);
      expect(new Set(view.body.events.slice(3).map((e: { actor: string }) => e.actor)).size).toBe(1);
      // Both feeds tell the same, as after an explicit read.
      for (const org of [sender, recipient]) {
        const steps = (await feedOf(org, id)).filter((item) => item.data.eventSeq! >= 4);
        expect(steps.map((item) => [item.type, item.recipientId, item.data.eventSeq])).toEqual([
          ['document.delivered', recipientId, 4],
          ['document.opened', recipientId, 5],
          [answer, recipientId, 6],
        ]);
      }
      // Read afterwards: nothing more to record.
      await test.http.get(`/api/v1/documents/${id}`).set(recipient.auth).expect(200);
      await test.http.get(`/api/v1/documents/${id}/content`).set(recipient.auth).buffer(true).parse(binaryBody).expect(200);
      expect((await feedOf(recipient, id)).map((item) => item.type).filter((type) => type.endsWith('.delivered'))).toHaveLength(
        1,
      );
      expect((await feedOf(recipient, id)).map((item) => item.type).filter((type) => type.endsWith('.opened'))).toHaveLength(1);
    }
  });

  it('names the acting organization on every feed event and e-mails only the other side about an action', async () => {
    const bytes = pdf('who acted');
    const { id, recipientId } = await signAndSend(bytes);
    await test.http.get(`/api/v1/documents/${id}`).set(recipient.auth).expect(200);
    await test.http
      .post(`/api/v1/documents/${id}/actions/sign`)
      .set(recipient.auth)
      .send({ cms: await signAs(RECIPIENT_KEY, bytes) })
      .expect(201);
    await statementAction(sender, id, 'offer_annulment', SENDER_KEY, {
      reason: 'Ошибка в реквизитах',
      recipientId,
    });
    await statementAction(recipient, id, 'accept_annulment', RECIPIENT_KEY);

    const actorOf = (type: string) =>
      ({
        'document.uploaded': sender.id,
        'document.signed_by_sender': sender.id,
        'document.sent': sender.id,
        'document.received': sender.id,
        'document.annulment_offered': sender.id,
      })[type] ?? recipient.id;
    const senderFeed = await feedOf(sender, id);
    const recipientFeed = await feedOf(recipient, id);
    expect(senderFeed.map((item) => item.type)).toEqual([
      'document.uploaded',
      'document.signed_by_sender',
      'document.sent',
      'document.delivered',
      'document.opened',
      'document.signed_by_recipient',
      'document.annulment_offered',
      'document.annulment_accepted',
    ]);
    expect(recipientFeed.map((item) => item.type)).toEqual([
      'document.received',
      'document.delivered',
      'document.opened',
      'document.signed_by_recipient',
      'document.annulment_offered',
      'document.annulment_accepted',
    ]);
    for (const item of [...senderFeed, ...recipientFeed])
      expect([item.type, item.data.actorOrganizationId]).toEqual([item.type, actorOf(item.type)]);

    // E-mails: each side about the other's steps only.
    const mailedAbout = async (org: DocOrg, feed: FeedItem[]) => {
      const types: string[] = [];
      for (const item of feed) if (await notified(org, item)) types.push(item.type);
      return types;
    };
    expect(await mailedAbout(sender, senderFeed)).toEqual(['document.signed_by_recipient', 'document.annulment_accepted']);
    expect(await mailedAbout(recipient, recipientFeed)).toEqual(['document.received', 'document.annulment_offered']);
  });

  it('checks statements: issued for this actor and action only, used once, signed by the addressed identifier', async () => {
    const { id } = await signAndSend(pdf('statements'));
    const issued = await test.http
      .post(`/api/v1/documents/${id}/statements`)
      .set(recipient.auth)
      .send({ action: 'receipt' })
      .expect(201);
    const text = issued.body.statement as string;
    const act = async (action: string, statement: string, key: string) =>
      test.http
        .post(`/api/v1/documents/${id}/actions/${action}`)
        .set(recipient.auth)
        .send({ statement, cms: await signAs(key, statement) });

    expect((await act('request_correction', text, RECIPIENT_KEY)).body.error.code).toBe('DOCUMENT_STATEMENT_INVALID');
    expect((await act('receipt', text.replace('receipt', 'receipt '), RECIPIENT_KEY)).body.error.code).toBe(
      'DOCUMENT_STATEMENT_INVALID',
    );
    expect((await act('receipt', text, SENDER_KEY)).status).toBe(403);
    const ok = await act('receipt', text, RECIPIENT_KEY);
    expect(ok.status).toBe(201);
    expect(ok.body.recipient).toMatchObject({ receipt: 'receipt_signed', receiptSignedAt: expect.any(String) });
    expect((await act('receipt', text, RECIPIENT_KEY)).body.error.code).toBe('DOCUMENT_STATEMENT_USED');

    // A statement waits DOCUMENT_STATEMENT_TTL_SECONDS (900 s) for its signature, no longer.
    const late = await test.http.post(`/api/v1/documents/${id}/statements`).set(recipient.auth).send({ action: 'sign_later' });
    expect(late.status).toBe(400);
    const fresh = await test.http
      .post(`/api/v1/documents/${id}/statements`)
      .set(recipient.auth)
      .send({ action: 'request_correction', reason: 'Опечатка' })
      .expect(201);
    test.clock.advance(901_000);
    try {
      const expired = await act('request_correction', fresh.body.statement as string, RECIPIENT_KEY);
      expect([expired.status, expired.body.error.code]).toEqual([410, 'DOCUMENT_STATEMENT_EXPIRED']);
    } finally {
      test.clock.advance(-901_000);
    }
  });

  it('annuls a signed document: offered by the sender, accepted by the recipient', async () => {
    const bytes = pdf('annul');
    const { id, recipientId } = await signAndSend(bytes);
    await test.http
      .post(`/api/v1/documents/${id}/actions/sign`)
      .set(recipient.auth)
      .send({ cms: await signAs(RECIPIENT_KEY, bytes) })
      .expect(201);

    // The recipient cannot accept what nobody offered.
    await test.http
      .post(`/api/v1/documents/${id}/statements`)
      .set(recipient.auth)
      .send({ action: 'accept_annulment' })
      .expect(409)
      .expect((r) => expect(r.body.error.code).toBe('DOCUMENT_ANNULMENT_NOT_OFFERED'));

    const offered = await statementAction(sender, id, 'offer_annulment', SENDER_KEY, {
      reason: 'Ошибка в реквизитах',
      recipientId,
    });
    expect(offered.body.recipient).toMatchObject({ annulment: 'offered_by_sender', status: 'annulment_offered' });
    const awaiting = await test.http.get('/api/v1/documents?box=awaiting_my_signature').set(recipient.auth).expect(200);
    expect(awaiting.body.items.map((d: { id: string }) => d.id)).toContain(id);

    const accepted = await statementAction(recipient, id, 'accept_annulment', RECIPIENT_KEY);
    expect(accepted.body.recipient).toMatchObject({ annulment: 'accepted', status: 'annulled' });

    const view = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(view.body.status).toBe('annulled');
    await test.http
      .post(`/api/v1/documents/${id}/statements`)
      .set(recipient.auth)
      .send({ action: 'receipt' })
      .expect(409)
      .expect((r) => expect(r.body.error.code).toBe('DOCUMENT_ANNULLED'));
  });

  it('sends an all-or-nothing package only when every document is signed, and a refusal refuses all of it', async () => {
    const first = pdf('package 1');
    const second = pdf('package 2');
    const a = await upload(first, { title: 'Акт 1', kind: 'act' });
    const b = await upload(second, { title: 'Счёт 2', kind: 'invoice' });
    await test.http
      .post(`/api/v1/documents/${a}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, first) })
      .expect(201);

    const incomplete = await test.http
      .post('/api/v1/packages')
      .set(sender.auth)
      .send({ documentIds: [a, b], allOrNothing: true, recipients: [{ identifier: RECIPIENT_IIN }] })
      .expect(409);
    expect(incomplete.body.error).toMatchObject({ code: 'PACKAGE_INCOMPLETE', details: { documentIds: [b] } });
    // Nothing was half-done: no package, nothing sent.
    const rows = await test.dataSource.query(`SELECT "packageId", "sentAt" FROM documents WHERE id = ANY($1)`, [[a, b]]);
    expect(rows).toEqual([
      { packageId: null, sentAt: null },
      { packageId: null, sentAt: null },
    ]);

    await test.http
      .post(`/api/v1/documents/${b}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, second) })
      .expect(201);
    const pack = await test.http
      .post('/api/v1/packages')
      .set(sender.auth)
      .send({ documentIds: [a, b], allOrNothing: true, recipients: [{ identifier: RECIPIENT_IIN }] })
      .expect(201);
    expect(pack.body.documents.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);

    await statementAction(recipient, a, 'refuse', RECIPIENT_KEY, { reason: 'Пакет не согласован' });
    const after = await test.http.get(`/api/v1/packages/${pack.body.id}`).set(sender.auth).expect(200);
    expect(after.body.documents.map((d: { status: string }) => d.status)).toEqual(['refused', 'refused']);
  });

  it('records a correction request; the recipient offers an annulment and the sender rejects it', async () => {
    const bytes = pdf('correction');
    const corrected = await signAndSend(bytes);
    const correction = await statementAction(recipient, corrected.id, 'request_correction', RECIPIENT_KEY, {
      reason: 'Исправьте дату',
    });
    expect(correction.body.recipient).toMatchObject({ response: 'correction_requested', status: 'correction_requested' });

    const signedBytes = pdf('recipient annulment');
    const signed = await signAndSend(signedBytes);
    await test.http
      .post(`/api/v1/documents/${signed.id}/actions/sign`)
      .set(recipient.auth)
      .send({ cms: await signAs(RECIPIENT_KEY, signedBytes) })
      .expect(201);
    await statementAction(recipient, signed.id, 'offer_annulment', RECIPIENT_KEY, { reason: 'Дубликат' });
    // The offer now waits for the sender.
    const awaiting = await test.http.get('/api/v1/documents?box=awaiting_my_signature').set(sender.auth).expect(200);
    expect(awaiting.body.items.map((d: { id: string }) => d.id)).toContain(signed.id);
    const rejected = await statementAction(sender, signed.id, 'reject_annulment', SENDER_KEY, {
      recipientId: signed.recipientId,
    });
    expect(rejected.body.recipient).toMatchObject({ annulment: 'rejected', status: 'signed_by_both' });

    // Both organizations' feeds got the steps (sender: sent, recipient: received).
    const feed: { organizationId: string; type: string }[] = await test.dataSource.query(
      `SELECT "organizationId", type FROM organization_events WHERE "documentId" = $1 ORDER BY seq`,
      [signed.id],
    );
    const typesOf = (org: DocOrg) => feed.filter((e) => e.organizationId === org.id).map((e) => e.type);
    expect(typesOf(sender)).toEqual(
      expect.arrayContaining([
        'document.sent',
        'document.signed_by_recipient',
        'document.annulment_offered',
        'document.annulment_rejected',
      ]),
    );
    expect(typesOf(recipient)).toEqual(
      expect.arrayContaining(['document.received', 'document.signed_by_recipient', 'document.annulment_rejected']),
    );
    expect(typesOf(recipient)).not.toContain('document.uploaded');
  });

  it('enforces rights: a read-only key lists and reads but cannot upload, sign or send', async () => {
    const key = await test.http
      .post('/api/v1/api-keys')
      .set(sender.auth)
      .send({ name: 'read only', rights: { documents: 'read', signing: 'none', billing: 'none', administration: 'none' } })
      .expect(201);
    const readOnly = { Authorization: `Bearer ${key.body.secret}` };
    const bytes = pdf('rights');
    const id = await upload(bytes);
    await test.http.get('/api/v1/documents?box=drafts').set(readOnly).expect(200);
    await test.http.get(`/api/v1/documents/${id}`).set(readOnly).expect(200);
    await uploadRequest(test, { ...sender, auth: readOnly }, bytes).expect(403);
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(readOnly)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(403);
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(readOnly)
      .send({ recipients: [{ identifier: RECIPIENT_IIN }] })
      .expect(403);
  });

  it('lets exactly one of two concurrent counter-signatures through', async () => {
    const bytes = pdf('race');
    const { id } = await signAndSend(bytes);
    const cms = await signAs(RECIPIENT_KEY, bytes);
    const [one, two] = await Promise.all([
      test.http.post(`/api/v1/documents/${id}/actions/sign`).set(recipient.auth).send({ cms }),
      test.http.post(`/api/v1/documents/${id}/actions/sign`).set(recipient.auth).send({ cms }),
    ]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    expect([one.body.error?.code, two.body.error?.code]).toContain('DOCUMENT_ALREADY_SIGNED');
    const signatures = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM document_signatures WHERE "documentId" = $1 AND role = 'recipient'`,
      [id],
    );
    expect(signatures[0].n).toBe(1);
  });

  it('writes nothing for an event decided on a stale read, and decides it again on the current row', async () => {
    const bytes = pdf('stale read');
    const { id, recipientId } = await signAndSend(bytes);
    const history = test.app.get(DocumentHistory);
    const repository = test.app.get(DocumentsRepository);
    const stale = (await repository.findDocument(id))!;
    const feedBefore = await test.dataSource.query(`SELECT count(*)::int AS n FROM organization_events WHERE "documentId" = $1`, [
      id,
    ]);
    // Another event comes first: the recipient opens the document.
    await test.http.get(`/api/v1/documents/${id}`).set(recipient.auth).expect(200);
    const actor = { organizationId: sender.id, userId: null, label: 'test' };
    // As the sender's revocation of the recipient's link writes it (the event names the recipient).
    const event = { type: 'document.link_revoked' as const, recipientId, notify: [sender.id] };
    expect(await history.appendIfUnchanged({ ...stale } as DocumentRecord, actor, event)).toBeNull();
    const seqs = async () =>
      (await test.dataSource.query(`SELECT seq FROM document_events WHERE "documentId" = $1 ORDER BY seq`, [id])).map(
        (row: { seq: number }) => Number(row.seq),
      );
    expect(await seqs()).toEqual([1, 2, 3, 4]);
    const feedAfter = await test.dataSource.query(`SELECT count(*)::int AS n FROM organization_events WHERE "documentId" = $1`, [
      id,
    ]);
    // Only the delivery's entries (the sender's and the recipient's feed), none of the refused write.
    expect(feedAfter[0].n).toBe(feedBefore[0].n + 2);

    // appendAsRead reads the document again and asks for the event anew.
    const seen: number[] = [];
    await test.app.get(DocumentsService).appendAsRead({ ...stale } as DocumentRecord, actor, (current) => {
      seen.push(current.lastEventSeq);
      return event;
    });
    expect(seen).toEqual([3, 4]);
    expect(await seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets one of two concurrent sends to the same recipient through, and both sends to two recipients', async () => {
    const sendTo = (id: string, identifier: string) =>
      test.http
        .post(`/api/v1/documents/${id}/send`)
        .set(sender.auth)
        .send({ recipients: [{ identifier }] });
    const count = async (table: string, id: string) =>
      (await test.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE "documentId" = $1`, [id]))[0].n;

    // The same recipient twice at once: one send is written, the other is decided on the
    // current row (the recipient exists) and refused; one recipient, one ledger row, one event.
    const same = await uploadSigned(pdf('send race'));
    const [one, two] = await Promise.all([sendTo(same, RECIPIENT_IIN), sendTo(same, RECIPIENT_IIN)]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    expect([one.body.error?.code, two.body.error?.code]).toContain('DOCUMENT_RECIPIENT_EXISTS');
    expect(await count('document_recipients', same)).toBe(1);
    expect(await count('outgoing_ledger', same)).toBe(1);
    const sentEvents = `SELECT count(*)::int AS n FROM document_events WHERE "documentId" = $1 AND type = 'document.sent'`;
    expect((await test.dataSource.query(sentEvents, [same]))[0].n).toBe(1);

    // Two recipients at once, one per request: both are written, with consecutive event numbers.
    const second = await operatorOrganization(test, randomBin(), 'legal_entity', 'ТОО «Екінші алушы»');
    const both = await uploadSigned(pdf('two sends'));
    const answers = await Promise.all([sendTo(both, RECIPIENT_IIN), sendTo(both, second.identifier)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    expect(await count('document_recipients', both)).toBe(2);
    expect(await count('outgoing_ledger', both)).toBe(2);
    const seqs = await test.dataSource.query(`SELECT seq FROM document_events WHERE "documentId" = $1 ORDER BY seq`, [both]);
    expect(seqs.map((row: { seq: number }) => Number(row.seq))).toEqual([1, 2, 3, 4]);
  });

  // Needs a second session waiting on a row lock: the embedded server (PGlite) serves every
  // connection from one session, so there the open transaction would hold the send until it ends.
  (testDatabaseKind() === 'postgresql' ? it : it.skip)(
    'refuses a send when the document was put into a package after the send read it',
    async () => {
      const id = await uploadSigned(pdf('package race'));
      const other = await upload(pdf('package race, other'));
      const pack = await test.http
        .post('/api/v1/packages')
        .set(sender.auth)
        .send({ documentIds: [other] })
        .expect(201);
      // createPackage's own steps, held open: the row locked and packageId set, not committed yet.
      const packaging = test.dataSource.createQueryRunner();
      await packaging.connect();
      await packaging.startTransaction();
      try {
        await packaging.query(`UPDATE documents SET "packageId" = $1 WHERE id = $2`, [pack.body.id, id]);
        const sending = test.http
          .post(`/api/v1/documents/${id}/send`)
          .set(sender.auth)
          .send({ recipients: [{ identifier: RECIPIENT_IIN }] })
          .then((response) => response);
        // The send has read the document (in no package) and its statement waits for the row lock.
        const waitingForLock = async () =>
          (
            await test.dataSource.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          )[0].n > 0;
        for (let tries = 0; !(await waitingForLock()); tries++) {
          if (tries > 200) throw new Error('the send never waited for the row lock');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await packaging.commitTransaction();
        const answer = await sending;
        expect(answer.status).toBe(409);
        expect(answer.body.error.code).toBe('DOCUMENT_IN_PACKAGE');
      } finally {
        if (packaging.isTransactionActive) await packaging.rollbackTransaction();
        await packaging.release();
      }
      expect(await test.dataSource.getRepository(DocumentRecipient).countBy({ documentId: id })).toBe(0);
    },
  );

  it('replays a send with the same Idempotency-Key instead of sending twice', async () => {
    const bytes = pdf('idempotent');
    const id = await uploadSigned(bytes);
    const send = () =>
      test.http
        .post(`/api/v1/documents/${id}/send`)
        .set(sender.auth)
        .set('Idempotency-Key', `send-${id}`)
        .send({ recipients: [{ identifier: RECIPIENT_IIN }] });
    const first = await send().expect(201);
    const second = await send().expect(201);
    expect(second.body).toEqual(first.body);
    expect(await test.dataSource.getRepository(DocumentRecipient).countBy({ documentId: id })).toBe(1);
    const ledger = await test.dataSource.query(`SELECT count(*)::int AS n FROM outgoing_ledger WHERE "documentId" = $1`, [id]);
    expect(ledger[0].n).toBe(1);
    // Without the key, a second send to the same recipient is a conflict.
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: RECIPIENT_IIN }] })
      .expect(409)
      .expect((r) => expect(r.body.error.code).toBe('DOCUMENT_RECIPIENT_EXISTS'));
  });

  it('replays a send whose process died right after it committed, before the interceptor stored its answer', async () => {
    const id = await uploadSigned(pdf('crash after commit'));
    const send = () =>
      test.http
        .post(`/api/v1/documents/${id}/send`)
        .set(sender.auth)
        .set('Idempotency-Key', `crash-${id}`)
        .send({ recipients: [{ identifier: RECIPIENT_IIN }] });
    const first = await crashingAfterHandler(() => send());
    expect(await test.dataSource.getRepository(DocumentRecipient).countBy({ documentId: id })).toBe(1);
    // Stored with the send's transaction, sealed like any stored answer.
    const [record] = await test.dataSource.query(`SELECT * FROM idempotency_records WHERE key = $1`, [`crash-${id}`]);
    expect(record).toMatchObject({ state: 'completed', responseBody: { sealed: expect.any(String) } });
    expect(JSON.stringify(record)).not.toContain(RECIPIENT_IIN);
    const retry = await send().expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.recipients).toEqual([expect.objectContaining({ identifier: RECIPIENT_IIN })]);
    if (first.status === 201) expect(retry.body).toEqual(first.body);
    // Also once the claim would count as abandoned (5 minutes).
    test.clock.advance(6 * 60_000);
    const later = await send().expect(201);
    expect(later.body).toEqual(retry.body);
    expect(await test.dataSource.getRepository(DocumentRecipient).countBy({ documentId: id })).toBe(1);
  });

  it('replays a package created and sent, or sent, whose process died right after it committed', async () => {
    const signed = async (label: string) => uploadSigned(pdf(label));
    const [a, b, c] = [await signed('crash pkg a'), await signed('crash pkg b'), await signed('crash pkg c')];
    const recipients = [{ identifier: RECIPIENT_IIN }];
    const create = () =>
      test.http
        .post('/api/v1/packages')
        .set(sender.auth)
        .set('Idempotency-Key', `crash-pkg-${a}`)
        .send({ documentIds: [a, b], recipients });
    await crashingAfterHandler(() => create());
    test.clock.advance(6 * 60_000);
    const created = await create().expect(201);
    expect(created.headers['idempotent-replayed']).toBe('true');
    expect(created.body.documents.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);
    const packages = await test.dataSource.query(`SELECT DISTINCT "packageId" FROM documents WHERE id = ANY($1)`, [[a, b]]);
    expect(packages).toEqual([{ packageId: created.body.id }]);

    const unsent = await test.http
      .post('/api/v1/packages')
      .set(sender.auth)
      .send({ documentIds: [c] })
      .expect(201);
    const send = () =>
      test.http
        .post(`/api/v1/packages/${unsent.body.id}/send`)
        .set(sender.auth)
        .set('Idempotency-Key', `crash-pkg-send-${c}`)
        .send({ recipients });
    await crashingAfterHandler(() => send());
    test.clock.advance(6 * 60_000);
    const sent = await send().expect(201);
    expect(sent.headers['idempotent-replayed']).toBe('true');
    expect(sent.body.documents.map((d: { status: string }) => d.status)).toEqual(['sent']);
  });

  it('fingerprints an upload under an Idempotency-Key with its file: another file is a conflict, the same file a replay', async () => {
    const key = `upload-${randomBytes(8).toString('hex')}`;
    const first = pdf('first file');
    const uploaded = await uploadRequest(test, sender, first, { title: 'Idempotent upload' })
      .set('Idempotency-Key', key)
      .expect(201);
    const id = uploaded.body.id as string;
    const keysBefore = await storedKeys(`documents/${sender.id}/`);

    const other = await uploadRequest(test, sender, pdf('another file'), { title: 'Idempotent upload' })
      .set('Idempotency-Key', key)
      .expect(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const again = await uploadRequest(test, sender, first, { title: 'Idempotent upload' })
      .set('Idempotency-Key', key)
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(uploaded.body);
    expect(
      await test.dataSource.getRepository(DocumentRecord).countBy({ title: 'Idempotent upload', ownerOrganizationId: sender.id }),
    ).toBe(1);
    // Neither the refused nor the replayed request left its copy of the file behind.
    expect((await storedKeys(`documents/${sender.id}/`)).sort()).toEqual(keysBefore.sort());
    expect(keysBefore).toContain(`documents/${sender.id}/${id}`);
  });

  it('replays an upload whose process died right after it committed, instead of making a second document', async () => {
    const key = `upload-crash-${randomBytes(8).toString('hex')}`;
    const bytes = pdf('upload crash');
    const upload = () => uploadRequest(test, sender, bytes, { title: 'Upload crash' }).set('Idempotency-Key', key);
    await crashingAfterHandler(() => upload());
    test.clock.advance(6 * 60_000);
    const retry = await upload().expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(
      await test.dataSource.getRepository(DocumentRecord).countBy({ title: 'Upload crash', ownerOrganizationId: sender.id }),
    ).toBe(1);
    expect(retry.body.id).toBe(
      (
        await test.dataSource
          .getRepository(DocumentRecord)
          .findOneByOrFail({ title: 'Upload crash', ownerOrganizationId: sender.id })
      ).id,
    );
  });

  it('refuses a title with a line break or a bidi override, and neutralizes them in the file name', async () => {
    for (const title of ['Акт\r\nBcc: victim@example.kz', 'Счёт \u202Efdp.exe']) {
      const refused = await uploadRequest(test, sender, pdf('unsafe title'), { title }).expect(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
      expect(refused.body.error.details.fields).toEqual([
        { field: 'title', problems: [expect.stringContaining('must not contain control characters')] },
      ]);
    }
    const named = await uploadRequest(test, sender, pdf('unsafe name'), {}, 'invoice\u202Efdp.exe').expect(201);
    expect(named.body.fileName).toBe('invoice_fdp.exe');
  });

  it('takes the metadata after the file, and leaves neither object nor row when they then fail', async () => {
    const fileFirst = (bytes: Buffer, fields: [string, string][]) => {
      let req = test.http
        .post('/api/v1/documents')
        .set(sender.auth)
        .attach('file', bytes, { filename: 'Шот.pdf', contentType: 'application/octet-stream' });
      for (const [name, value] of fields) req = req.field(name, value);
      return req;
    };
    const accepted = await fileFirst(pdf('file first'), [
      ['title', 'Шот-фактура'],
      ['kind', 'invoice'],
    ]).expect(201);
    expect(accepted.body).toMatchObject({ title: 'Шот-фактура', kind: 'invoice', fileName: 'Шот.pdf', status: 'draft' });

    const rows = async () =>
      (await test.dataSource.query(`SELECT count(*)::int AS n FROM documents WHERE "ownerOrganizationId" = $1`, [sender.id]))[0]
        .n;
    const rowsBefore = await rows();
    const keysBefore = (await storedKeys(`documents/${sender.id}/`)).sort();
    // 2 MiB: the object is really written to storage before the fields after it are read.
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2 * 1024 * 1024)]);
    const refused = await fileFirst(big, [
      ['title', 'Шот-фактура'],
      ['kind', 'not-a-kind'],
    ]).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'kind' }] } });
    const bare = await fileFirst(big, []).expect(400);
    expect(bare.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['title', 'kind']);
    expect(await rows()).toBe(rowsBefore);
    expect((await storedKeys(`documents/${sender.id}/`)).sort()).toEqual(keysBefore);
  });

  it("sends to a registered participant whose identifier's check digit does not match (as its certificate gave it)", async () => {
    // NCA's own test keys carry such identifiers (IIN 123456789011); registration takes the
    // certificate's identifier as it is, so the organization exists with it.
    const identifier = '123456789021';
    await test.dataSource.query(
      `INSERT INTO organizations (id, identifier, kind, name, "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'legal_entity', 'ТОО «NCA TEST»', now(), now()) ON CONFLICT (identifier) DO NOTHING`,
      [identifier],
    );
    const id = await uploadSigned(pdf('to a registered participant with a non-matching check digit'));
    const sent = await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier }] })
      .expect(201);
    expect(sent.body.recipients).toEqual([expect.objectContaining({ identifier, status: 'sent' })]);
  });

  it('refuses a recipient whose check digit does not match, sending nothing', async () => {
    const id = await uploadSigned(pdf('typo in the recipient'));
    const refused = await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: RECIPIENT_IIN }, { identifier: '850315300129' }] })
      .expect(400);
    expect(refused.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        fields: [
          {
            field: 'recipients.1.identifier',
            problems: [
              'identifier is not a valid BIN or IIN: its check digit (the last digit) does not match the first 11 digits',
            ],
          },
        ],
      },
    });
    const document = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(document.body.recipients ?? []).toEqual([]);
  });

  it('answers 404 to another tenant on every document route', async () => {
    const bytes = pdf('private');
    const { id, recipientId } = await signAndSend(bytes);
    const cms = await signAs(SENDER_KEY, bytes);
    const as = stranger.auth;
    const answers = await Promise.all([
      test.http.get(`/api/v1/documents/${id}`).set(as),
      test.http.get(`/api/v1/documents/${id}/content`).set(as),
      test.http.post(`/api/v1/documents/${id}/signatures`).set(as).send({ cms }),
      test.http
        .post(`/api/v1/documents/${id}/send`)
        .set(as)
        .send({ recipients: [{ identifier: RECIPIENT_IIN }] }),
      test.http.post(`/api/v1/documents/${id}/statements`).set(as).send({ action: 'receipt' }),
      test.http.post(`/api/v1/documents/${id}/actions/sign`).set(as).send({ cms }),
      test.http.post(`/api/v1/documents/${id}/recipients/${recipientId}/link/revoke`).set(as),
      test.http
        .post(`/api/v1/documents/${id}/recipients/${recipientId}/replace`)
        .set(as)
        .send({ identifier: '900720400346', email: 'other@example.kz' }),
    ]);
    expect(answers.map((r) => [r.status, r.body.error?.code])).toEqual(answers.map(() => [404, 'NOT_FOUND']));
    const inbox = await test.http.get('/api/v1/documents?box=inbox').set(as).expect(200);
    expect(inbox.body.items).toEqual([]);
    const outbox = await test.http.get(`/api/v1/documents?box=outbox&counterparty=${RECIPIENT_IIN}`).set(as).expect(200);
    expect(outbox.body.items).toEqual([]);
  });

  it('pages the outbox with a cursor and filters by kind and counterparty', async () => {
    const all = await test.http
      .get(`/api/v1/documents?box=outbox&counterparty=${RECIPIENT_IIN}&limit=2`)
      .set(sender.auth)
      .expect(200);
    expect(all.body.items).toHaveLength(2);
    const next = await test.http
      .get(`/api/v1/documents?box=outbox&counterparty=${RECIPIENT_IIN}&limit=2&cursor=${all.body.nextCursor}`)
      .set(sender.auth)
      .expect(200);
    const ids = [...all.body.items, ...next.body.items].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const acts = await test.http.get('/api/v1/documents?box=outbox&kind=act').set(sender.auth).expect(200);
    expect(acts.body.items.map((d: { title: string }) => d.title)).toEqual(['Акт 1']);
    await test.http.get('/api/v1/documents?box=outbox&cursor=garbage').set(sender.auth).expect(400);
  });

  // The feed's data per event type is the documents module's to write and the contract's to
  // publish: reading every event the flows above wrote puts each one through the contract test.
  it("feeds both organizations every event of the flows above, each as the contract's schema for its type says", async () => {
    const typesIn = async (org: DocOrg) => {
      const types = new Set<string>();
      for (let after = '0'; ;) {
        const page = await test.http.get(`/api/v1/events?after=${after}&limit=500`).set(org.auth).expect(200);
        for (const item of page.body.items as { type: string }[]) types.add(item.type);
        after = page.body.nextCursor;
        if (!page.body.hasMore) return types;
      }
    };
    const ofSender = await typesIn(sender);
    const ofRecipient = await typesIn(recipient);
    for (const type of ['document.uploaded', 'document.signed_by_sender', 'document.sent', 'document.link_revoked']) {
      expect([type, ofSender.has(type)]).toEqual([type, true]);
    }
    expect(ofRecipient.has('document.received')).toBe(true);
    const answers = ['document.delivered', 'document.opened', 'document.receipt_signed', 'document.signed_by_recipient'];
    answers.push('document.refused', 'document.correction_requested', 'document.annulment_offered');
    answers.push('document.annulment_accepted', 'document.annulment_rejected');
    for (const type of answers) expect([type, ofSender.has(type), ofRecipient.has(type)]).toEqual([type, true, true]);
  });
});
