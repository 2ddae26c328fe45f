import { randomBytes } from 'node:crypto';

import { DocOrg, storedKeys, uploadRequest } from '../utils/documents';
import { signAs } from '../utils/signature-test-app';

import {
  DocumentFlowParties,
  documentFlowSteps,
  RECIPIENT_IIN,
  SENDER_KEY,
  startDocumentFlow,
  stopDocumentFlow,
} from '../utils/documents-flow';

// The document flow's input checks: unsafe titles and file names, metadata after the file, BIN/IIN
// check digits, and another tenant's 404 on every route.

describe('document flow: input and tenancy', () => {
  let test: DocumentFlowParties['test'];
  let sender: DocOrg;
  let stranger: DocOrg;
  const { pdf, uploadSigned, signAndSend } = documentFlowSteps(() => ({ test, sender }));

  beforeAll(async () => {
    ({ test, sender, stranger } = await startDocumentFlow());
  });
  afterAll(async () => {
    await stopDocumentFlow(test);
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
});
