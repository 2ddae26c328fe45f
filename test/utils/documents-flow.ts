// The setup the document-flow e2e files share (documents-flow*.e2e-spec.ts): the sender and the
// recipient from the test PKI, a stranger, and the steps most tests start with.
import { randomBytes } from 'node:crypto';
import { IdempotencyRepository } from '../../src/common/idempotency/idempotency.repository';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from './backends';
import { DocOrg, operatorOrganization, uploadRequest } from './documents';
import { createSignatureTestApp, forgetTestPkiIdentities, SignatureTestApp, signAs } from './signature-test-app';
import { createOrganization } from './test-app';

// Registered ↔ registered on PostgreSQL + S3: the test PKI has one legal entity (ТОО "ЭДО ТЕСТ",
// BIN 150140001239) and individuals; the second party is the individual IIN 850315300128.
export const SENDER_BIN = '150140001239';
export const RECIPIENT_IIN = '850315300128';
export const SENDER_KEY = 'rsa/ceo-sign';
export const RECIPIENT_KEY = 'rsa/individual-sign';

export interface DocumentFlowParties {
  test: SignatureTestApp;
  sender: DocOrg;
  recipient: DocOrg;
  stranger: DocOrg;
}

export async function startDocumentFlow(): Promise<DocumentFlowParties> {
  const test = await createSignatureTestApp({ S3_ENDPOINT: testS3Endpoint(), ...TEST_S3_CREDENTIALS });
  await forgetTestPkiIdentities(test.dataSource);
  const sender = await operatorOrganization(test, SENDER_BIN, 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
  const recipient = await operatorOrganization(test, RECIPIENT_IIN, 'individual', 'ИП Тестова');
  const other = await createOrganization(test, 'ТОО «Чужой»');
  const stranger = {
    id: other.id,
    identifier: other.identifier,
    key: other.apiKey,
    auth: { Authorization: `Bearer ${other.apiKey}` },
  };
  return { test, sender, recipient, stranger };
}

export async function stopDocumentFlow(test: SignatureTestApp): Promise<void> {
  await forgetTestPkiIdentities(test.dataSource);
  await test.close();
}

// The steps, over the parties as the running file holds them (set in its beforeAll).
export function documentFlowSteps(parties: () => Pick<DocumentFlowParties, 'test' | 'sender'>) {
  const pdf = (label: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label}\n`), randomBytes(2048)]);

  async function upload(bytes: Buffer, fields: Record<string, string> = {}): Promise<string> {
    const { test, sender } = parties();
    const response = await uploadRequest(test, sender, bytes, fields).expect(201);
    return response.body.id as string;
  }

  // Uploaded and signed by the sender, not sent yet.
  async function uploadSigned(bytes: Buffer, fields: Record<string, string> = {}): Promise<string> {
    const { test, sender } = parties();
    const id = await upload(bytes, fields);
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    return id;
  }

  async function signAndSend(bytes: Buffer, fields: Record<string, string> = {}): Promise<{ id: string; recipientId: string }> {
    const { test, sender } = parties();
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
    const { test } = parties();
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
    const repository = parties().test.app.get(IdempotencyRepository);
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

  return { pdf, upload, uploadSigned, signAndSend, statementAction, crashingAfterHandler };
}
