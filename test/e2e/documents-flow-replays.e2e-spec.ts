import { randomBytes } from 'node:crypto';

import { DocumentRecipient } from '../../src/documents/entities/document-recipient.entity';
import { DocumentRecord } from '../../src/documents/entities/document.entity';
import { testDatabaseKind } from '../utils/backends';
import { DocOrg, operatorOrganization, storedKeys, uploadRequest } from '../utils/documents';

import { randomBin } from '../utils/test-app';
import {
  DocumentFlowParties,
  documentFlowSteps,
  RECIPIENT_IIN,
  startDocumentFlow,
  stopDocumentFlow,
} from '../utils/documents-flow';

// The document flow under concurrent sends and retries: one of two sends wins, an
// Idempotency-Key replays a send, a package or an upload, even after a crash past the commit.

describe('document flow: concurrent sends and replays', () => {
  let test: DocumentFlowParties['test'];
  let sender: DocOrg;
  const { pdf, upload, uploadSigned, crashingAfterHandler } = documentFlowSteps(() => ({ test, sender }));

  beforeAll(async () => {
    ({ test, sender } = await startDocumentFlow());
  });
  afterAll(async () => {
    await stopDocumentFlow(test);
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
});
