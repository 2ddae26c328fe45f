import { createHash } from 'node:crypto';

import { DocumentHistory } from '../../src/documents/persistence/document-history';
import { DocumentsRepository } from '../../src/documents/persistence/documents.repository';
import { DocumentsService } from '../../src/documents/documents.service';

import { DocumentRecord } from '../../src/documents/entities/document.entity';

import { DocOrg, operatorOrganization, uploadRequest } from '../utils/documents';
import { binaryBody, signAs } from '../utils/signature-test-app';
import { randomBin } from '../utils/test-app';
import {
  DocumentFlowParties,
  documentFlowSteps,
  RECIPIENT_IIN,
  RECIPIENT_KEY,
  SENDER_BIN,
  SENDER_KEY,
  startDocumentFlow,
  stopDocumentFlow,
} from '../utils/documents-flow';

// Registered ↔ registered: uploading, signing, sending, every answer and annulment, packages,
// rights and the feed they write (the setup: test/utils/documents-flow.ts).

describe('document flow between registered organizations', () => {
  let test: DocumentFlowParties['test'];
  let sender: DocOrg;
  let recipient: DocOrg;
  const { pdf, upload, uploadSigned, signAndSend, statementAction } = documentFlowSteps(() => ({ test, sender }));

  beforeAll(async () => {
    ({ test, sender, recipient } = await startDocumentFlow());
  });
  afterAll(async () => {
    await stopDocumentFlow(test);
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
