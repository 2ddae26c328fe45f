import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { runVerifyCli } from '../../src/signing/cli/verify-cli';
import { createTestApp, TestApp } from '../utils/test-app';

const SCHEMA_FILE = path.resolve(__dirname, '../../src/signing/verification/report.schema.json');
const VECTORS = path.resolve(__dirname, '../../certs/nca-test/ncanode');
const NCA_CA_DIR = path.join(VECTORS, 'ca');

// Same input through the endpoint and `verify cms --json`: the NCA vectors, at a time inside the
// GOST signer's certificate (the RSA one has expired by then) or the RSA signer's.
const CASES = [
  { name: 'two signers (GOST 2015 + RSA)', file: 'cms/gost2015_rsa_2signers_attached_test123.p7s', at: '2022-10-01T00:00:00Z' },
  { name: 'RSA, revocation off', file: 'cms/rsa_attached_lol_kek.p7s', at: '2021-06-01T00:00:00Z', revocation: 'off' as const },
];

async function cliReport(argv: string[]): Promise<unknown> {
  let out = '';
  let err = '';
  // Offline like the test app (REVOCATION_ONLINE=false), so both build the same report.
  const code = await runVerifyCli([...argv, '--offline', '--json'], { out: (t) => (out += t), err: (t) => (err += t) });
  expect({ code: code < 3, err }).toEqual({ code: true, err: '' });
  return JSON.parse(out);
}

describe('GET /api/v1/verify/schema', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test?.close());

  it('serves the report schema without authentication', async () => {
    const response = await test.http.get('/api/v1/verify/schema').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/schema\+json/);
    expect(response.body).toEqual(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    expect(response.body).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
  });

  it.each(CASES)('$name: the endpoint and the CLI give the same report, valid against the served schema', async (c) => {
    const schema = (await test.http.get('/api/v1/verify/schema').expect(200)).body as object;
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const validate = ajv.compile(schema);

    const file = path.join(VECTORS, c.file);
    const response = await test.http
      .post('/api/v1/verify')
      .send({
        cms: readFileSync(file).toString('base64'),
        validationTime: c.at,
        ...(c.revocation && { policy: { revocation: c.revocation } }),
      })
      .expect(200);
    expect(validate(response.body)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);

    const cli = await cliReport([
      'cms',
      file,
      '--at',
      c.at,
      '--trust',
      NCA_CA_DIR,
      ...(c.revocation ? ['--revocation', c.revocation] : []),
    ]);
    expect(response.body).toEqual(cli);
    expect(validate(cli)).toBe(true);
  });
});
