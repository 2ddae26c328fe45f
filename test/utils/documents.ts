import * as Minio from 'minio';
import type { DataSource } from 'typeorm';
import type request from 'supertest';
import { OPERATOR_TOKEN, TestApp } from './test-app';
import { TEST_BUCKET, testS3Endpoint } from './backends';

export interface DocOrg {
  id: string;
  identifier: string;
  key: string;
  auth: { Authorization: string };
}

// An organization with an exact BIN/IIN (the test PKI's), created through the operator API: its
// API key acts for it without a signature login.
export async function operatorOrganization(
  test: TestApp,
  identifier: string,
  kind: 'legal_entity' | 'individual',
  name: string,
): Promise<DocOrg> {
  const email = `head-${identifier}-${Date.now()}@example.kz`;
  const response = await test.http
    .post('/api/v1/operator/organizations')
    .set('Authorization', `Bearer ${OPERATOR_TOKEN}`)
    .send({ identifier, kind, name, mainUser: { fullName: 'Тестов Тест', email, password: 'correct horse battery' } })
    .expect(201);
  const key = response.body.apiKey.secret as string;
  return { id: response.body.organization.id, identifier, key, auth: { Authorization: `Bearer ${key}` } };
}

export interface UploadFields {
  title?: string;
  kind?: string;
  number?: string;
  documentDate?: string;
  amountMinor?: string;
  tags?: string[];
}

export function uploadRequest(
  test: TestApp,
  org: DocOrg,
  bytes: Buffer,
  fields: UploadFields = {},
  fileName = 'Шарт.pdf',
): request.Test {
  let req = test.http.post('/api/v1/documents').set(org.auth);
  const all = { title: 'Договор поставки', kind: 'contract', ...fields };
  for (const [name, value] of Object.entries(all)) {
    if (Array.isArray(value)) for (const v of value) req = req.field(name, v);
    else if (value !== undefined) req = req.field(name, value);
  }
  return req.attach('file', bytes, { filename: fileName, contentType: 'application/octet-stream' });
}

// Document data of the given organizations (as sender or recipient), removed so that the
// organizations themselves can be deleted. The event history and the outgoing ledger are
// append-only by trigger: replica mode (superuser, this transaction only) suspends the triggers.
export async function purgeDocumentsOf(dataSource: DataSource, organizationIds: string[]): Promise<void> {
  if (organizationIds.length === 0) return;
  const tables: { n: number }[] = await dataSource.query(
    `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'documents'`,
  );
  if (tables[0].n === 0) return;
  await dataSource.transaction(async (manager) => {
    await manager.query(`SET LOCAL session_replication_role = replica`);
    const documents: { id: string }[] = await manager.query(
      `SELECT d.id FROM documents d WHERE d."ownerOrganizationId" = ANY($1)
       OR EXISTS (SELECT 1 FROM document_recipients r WHERE r."documentId" = d.id AND r."recipientOrganizationId" = ANY($1))`,
      [organizationIds],
    );
    const ids = documents.map((d) => d.id);
    await manager.query(`DELETE FROM document_statements WHERE "documentId" = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM recipient_links WHERE "documentId" = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM outgoing_ledger WHERE "documentId" = ANY($1) OR "organizationId" = ANY($2)`, [
      ids,
      organizationIds,
    ]);
    await manager.query(`DELETE FROM document_events WHERE "documentId" = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM document_signatures WHERE "documentId" = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM document_recipients WHERE "documentId" = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM documents WHERE id = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM document_packages WHERE "ownerOrganizationId" = ANY($1)`, [organizationIds]);
    await manager.query(`DELETE FROM document_signing_policies WHERE "organizationId" = ANY($1)`, [organizationIds]);
  });
}

// Keys of the objects stored under a prefix of the test bucket.
export async function storedKeys(prefix: string): Promise<string[]> {
  const endpoint = new URL(testS3Endpoint());
  const client = new Minio.Client({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port),
    useSSL: false,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    pathStyle: true,
  });
  const keys: string[] = [];
  for await (const item of client.listObjectsV2(TEST_BUCKET, prefix, true) as AsyncIterable<{ name?: string }>) {
    if (item.name) keys.push(item.name);
  }
  return keys;
}

// The link token in a mail that says …/l/<token>.
export function linkTokenIn(text: string): string {
  const match = /\/l\/([A-Za-z0-9_-]{43})\b/.exec(text);
  if (!match) throw new Error(`no document link in the mail:\n${text}`);
  return match[1];
}
