import { randomBytes, randomUUID } from 'node:crypto';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import { DocOrg, operatorOrganization, storedKeys, uploadRequest, UploadFields } from '../utils/documents';
import { createSignatureTestApp, forgetTestPkiIdentities, SignatureTestApp, signAs } from '../utils/signature-test-app';
import { createOrganization } from '../utils/test-app';

// Lists as an accountant uses them (issue 20: 1, 7, 9, 10): the date filter on the date the list
// shows, search by counterparty name, BIN/IIN digits and tags, drafts edited and deleted, and
// drafts not counted as awaiting the organization's signature.
const SENDER_BIN = '150140001239';
const RECIPIENT_IIN = '850315300128';
const SENDER_KEY = 'rsa/ceo-sign';

type Item = { id: string; recipients: { identifier: string; name?: string | null }[] };

describe('document lists: filters, search, drafts', () => {
  let test: SignatureTestApp;
  let sender: DocOrg;
  let recipient: DocOrg;
  let stranger: DocOrg;

  const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1024)]);
  // A label no other test uses: lists are looked at through it.
  const unique = () => `метка-${randomUUID().slice(0, 8)}`;

  async function upload(fields: UploadFields = {}, bytes = pdf()): Promise<string> {
    return (await uploadRequest(test, sender, bytes, fields).expect(201)).body.id as string;
  }

  async function uploadAt(when: string, fields: UploadFields): Promise<string> {
    test.clock.set(new Date(when));
    try {
      return await upload(fields);
    } finally {
      test.clock.set(new Date());
    }
  }

  async function signAndSend(fields: UploadFields): Promise<string> {
    const bytes = pdf();
    const id = await upload(fields, bytes);
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: RECIPIENT_IIN }] })
      .expect(201);
    return id;
  }

  async function list(org: DocOrg, query: Record<string, string>): Promise<Item[]> {
    const response = await test.http.get('/api/v1/documents').query(query).set(org.auth).expect(200);
    return response.body.items as Item[];
  }
  const ids = (items: Item[]) => items.map((i) => i.id).sort();

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

  it('filters on the date the list shows: the document date, else the upload day in Almaty', async () => {
    const tag = unique();
    const dated = await uploadAt('2026-11-20T10:00:00Z', { documentDate: '2026-12-05', tags: [tag] });
    // 23:30 in Almaty on 31 December is 18:30 UTC: December.
    const lateNight = await uploadAt('2026-12-31T18:30:00Z', { tags: [tag] });
    // 00:30 in Almaty on 1 December is 19:30 UTC on 30 November: December too.
    const earlyMorning = await uploadAt('2026-11-30T19:30:00Z', { tags: [tag] });
    const midMonth = await uploadAt('2026-12-10T06:00:00Z', { tags: [tag] });
    // Outside: 00:30 on 1 January in Almaty; a document dated November although uploaded in December.
    await uploadAt('2026-12-31T19:30:00Z', { tags: [tag] });
    await uploadAt('2026-12-15T06:00:00Z', { documentDate: '2026-11-30', tags: [tag] });

    const december = await list(sender, { box: 'drafts', q: tag, dateFrom: '2026-12-01', dateTo: '2026-12-31' });
    expect(ids(december)).toEqual([dated, lateNight, earlyMorning, midMonth].sort());
    const fromTenth = await list(sender, { box: 'drafts', q: tag, dateFrom: '2026-12-10' });
    expect(fromTenth).toHaveLength(3); // mid-month, late night, and 1 January
  });

  it('searches the outbox and inbox by counterparty name, BIN/IIN digits and tags, within the tenant', async () => {
    const tag = `поставка-${randomUUID().slice(0, 6)}`;
    const id = await signAndSend({ title: `Акт ${randomUUID().slice(0, 8)}`, tags: ['Склад', tag] });

    // The outbox names the registered recipient, IIN beside it.
    const outbox = await list(sender, { box: 'outbox', q: tag });
    expect(ids(outbox)).toEqual([id]);
    expect(outbox[0].recipients[0]).toMatchObject({ identifier: RECIPIENT_IIN, name: 'ИП Тестова' });

    for (const q of ['Тестова', 'тестова', '3153001', RECIPIENT_IIN, tag.toUpperCase()]) {
      expect(ids(await list(sender, { box: 'outbox', q }))).toContain(id);
    }
    for (const counterparty of ['5031530', '8503', RECIPIENT_IIN]) {
      expect(ids(await list(sender, { box: 'outbox', counterparty }))).toContain(id);
    }
    expect(ids(await list(sender, { box: 'outbox', counterparty: '999999' }))).not.toContain(id);
    // The recipient finds it by the sender's name and BIN digits.
    for (const q of ['ЭДО ТЕСТ', '1501400', tag]) {
      expect(ids(await list(recipient, { box: 'inbox', q }))).toContain(id);
    }
    expect(ids(await list(recipient, { box: 'inbox', counterparty: '14000123' }))).toContain(id);
    // Another organization finds nothing of it, whatever it types.
    for (const q of [tag, 'Тестова', RECIPIENT_IIN]) {
      for (const box of ['inbox', 'outbox', 'drafts', 'awaiting_my_signature']) {
        expect(ids(await list(stranger, { box, q }))).not.toContain(id);
      }
    }
    // Letters in the counterparty filter: a validation error naming the field, not a silent nothing.
    const invalid = await test.http
      .get('/api/v1/documents')
      .query({ box: 'outbox', counterparty: '15a' })
      .set(sender.auth)
      .expect(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(invalid.body)).toContain('counterparty');
  });

  it('does not count drafts as awaiting my signature', async () => {
    const before = (await test.http.get('/api/v1/documents/counters').set(sender.auth).expect(200)).body;
    const draft = await upload({ tags: [unique()] });
    const after = (await test.http.get('/api/v1/documents/counters').set(sender.auth).expect(200)).body;
    expect(after.awaitingMySignature).toBe(before.awaitingMySignature);
    expect(ids(await list(sender, { box: 'awaiting_my_signature' }))).not.toContain(draft);
    expect(ids(await list(sender, { box: 'drafts' }))).toContain(draft);
  });

  it("edits an unsigned draft's metadata, and only that", async () => {
    const id = await upload({ title: 'Черновик', number: '7', amountMinor: '100', tags: ['a'] });
    const edited = await test.http
      .patch(`/api/v1/documents/${id}`)
      .set(sender.auth)
      .send({
        title: '  Счёт на оплату № 8 ',
        kind: 'invoice',
        number: null,
        documentDate: '2026-12-07',
        amountMinor: '15000000',
        tags: ['b', 'b', ' c '],
      })
      .expect(200);
    expect(edited.body).toMatchObject({
      id,
      title: 'Счёт на оплату № 8',
      kind: 'invoice',
      number: null,
      documentDate: '2026-12-07',
      amountMinor: '15000000',
      currency: 'KZT',
      tags: ['b', 'c'],
      status: 'draft',
    });
    expect(edited.body.events.map((e: { type: string }) => e.type)).toEqual(['document.uploaded', 'document.edited']);
    const [event] = await test.dataSource.query(
      `SELECT data FROM document_events WHERE "documentId" = $1 AND type = 'document.edited'`,
      [id],
    );
    expect(event.data.fields.sort()).toEqual(['amountMinor', 'documentDate', 'kind', 'number', 'tags', 'title']);
    const feed = await test.dataSource.query(
      `SELECT type FROM organization_events WHERE "documentId" = $1 AND "organizationId" = $2 ORDER BY seq`,
      [id, sender.id],
    );
    expect(feed.map((f: { type: string }) => f.type)).toEqual(['document.uploaded', 'document.edited']);
    const audit = await test.dataSource.query(
      `SELECT result FROM audit_events WHERE action = 'document.edit' AND "targetId" = $1 AND result = 'success'`,
      [id],
    );
    expect(audit).toEqual([{ result: 'success' }]);

    // The same values again: nothing changes, no event.
    await test.http.patch(`/api/v1/documents/${id}`).set(sender.auth).send({ kind: 'invoice' }).expect(200);
    const events = await test.dataSource.query(`SELECT count(*)::int AS n FROM document_events WHERE "documentId" = $1`, [id]);
    expect(events[0].n).toBe(2);
    // A blank title or an unknown kind is refused.
    await test.http.patch(`/api/v1/documents/${id}`).set(sender.auth).send({ title: '' }).expect(400);
    await test.http.patch(`/api/v1/documents/${id}`).set(sender.auth).send({ title: null }).expect(400);
    await test.http.patch(`/api/v1/documents/${id}`).set(sender.auth).send({ kind: 'exe' }).expect(400);
    // Another organization does not see it.
    await test.http.patch(`/api/v1/documents/${id}`).set(stranger.auth).send({ title: 'x' }).expect(404);

    // Signed: no more edits (the signature covers what was signed).
    const bytes = pdf();
    const signed = await upload({}, bytes);
    await test.http
      .post(`/api/v1/documents/${signed}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    const refused = await test.http.patch(`/api/v1/documents/${signed}`).set(sender.auth).send({ title: 'Другое' }).expect(409);
    expect(refused.body.error.code).toBe('DOCUMENT_NOT_DRAFT');
  });

  it('deletes an unsigned draft: gone from lists and routes, its file removed, the deletion recorded', async () => {
    const tag = unique();
    const id = await upload({ tags: [tag] });
    expect(await storedKeys(`documents/${sender.id}/${id}`)).toHaveLength(1);
    // Nobody else can delete it.
    await test.http.delete(`/api/v1/documents/${id}`).set(stranger.auth).expect(404);

    const deleted = await test.http.delete(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(deleted.body).toEqual({ id, deletedAt: expect.any(String) });
    await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(404);
    await test.http.get(`/api/v1/documents/${id}/content`).set(sender.auth).expect(404);
    await test.http.delete(`/api/v1/documents/${id}`).set(sender.auth).expect(404);
    await test.http.patch(`/api/v1/documents/${id}`).set(sender.auth).send({ title: 'x' }).expect(404);
    expect(await list(sender, { box: 'drafts', q: tag })).toEqual([]);
    expect(await storedKeys(`documents/${sender.id}/${id}`)).toEqual([]);
    const events = await test.dataSource.query(`SELECT type FROM document_events WHERE "documentId" = $1 ORDER BY seq`, [id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['document.uploaded', 'document.deleted']);
    const feed = await test.dataSource.query(`SELECT type FROM organization_events WHERE "documentId" = $1 ORDER BY seq`, [id]);
    expect(feed.map((e: { type: string }) => e.type)).toEqual(['document.uploaded', 'document.deleted']);
    const audit = await test.dataSource.query(
      `SELECT result FROM audit_events WHERE action = 'document.delete' AND "targetId" = $1 AND result = 'success'`,
      [id],
    );
    expect(audit).toEqual([{ result: 'success' }]);

    // A signed draft, a sent document, a document in a package: not deletable.
    const bytes = pdf();
    const signed = await upload({}, bytes);
    await test.http
      .post(`/api/v1/documents/${signed}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    expect((await test.http.delete(`/api/v1/documents/${signed}`).set(sender.auth).expect(409)).body.error.code).toBe(
      'DOCUMENT_NOT_DRAFT',
    );
    const sent = await signAndSend({});
    expect((await test.http.delete(`/api/v1/documents/${sent}`).set(sender.auth).expect(409)).body.error.code).toBe(
      'DOCUMENT_NOT_DRAFT',
    );
    // The recipient of a sent document may not delete it either.
    await test.http.delete(`/api/v1/documents/${sent}`).set(recipient.auth).expect(403);
    const packed = await upload({});
    await test.http
      .post('/api/v1/packages')
      .set(sender.auth)
      .send({ documentIds: [packed] })
      .expect(201);
    expect((await test.http.delete(`/api/v1/documents/${packed}`).set(sender.auth).expect(409)).body.error.code).toBe(
      'DOCUMENT_NOT_DRAFT',
    );
  });
});
