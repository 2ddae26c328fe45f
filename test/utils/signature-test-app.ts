import { DataSource } from 'typeorm';
import * as path from 'node:path';
import request from 'supertest';
import { createHttpApp } from '../../src/bootstrap';
import { ManualClock } from '../../src/common/clock';
import { JsonLogger } from '../../src/common/logging/json-logger';
import { loadConfig } from '../../src/config/app-config';
import { createCadesBes } from '../../src/signing/test-pki/cades';
import { loadTestPki, TestPki } from '../../src/signing/test-pki/manifest';
import { TestOcspResponder } from '../../src/signing/test-pki/test-ocsp-responder';
import type { TestTsa } from '../../src/signing/test-pki/test-tsa';
import type { HttpFetcher } from '../../src/signing/upgrade/tsa-client';
import type { RevocationFetcher } from '../../src/signing/verification/revocation-fetcher';
import { type DocOrg, purgeDocumentsOf, type UploadFields, uploadRequest } from './documents';
import { apiContractRecorder } from './api-contract';
import { closeCheckingContract, TestApp, testEnv } from './test-app';

let pki: TestPki | undefined;
export const testPki = (): TestPki => (pki ??= loadTestPki(path.resolve(__dirname, '../../certs/test-pki')));

// The test PKI's certificates point at http://127.0.0.1/ocsp/ and /crl/... (port 80, nothing
// listens there): this fetcher hands those requests to the in-process responder instead, and
// refuses any other address so that a test can never reach out.
export function testPkiFetcher(responder: TestOcspResponder): RevocationFetcher {
  return {
    async fetch(url, fetchRequest) {
      const target = new URL(url);
      if (target.origin !== new URL(testPki().manifest.baseUrl).origin) throw new Error(`not a test-PKI address: ${url}`);
      const answer = await responder.handle({
        method: fetchRequest.method,
        path: target.pathname,
        contentType: fetchRequest.contentType,
        body: fetchRequest.body ?? new Uint8Array(),
      });
      if (!answer || answer.status !== 200) throw new Error(`HTTP ${answer?.status ?? 404}`);
      return typeof answer.body === 'string' ? new Uint8Array(Buffer.from(answer.body)) : answer.body;
    },
  };
}

// Time-stamp requests to `url` (the configured TSA_URL) answered by the in-process TSA; any other
// address is refused, so the evidence upgrade never leaves the process.
export function testTsaFetcher(tsa: TestTsa, url: string): HttpFetcher {
  return {
    fetch(target, fetchRequest) {
      if (target !== url) return Promise.reject(new Error(`not the test TSA: ${target}`));
      const answer = tsa.handle({
        method: fetchRequest.method,
        path: new URL(target).pathname,
        contentType: fetchRequest.contentType,
        body: fetchRequest.body ?? new Uint8Array(),
      });
      if (!answer || answer.status !== 200) return Promise.reject(new Error(`HTTP ${answer?.status ?? 404}`));
      return Promise.resolve(typeof answer.body === 'string' ? new Uint8Array(Buffer.from(answer.body)) : answer.body);
    },
  };
}

export interface SignatureTestApp extends TestApp {
  responder: TestOcspResponder;
  dataSource: DataSource;
}

// A test app that verifies registration and ЭЦП login the way production does: the test PKI as
// the only trust store, revocation required and asked online (of the in-process responder).
export async function createSignatureTestApp(
  overrides: Record<string, string | undefined> = {},
  clock = new ManualClock(new Date()),
  // TSA_URL requests (the evidence upgrade): see testTsaFetcher.
  tsaFetcher?: HttpFetcher,
): Promise<SignatureTestApp> {
  const responder = new TestOcspResponder(testPki());
  const config = loadConfig(
    testEnv({ REVOCATION_ONLINE: 'true', SIGNATURE_REVOCATION_MODE: 'require', TRUST_STORES: 'test-pki', ...overrides }),
  );
  const app = await createHttpApp(
    { config, clock, revocationFetcher: testPkiFetcher(responder), ...(tsaFetcher && { tsaFetcher }) },
    // Silent unless EDO_TEST_LOGS=1 (as test/setup/quiet-logs.ts does for the other test apps).
    new JsonLogger(
      config.logLevel,
      process.env.EDO_TEST_LOGS === '1' ? (line) => process.stderr.write(`${line}\n`) : () => undefined,
    ),
    { firstMiddleware: apiContractRecorder() },
  );
  await app.init();

  return {
    app,
    config,
    clock,
    responder,
    dataSource: app.get(DataSource),
    http: request(app.getHttpServer()),
    close: () => closeCheckingContract(app),
  };
}

// supertest parser that keeps a response body as the exact bytes (text/plain, CMS downloads).
export function binaryBody(response: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

// The offer in force and its exact text in a locale: the bytes a registrant signs.
export async function currentOffer(app: SignatureTestApp, locale: 'kk' | 'ru'): Promise<{ version: number; text: Buffer }> {
  const current = await app.http.get('/api/v1/legal/offer/current').expect(200);
  const version = current.body.current.version as number;
  const text = await app.http
    .get(`/api/v1/legal/offer/versions/${version}/text/${locale}`)
    .buffer(true)
    .parse(binaryBody)
    .expect(200);
  return { version, text: text.body as Buffer };
}

// CMS (base64) by a test-PKI end entity, e.g. 'gost2015/ceo-sign', over these bytes.
export async function signAs(id: string, content: Uint8Array | string, options: { detached?: boolean } = {}): Promise<string> {
  const bytes = typeof content === 'string' ? new Uint8Array(Buffer.from(content, 'utf8')) : content;
  const cms = await createCadesBes(testPki().get(id), bytes, { detached: options.detached ?? true });

  return Buffer.from(cms).toString('base64');
}

// Every test file runs against the same database and the test PKI has one BIN and a handful of
// IINs: a file that registers with them starts by removing what an earlier file left.
// A document uploaded by `sender`, signed with `senderKey` (a test PKI key of the sender's BIN/IIN)
// and sent to `recipients`: where every test of what a recipient does starts. `sent` is the send
// answer, with the recipients' rows.
export async function uploadSignAndSend(
  app: SignatureTestApp,
  sender: DocOrg,
  senderKey: string,
  bytes: Buffer,
  fields: UploadFields,
  recipients: { identifier: string; email?: string }[],
): Promise<{ id: string; sent: request.Response }> {
  const id = (await uploadRequest(app, sender, bytes, fields).expect(201)).body.id as string;
  await app.http
    .post(`/api/v1/documents/${id}/signatures`)
    .set(sender.auth)
    .send({ cms: await signAs(senderKey, bytes) })
    .expect(201);
  const sent = await app.http.post(`/api/v1/documents/${id}/send`).set(sender.auth).send({ recipients }).expect(201);
  return { id, sent };
}

export async function forgetTestPkiIdentities(dataSource: DataSource): Promise<void> {
  const ends = testPki().entities.filter((e) => e.role === 'end-entity');
  const identifiers = [...new Set(ends.flatMap((e) => [e.iin, e.bin]).filter((v): v is string => !!v))];
  const iins = [...new Set(ends.flatMap((e) => (e.iin ? [e.iin] : [])))];
  const known: { id: string }[] = await dataSource.query(`SELECT id FROM organizations WHERE identifier = ANY($1)`, [
    identifiers,
  ]);
  await purgeDocumentsOf(
    dataSource,
    known.map((o) => o.id),
  );
  await dataSource.transaction(async (manager) => {
    const organizations: { id: string }[] = await manager.query(`SELECT id FROM organizations WHERE identifier = ANY($1)`, [
      identifiers,
    ]);
    const ids = organizations.map((o) => o.id);
    await manager.query(`DELETE FROM legal_acceptances WHERE "organizationId" = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM sessions WHERE "organizationId" = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM organizations WHERE id = ANY($1)`, [ids]);
    await manager.query(`DELETE FROM invitations WHERE iin = ANY($1)`, [iins]);
    await manager.query(`DELETE FROM users WHERE iin = ANY($1)`, [iins]);
  });
}

export interface AuditRow {
  organizationId: string | null;
  actorType: string;
  actorId: string | null;
  action: string;
  result: string;
  errorCode: string | null;
  statusCode: number | null;
}

// Audit lines written since `afterSeq` (read straight from the table: failures before login
// belong to no organization, so no tenant API lists them).
export async function auditSince(dataSource: DataSource, afterSeq: string): Promise<AuditRow[]> {
  return dataSource.query(
    `SELECT "organizationId", "actorType", "actorId", action, result, "errorCode", "statusCode" FROM audit_events WHERE seq > $1 ORDER BY seq`,
    [afterSeq],
  );
}

export async function lastAuditSeq(dataSource: DataSource): Promise<string> {
  const [row] = (await dataSource.query(`SELECT COALESCE(MAX(seq), 0)::text AS seq FROM audit_events`)) as { seq: string }[];
  return row.seq;
}
