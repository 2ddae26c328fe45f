import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ZipEntry, extractPdfText, readZip, testPkiCaFiles } from '../../src/documents/evidence/evidence-spec-support';
import type { EvidenceManifest } from '../../src/documents/evidence/evidence-zip';
import { runVerifyCli } from '../../src/signing/cli/verify-cli';
import * as Minio from 'minio';
import { TEST_BUCKET, TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import { DocOrg, linkTokenIn, operatorOrganization, uploadRequest } from '../utils/documents';
import { startSmtpCatcher } from '../utils/smtp-catcher';
import {
  binaryBody,
  createSignatureTestApp,
  forgetTestPkiIdentities,
  SignatureTestApp,
  signAs,
  testPki,
} from '../utils/signature-test-app';
import { createOrganization } from '../utils/test-app';

// Evidence of the document flow on PostgreSQL + S3: the sender (BIN 150140001239) sends to the
// individual IIN 850315300128 before it is registered; it answers through its e-mailed link
// (receipt + counter-signature on one document, a refusal with a reason on another), then
// registers and finds both in its inbox.
const SENDER_BIN = '150140001239';
const OUTSIDER_IIN = '850315300128';
const SENDER_KEY = 'rsa/ceo-sign';
const OUTSIDER_KEY = 'rsa/individual-sign';
const OUTSIDER_EMAIL = 'later@example.kz';
const PUBLIC_URL = 'https://edo.test.kz';
const REASON = 'Сома сәйкес келмейді / сумма не совпадает';

interface Sent {
  id: string;
  bytes: Buffer;
  token: string;
}

describe('document evidence: ZIP, card, verification page, and an outsider that registers later', () => {
  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let sender: DocOrg;
  let stranger: DocOrg;
  let workDir: string;
  // The outsider's session once it has registered (last tests).
  let outsider: { cookies: string[]; csrf: string };
  let countersigned: Sent;
  let refused: Sent;

  const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
  const binary = (req: import('supertest').Test) => req.buffer(true).parse(binaryBody);

  async function signedAndSent(title: string, fields: Record<string, string> = {}): Promise<Sent> {
    const bytes = Buffer.concat([Buffer.from(`%PDF-1.7\n% ${title}\n`), randomBytes(4096)]);
    const id = (await uploadRequest(test, sender, bytes, { title, ...fields }).expect(201)).body.id as string;
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: OUTSIDER_IIN, email: OUTSIDER_EMAIL }] })
      .expect(201);
    // Every document sends its own mail to the same address, its title in the subject.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const mail = smtp.mails.find((m) => m.to.includes(OUTSIDER_EMAIL) && m.subject.includes(title));
      if (mail) return { id, bytes, token: linkTokenIn(mail.text) };
      if (Date.now() > deadline) throw new Error(`no link mail for ${title}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function linkStatementAction(token: string, action: string, reason?: string) {
    const issued = await test.http
      .post(`/api/v1/links/${token}/statements`)
      .send({ action, ...(reason && { reason }) })
      .expect(201);
    const text = issued.body.statement as string;
    await test.http
      .post(`/api/v1/links/${token}/actions/${action}`)
      .send({ statement: text, cms: await signAs(OUTSIDER_KEY, text) })
      .expect(201);
    return text;
  }

  async function cli(dir: string, cms: string, data: string): Promise<{ code: number; err: string }> {
    let err = '';
    const trust = testPkiCaFiles(testPki()).flatMap((file) => ['--trust', file]);
    const code = await runVerifyCli(
      ['cms', path.join(dir, cms), '--data', path.join(dir, data), ...trust, '--offline', '--revocation', 'off', '--json'],
      { out: () => undefined, err: (t) => (err += t) },
    );
    return { code, err };
  }

  // Unpacks the package, checks every manifest hash and re-verifies every .p7s with the CLI.
  async function checkPackage(zip: Buffer, expected: Sent): Promise<{ manifest: EvidenceManifest; entries: ZipEntry[] }> {
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    const entries = readZip(zip);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const manifest = JSON.parse(byName.get('manifest.json')!.data.toString('utf8')) as EvidenceManifest;
    expect(manifest.document).toMatchObject({ id: expected.id, sha256: sha256(expected.bytes), size: expected.bytes.length });
    expect(manifest.verifyUrl).toBe(`${PUBLIC_URL}/verify/d/${expected.id}`);
    expect(sha256(byName.get(manifest.document.file)!.data)).toBe(sha256(expected.bytes));
    expect(new Set(manifest.files.map((f) => f.path))).toEqual(
      new Set(entries.map((e) => e.name).filter((n) => n !== 'manifest.json')),
    );
    for (const file of manifest.files) {
      const data = byName.get(file.path)!.data;
      expect([file.path, sha256(data), data.length]).toEqual([file.path, file.sha256, file.size]);
    }
    const dir = mkdtempSync(path.join(workDir, 'zip-'));
    for (const entry of entries) {
      mkdirSync(path.dirname(path.join(dir, entry.name)), { recursive: true });
      writeFileSync(path.join(dir, entry.name), entry.data);
    }
    expect(manifest.signatures.length).toBeGreaterThan(0);
    for (const signature of manifest.signatures) {
      const result = await cli(dir, signature.cms, signature.signedData);
      expect([signature.cms, result.code, result.err]).toEqual([signature.cms, 0, '']);
      expect(sha256(byName.get(signature.signedData)!.data)).toBe(signature.signedDataSha256);
    }
    return { manifest, entries };
  }

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'edo-evidence-e2e-'));
    smtp = await startSmtpCatcher();
    test = await createSignatureTestApp({
      S3_ENDPOINT: testS3Endpoint(),
      ...TEST_S3_CREDENTIALS,
      SMTP_URL: smtp.url,
      PUBLIC_URL,
    });
    await forgetTestPkiIdentities(test.dataSource);
    sender = await operatorOrganization(test, SENDER_BIN, 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
    const other = await createOrganization(test, 'ТОО «Чужой»');
    stranger = {
      id: other.id,
      identifier: other.identifier,
      key: other.apiKey,
      auth: { Authorization: `Bearer ${other.apiKey}` },
    };

    // Before the outsider registers: a receipt and a counter-signature on one document, a
    // refusal with a reason on another, all through the e-mailed links.
    countersigned = await signedAndSent('Акт сверки № 3', {
      kind: 'act',
      number: '3',
      documentDate: '2026-02-01',
      amountMinor: '1250000',
    });
    await linkStatementAction(countersigned.token, 'receipt');
    await test.http
      .post(`/api/v1/links/${countersigned.token}/actions/sign`)
      .send({ cms: await signAs(OUTSIDER_KEY, countersigned.bytes) })
      .expect(201);
    refused = await signedAndSent('Счёт на оплату № 12', { kind: 'invoice', number: '12' });
    await linkStatementAction(refused.token, 'refuse', REASON);
  });
  afterAll(async () => {
    await forgetTestPkiIdentities(test.dataSource);
    await test.close();
    await smtp.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('gives the sender an evidence ZIP whose hashes match and whose every CMS re-verifies with the CLI', async () => {
    const response = await binary(test.http.get(`/api/v1/documents/${countersigned.id}/evidence.zip`).set(sender.auth));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Акт сверки № 3.evidence.zip')}`,
    );
    const { manifest, entries } = await checkPackage(response.body as Buffer, countersigned);
    expect(manifest.signatures.map((s) => [s.role, s.action, s.signedContent, s.indication])).toEqual([
      ['sender', 'sign', 'document', 'TOTAL_PASSED'],
      ['recipient', 'receipt', 'statement', 'TOTAL_PASSED'],
      ['recipient', 'sign', 'document', 'TOTAL_PASSED'],
    ]);
    expect(manifest.document).toMatchObject({
      kind: 'act',
      number: '3',
      date: '2026-02-01',
      amount: { minor: '1250000', currency: 'KZT' },
    });
    expect(manifest.document.recipients).toEqual([
      expect.objectContaining({ identifier: OUTSIDER_IIN, statuses: expect.objectContaining({ status: 'signed_by_both' }) }),
    ]);
    const events = JSON.parse(entries.find((e) => e.name === 'events.json')!.data.toString('utf8')) as {
      events: { seq: string; type: string }[];
    };
    expect(events.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['document.uploaded', 'document.signed_by_sender', 'document.sent', 'document.signed_by_recipient']),
    );
    // The sender's own audited requests on this document (upload, sign, send).
    const audit = JSON.parse(entries.find((e) => e.name === 'audit.json')!.data.toString('utf8')) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((a) => a.action)).toEqual(expect.arrayContaining(['document.sign', 'document.send']));
  });

  it('keeps the exact signed refusal statement, with its reason, in the ZIP', async () => {
    const response = await binary(test.http.get(`/api/v1/documents/${refused.id}/evidence.zip`).set(sender.auth)).expect(200);
    const { manifest, entries } = await checkPackage(response.body as Buffer, refused);
    const refusal = manifest.signatures.find((s) => s.action === 'refuse')!;
    expect(refusal).toMatchObject({ role: 'recipient', signedContent: 'statement' });
    const text = entries.find((e) => e.name === refusal.signedData)!.data.toString('utf8');
    const [stored] = (await test.dataSource.query(
      `SELECT statement FROM document_events WHERE "documentId" = $1 AND type = 'document.refused'`,
      [refused.id],
    )) as { statement: string }[];
    expect(text).toBe(stored.statement);
    expect(text).toContain('action: refuse');
    expect(text).toContain(`reason: ${REASON}`);
  });

  it('renders the card as a PDF in Kazakh (by ?lang= and by Accept-Language), and refuses an unknown language', async () => {
    const byQuery = await binary(test.http.get(`/api/v1/documents/${countersigned.id}/card.pdf?lang=kk`).set(sender.auth)).expect(
      200,
    );
    expect(byQuery.headers['content-type']).toBe('application/pdf');
    expect((byQuery.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(byQuery.headers['content-disposition']).toContain('.card.kk.pdf');
    const byHeader = await binary(
      test.http.get(`/api/v1/documents/${countersigned.id}/card.pdf`).set(sender.auth).set('Accept-Language', 'kk-KZ, ru;q=0.5'),
    ).expect(200);
    expect(byHeader.headers['content-disposition']).toContain('.card.kk.pdf');
    const bad = await test.http.get(`/api/v1/documents/${countersigned.id}/card.pdf?lang=de`).set(sender.auth).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 to another tenant on both routes', async () => {
    for (const route of ['evidence.zip', 'card.pdf']) {
      const response = await test.http.get(`/api/v1/documents/${countersigned.id}/${route}`).set(stranger.auth).expect(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    await test.http.get(`/api/v1/documents/${countersigned.id}/evidence.zip`).expect(401);
  });

  it('gives the outsider both through its link', async () => {
    const zip = await binary(test.http.get(`/api/v1/links/${countersigned.token}/evidence.zip`)).expect(200);
    const { manifest } = await checkPackage(zip.body as Buffer, countersigned);
    expect(manifest.signatures).toHaveLength(3);
    const card = await binary(test.http.get(`/api/v1/links/${countersigned.token}/card.pdf?lang=ru`)).expect(200);
    expect((card.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // People, not service codes (issue 20.5): the outsider by its certificate's name and IIN, the
    // recipient's state in Russian words.
    const text = extractPdfText(card.body as Buffer).lines.join(' ').replace(/\s+/g, ' ').replace(/\/ /g, '/');
    expect(text).not.toContain('link:');
    expect(text).not.toContain('signed_by_both');
    expect(text).toContain(`(получатель по ссылке, ИИН/БИН ${OUTSIDER_IIN})`);
    expect(text).toContain('Статус: подписан обеими сторонами');
    const wrong = await test.http.get(`/api/v1/links/${'A'.repeat(43)}/evidence.zip`).expect(404);
    expect(wrong.body.error.code).toBe('LINK_NOT_FOUND');
  });

  it('shows the public verification page with the hash, the title and the signers, and 404 for an unknown id', async () => {
    const page = await test.http.get(`/verify/d/${countersigned.id}`).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain(sha256(countersigned.bytes));
    expect(page.text).toContain('Акт сверки № 3');
    // The signer's IIN masked (first 4 and last 2 digits), never in full on the public page.
    expect(page.text).toContain(`IIN ${OUTSIDER_IIN.slice(0, 4)}******${OUTSIDER_IIN.slice(-2)}`);
    expect(page.text).not.toContain(OUTSIDER_IIN);
    const json = await test.http.get(`/api/v1/public/documents/${countersigned.id}`).expect(200);
    expect(JSON.stringify(json.body)).not.toContain(OUTSIDER_IIN);
    expect(page.text).toContain(`BIN ${SENDER_BIN}`);
    // The card's words for the verdict, in the three languages.
    expect(page.text).toContain('Подпись действительна / Қолтаңба жарамды / Signature is valid');
    expect(page.text).toContain('Signatures: 3');
    await test.http.get('/verify/d/00000000-0000-4000-8000-000000000000').expect(404);
    await test.http.get('/verify/d/not-a-uuid').expect(404);
  });

  it('shows nothing of a document never sent, signed or not, on the public page', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n% draft\n'), randomBytes(1024)]);
    const id = (await uploadRequest(test, sender, bytes, { title: 'Черновик: не для чужих глаз' }).expect(201)).body.id as string;
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    const page = await test.http.get(`/verify/d/${id}`).expect(404);
    expect(page.text).not.toContain('Черновик');
    expect(page.text).not.toContain(sha256(bytes));
    const json = await test.http.get(`/api/v1/public/documents/${id}`).expect(404);
    expect(json.body.error.code).toBe('NOT_FOUND');
  });

  it('attaches the documents sent before registration to the new organization: inbox, feed, evidence, link', async () => {
    const current = await test.http.get('/api/v1/legal/offer/current').expect(200);
    const version = current.body.current.version as number;
    const offer = await binary(test.http.get(`/api/v1/legal/offer/versions/${version}/text/ru`)).expect(200);
    const registered = await test.http
      .post('/api/v1/registration')
      .send({ offerVersion: version, locale: 'ru', cms: await signAs(OUTSIDER_KEY, offer.body as Buffer) })
      .expect(201);
    expect(registered.body.organization).toMatchObject({ identifier: OUTSIDER_IIN, kind: 'individual' });
    const cookies = registered.headers['set-cookie'] as unknown as string[];
    outsider = { cookies, csrf: registered.body.session.csrfToken as string };

    const inbox = await test.http.get('/api/v1/documents?box=inbox').set('Cookie', cookies).expect(200);
    expect(inbox.body.items.map((d: { id: string }) => d.id).sort()).toEqual([countersigned.id, refused.id].sort());

    const feed = await test.http.get('/api/v1/events').set('Cookie', cookies).expect(200);
    const received = (feed.body.items as { type: string; documentId: string }[]).filter((e) => e.type === 'document.received');
    expect(received.map((e) => e.documentId).sort()).toEqual([countersigned.id, refused.id].sort());

    // Now a participant tenant: the evidence through the API, as the recipient sees it.
    const zip = await binary(test.http.get(`/api/v1/documents/${refused.id}/evidence.zip`).set('Cookie', cookies)).expect(200);
    await checkPackage(zip.body as Buffer, refused);
    // The e-mailed link keeps working.
    await test.http.get(`/api/v1/links/${countersigned.token}`).expect(200);
  });

  it('with several recipients, shows each only its own part and keeps recipient signers off the public page', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n% shared\n'), randomBytes(2048)]);
    const id = (await uploadRequest(test, sender, bytes, { title: 'Договор трёх сторон' }).expect(201)).body.id as string;
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: OUTSIDER_IIN }, { identifier: stranger.identifier }] })
      .expect(201);
    await test.http
      .post(`/api/v1/documents/${id}/actions/sign`)
      .set('Cookie', outsider.cookies)
      .set('X-CSRF-Token', outsider.csrf)
      .send({ cms: await signAs(OUTSIDER_KEY, bytes) })
      .expect(201);

    const manifestOf = async (req: import('supertest').Test) => {
      const zip = (await binary(req).expect(200)).body as Buffer;
      return JSON.parse(
        readZip(zip)
          .find((e) => e.name === 'manifest.json')!
          .data.toString('utf8'),
      ) as EvidenceManifest;
    };
    const forSender = await manifestOf(test.http.get(`/api/v1/documents/${id}/evidence.zip`).set(sender.auth));
    // Sent in one transaction: the order among them is not meaningful.
    expect(forSender.document.recipients.map((r) => r.identifier).sort()).toEqual([OUTSIDER_IIN, stranger.identifier].sort());
    expect(forSender.signatures.map((s) => s.role)).toEqual(['sender', 'recipient']);
    // The other recipient sees its own row and the sender's signature, not the outsider's.
    const forOther = await manifestOf(test.http.get(`/api/v1/documents/${id}/evidence.zip`).set(stranger.auth));
    expect(forOther.document.recipients.map((r) => r.identifier)).toEqual([stranger.identifier]);
    expect(forOther.signatures.map((s) => s.role)).toEqual(['sender']);

    const page = await test.http.get(`/verify/d/${id}`).expect(200);
    expect(page.text).toContain('Signatures: 2');
    expect(page.text).toContain(`BIN ${SENDER_BIN}`);
    expect(page.text).not.toContain(OUTSIDER_IIN);
  });

  it('cuts the download off, never a complete ZIP, when the stored file no longer matches its SHA-256', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n% tampered\n'), randomBytes(2048)]);
    const id = (await uploadRequest(test, sender, bytes, { title: 'Подменённый' }).expect(201)).body.id as string;
    const endpoint = new URL(testS3Endpoint());
    const s3 = new Minio.Client({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port),
      useSSL: false,
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      pathStyle: true,
    });
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] ^= 0xff;
    await s3.putObject(TEST_BUCKET, `documents/${sender.id}/${id}`, tampered);

    const outcome = await binary(test.http.get(`/api/v1/documents/${id}/evidence.zip`).set(sender.auth)).then(
      (response) => ({ body: response.body as Buffer }),
      (error: Error) => ({ error }),
    );
    // Either the transfer fails, or what arrived is not a readable package.
    if ('body' in outcome) expect(() => readZip(outcome.body)).toThrow();
    else expect(outcome.error.message).toMatch(/aborted|socket hang up|ECONNRESET|terminated/i);
  });
});
