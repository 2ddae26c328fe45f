import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SignatureVerificationModule } from '../../src/signing/api/signature-verification.module';
import { REVOCATION_OFF_WARNING } from '../../src/signing/api/verification-request';
import { runVerifyCli } from '../../src/signing/cli/verify-cli';
import { createTestApp, TestApp } from '../utils/test-app';

const VECTORS = path.resolve(__dirname, '../../certs/nca-test/ncanode');
const RSA_CMS_FILE = path.join(VECTORS, 'cms/rsa_attached_lol_kek.p7s');
const RSA_CA_FILE = path.join(VECTORS, 'ca/nca_rsa_test.crt');
const RSA_CMS = readFileSync(RSA_CMS_FILE);
const AT = '2021-06-01T00:00:00Z';

async function cliJson(...argv: string[]): Promise<unknown> {
  let out = '';
  // Offline like the test app (REVOCATION_ONLINE=false), so both build the same report.
  const code = await runVerifyCli([...argv, '--offline', '--json'], { out: (t) => (out += t), err: () => undefined });
  expect(code).toBeLessThan(3);
  return JSON.parse(out);
}

describe('POST /api/v1/verify', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('is wired through SignatureVerificationModule', () => {
    expect(test.app.get(SignatureVerificationModule)).toBeInstanceOf(SignatureVerificationModule);
  });

  it('verifies without authentication and answers 200 with the report', async () => {
    const response = await test.http
      .post('/api/v1/verify')
      .send({ cms: RSA_CMS.toString('base64'), validationTime: AT, policy: { revocation: 'off' } })
      .expect(200);
    expect(response.body).toMatchObject({
      indication: 'TOTAL_PASSED',
      validationTime: '2021-06-01T00:00:00.000Z',
      policy: { revocation: 'off' },
      signers: [{ indication: 'TOTAL_PASSED', signer: { iin: '123456789011', keyUsage: 'SIGN' } }],
    });
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('answers the same report as `verify cms --json` for the same input', async () => {
    const response = await test.http
      .post('/api/v1/verify')
      .send({ cms: RSA_CMS.toString('base64'), validationTime: AT })
      .expect(200);
    // Default policy: revocation "require", and the test app does not go online: INDETERMINATE/TRY_LATER.
    expect(response.body).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(response.body).toEqual(await cliJson('cms', RSA_CMS_FILE, '--at', AT, '--trust', RSA_CA_FILE));
  });

  it('accepts PEM and validates at the clock time when no validationTime is given', async () => {
    test.clock.set(new Date(AT));
    const pem = `-----BEGIN CMS-----\n${RSA_CMS.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CMS-----\n`;
    const response = await test.http
      .post('/api/v1/verify')
      .send({ cms: pem, policy: { revocation: 'prefer', keyUsage: 'SIGN' } })
      .expect(200);
    // Issue 14: 'prefer' without a revocation answer (the test app is offline) is never a pass.
    expect(response.body).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
      validationTime: '2021-06-01T00:00:00.000Z',
      policy: { revocation: 'prefer', keyUsage: 'SIGN' },
      signers: [{ revocation: { status: 'unknown' } }],
    });
    expect(response.body.signers[0].checks).toContainEqual(
      expect.objectContaining({ name: 'REVOCATION', status: 'NOT_CHECKED', subIndication: 'TRY_LATER' }),
    );
    expect(response.body.signers[0].checks.find((c: { name: string }) => c.name === 'SIGNATURE_VALUE')).toMatchObject({
      status: 'PASSED',
    });
  });

  it('passes with revocation unchecked only when the caller turned it off, and then says so', async () => {
    const response = await test.http
      .post('/api/v1/verify')
      .send({ cms: RSA_CMS.toString('base64'), validationTime: AT, policy: { revocation: 'off' } })
      .expect(200);
    expect(response.body).toMatchObject({ indication: 'TOTAL_PASSED', policy: { revocation: 'off' } });
    expect(response.body.warnings).toContain(REVOCATION_OFF_WARNING);
    expect(response.body.signers[0].revocation).toBeUndefined();
    // The internal upgrader mode is not the caller's to choose: it falls back to the default.
    const internal = await test.http
      .post('/api/v1/verify')
      .send({ cms: RSA_CMS.toString('base64'), validationTime: AT, policy: { revocation: 'if-available' } });
    expect(internal.status).toBe(400);
    expect(internal.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('gives a FAILED report with 200 for a tampered CMS', async () => {
    const tampered = Buffer.from(RSA_CMS);
    tampered[tampered.indexOf('lol_kek')] ^= 0x01;
    const response = await test.http
      .post('/api/v1/verify')
      .send({ cms: tampered.toString('base64'), validationTime: AT, policy: { revocation: 'off' } })
      .expect(200);
    expect(response.body).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(response.body.signers[0].checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'MESSAGE_DIGEST', status: 'FAILED' })]),
    );
  });

  // A text or a document is not a broken signature: 422 NOT_A_SIGNATURE says what to upload (issue 20.6).
  it('refuses text and documents given as the signature with 422 NOT_A_SIGNATURE, in the asked language', async () => {
    const text = await test.http
      .post('/api/v1/verify')
      .set('Accept-Language', 'ru')
      .send({ cms: 'this is not a signature!' })
      .expect(422);
    expect(text.body.error).toMatchObject({ code: 'NOT_A_SIGNATURE', details: { detected: 'text' } });
    expect(text.body.error.message).toContain('не электронная подпись');
    const pdf = await test.http
      .post('/api/v1/verify')
      .set('Accept-Language', 'kk')
      .attach('cms', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'), { filename: 'Шарт.pdf', contentType: 'application/pdf' })
      .expect(422);
    expect(pdf.body.error).toMatchObject({ code: 'NOT_A_SIGNATURE', details: { detected: 'pdf' } });
    expect(pdf.body.error.message).toContain('электрондық қолтаңба');
  });

  it('reports bytes that are no CMS (and no known document) as FORMAT_FAILURE, still with 200', async () => {
    const response = await test.http
      .post('/api/v1/verify')
      .send({ cms: Buffer.from([0x01, 0x02, 0x03, 0xff, 0x00]).toString('base64') })
      .expect(200);
    expect(response.body).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
      error: { code: expect.any(String) },
      signers: [],
    });
  });

  it('rejects garbage shapes with 400 VALIDATION_FAILED listing every field, in the error format', async () => {
    const response = await test.http
      .post('/api/v1/verify')
      .set('Accept-Language', 'en')
      .send({
        cms: 42,
        data: 'not base64!',
        validationTime: 'tomorrow',
        policy: { revocation: 'maybe', keyUsage: 'AUTH', maxCmsBytes: 1e12 },
        extra: true,
      })
      .expect(400);
    expect(response.body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The request contains invalid fields.',
        details: { fields: expect.any(Array) },
        requestId: expect.any(String),
      },
    });
    const fields = response.body.error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'cms',
        'data',
        'validationTime',
        'policy.revocation',
        'policy.keyUsage',
        'policy.maxCmsBytes',
        'extra',
      ]),
    );
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('requires cms and caps its size below the JSON body limit', async () => {
    const missing = await test.http.post('/api/v1/verify').send({}).expect(400);
    expect(missing.body.error.details.fields).toEqual([expect.objectContaining({ field: 'cms' })]);
    const long = await test.http
      .post('/api/v1/verify')
      .send({ cms: 'A'.repeat(700_001) })
      .expect(400);
    expect(long.body.error.details.fields).toEqual([
      { field: 'cms', problems: [expect.stringMatching(/shorter than or equal to 700000/)] },
    ]);
  });
});

describe('POST /api/v1/verify: limits and audit', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('answers a body over the 1 MB JSON limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await test.http
      .post('/api/v1/verify')
      .send({ cms: 'A'.repeat(1_200_000) })
      .expect(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('writes no audit line for a verification (public, read-only)', async () => {
    const { DataSource } = await import('typeorm');
    const dataSource = test.app.get(DataSource);
    const count = async () =>
      Number((await dataSource.query(`SELECT count(*) AS n FROM audit_events WHERE path = '/api/v1/verify'`))[0].n);
    const before = await count();
    await test.http.post('/api/v1/verify').send({ cms: 'AQID/wA=' }).expect(200);
    await test.http.post('/api/v1/verify').send({ cms: 42 }).expect(400);
    expect(await count()).toBe(before);
  });
});

describe('POST /api/v1/verify: multipart and offline revocation evidence', () => {
  const GOST_CMS_FILE = path.join(VECTORS, 'cms/gost2015_rsa_2signers_attached_test123.p7s');
  const GOST_CRL_FILE = path.join(VECTORS, 'crl/nca_gost2022_test.crl');
  const GOST_CA_FILE = path.join(VECTORS, 'ca/nca_gost2015_test.cer');
  // Inside the GOST signer's validity (vectors README).
  const GOST_AT = '2022-10-01T00:00:00Z';
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('gives the same report for JSON, multipart and `verify cms --evidence`, the CRL counting as supplied evidence', async () => {
    const policy = { revocation: 'require', caRevocation: 'off' };
    const json = await test.http
      .post('/api/v1/verify')
      .send({
        cms: readFileSync(GOST_CMS_FILE).toString('base64'),
        validationTime: GOST_AT,
        policy,
        revocationEvidence: [readFileSync(GOST_CRL_FILE).toString('base64')],
      })
      .expect(200);
    type SignerJson = {
      indication: string;
      signer: { iin: string };
      revocation?: unknown;
      checks: { name: string; evidence?: unknown }[];
    };
    const gostSigner = (json.body.signers as SignerJson[]).find((s) => s.signer.iin === '123456789012')!;
    expect(gostSigner.indication).toBe('TOTAL_PASSED');
    expect(gostSigner.checks.find((c) => c.name === 'REVOCATION')?.evidence).toMatchObject({
      source: 'supplied',
      status: 'good',
    });

    const multipart = await test.http
      .post('/api/v1/verify')
      .attach('cms', GOST_CMS_FILE)
      .attach('evidence', GOST_CRL_FILE)
      .field('validationTime', GOST_AT)
      .field('policy', JSON.stringify(policy))
      .expect(200);
    expect(multipart.body).toEqual(json.body);

    const cli = await cliJson(
      'cms',
      GOST_CMS_FILE,
      '--at',
      GOST_AT,
      '--trust',
      GOST_CA_FILE,
      '--trust',
      RSA_CA_FILE,
      '--evidence',
      GOST_CRL_FILE,
      '--revocation',
      'require',
      '--ca-revocation',
      'off',
    );
    expect(cli).toEqual(json.body);
  });

  it('refuses bad multipart requests with a clear 4xx', async () => {
    const missing = await test.http.post('/api/v1/verify').field('validationTime', GOST_AT).expect(400);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    const unknown = await test.http.post('/api/v1/verify').attach('cms', GOST_CMS_FILE).attach('file', GOST_CRL_FILE).expect(400);
    expect(unknown.body.error.details.fields[0]).toMatchObject({ field: 'file' });
    const badPolicy = await test.http
      .post('/api/v1/verify')
      .attach('cms', GOST_CMS_FILE)
      .field('policy', '{"revocation":"sometimes"}');
    expect(badPolicy.status).toBe(400);
    expect(badPolicy.body.error.details.fields[0].field).toBe('policy.revocation');
  });
});
