import { loadConfig } from '../../config/app-config';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../common/clock';
import { SignatureVerificationService } from '../api/signature-verification.service';
import { defaultTrustStores } from '../api/trust-stores';
import { summarizeReport } from './human-summary';
import { parseVerifyArgs } from './verify-args';
import { EXIT, exitCodeOf, runVerifyCli } from './verify-cli';
import { runCms } from './verify-commands';
import { REVOCATION_OFF_WARNING } from '../api/verification-request';

const VECTORS = path.resolve(__dirname, '../../../certs/nca-test/ncanode');
const TEST_PKI = path.resolve(__dirname, '../../../certs/test-pki');
const RSA_CMS = path.join(VECTORS, 'cms/rsa_attached_lol_kek.p7s');
const RSA_CA = path.join(VECTORS, 'ca/nca_rsa_test.crt');
const NOW = new Date('2026-01-15T04:00:00Z');

// `cms` runs offline: tests never reach the OCSP/CRL hosts named in the NCA certificates.
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const args = argv[0] === 'cms' && argv.length > 1 ? [...argv, '--offline'] : argv;
  const code = await runVerifyCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, NOW);
  return { code, out, err };
}

describe('parseVerifyArgs', () => {
  it('reads the cms command with every option, repeatable --trust and a date-only --at as UTC midnight', () => {
    const parsed = parseVerifyArgs([
      'cms',
      'a.p7s',
      '--data',
      'a.bin',
      '--at',
      '2021-06-01',
      '--trust',
      'ca1',
      '--trust',
      'dir',
      '--revocation',
      'off',
      '--ca-revocation',
      'require',
      '--evidence',
      'ocsp.der',
      '--evidence',
      'nca.crl',
      '--json',
    ]);
    expect(parsed).toEqual({
      ok: true,
      value: {
        command: 'cms',
        file: 'a.p7s',
        data: 'a.bin',
        at: new Date('2021-06-01T00:00:00Z'),
        trust: ['ca1', 'dir'],
        revocation: 'off',
        caRevocation: 'require',
        evidence: ['ocsp.der', 'nca.crl'],
        offline: false,
        json: true,
      },
    });
  });

  it('reads cert and crl with their own options', () => {
    expect(parseVerifyArgs(['cert', 'c.cer', '--chain', 'i1', '--chain', 'i2', '--at', '2021-06-01T10:00:00+05:00'])).toEqual({
      ok: true,
      value: {
        command: 'cert',
        file: 'c.cer',
        chain: ['i1', 'i2'],
        trust: [],
        evidence: [],
        at: new Date('2021-06-01T05:00:00Z'),
        json: false,
      },
    });
    expect(parseVerifyArgs(['crl', 'x.crl', '--issuer', 'ca.cer', '--json'])).toEqual({
      ok: true,
      value: { command: 'crl', file: 'x.crl', issuer: 'ca.cer', json: true },
    });
    expect(parseVerifyArgs(['--help'])).toEqual({ ok: true, value: { command: 'help' } });
  });

  it.each([
    [[], /missing command/],
    [['sign', 'a'], /unknown command "sign"/],
    [['cms'], /missing <file>/],
    [['cms', 'a', 'b'], /unexpected argument "b"/],
    [['cms', 'a', '--bogus'], /bogus/],
    [['cms', 'a', '--at'], /--at/],
    [['cms', 'a', '--at', 'yesterday'], /not an ISO 8601 time/],
    [['cms', 'a', '--at', '2021-13-45'], /not an ISO 8601 time/],
    [['cms', 'a', '--at', '2021-02-30'], /not an ISO 8601 time/],
    [['cms', 'a', '--revocation', 'maybe'], /--revocation must be one of/],
    [['cms', 'a', '--issuer', 'x'], /--issuer does not apply/],
    [['cert', 'a', '--revocation', 'off'], /--revocation does not apply/],
    [['crl', 'a'], /--issuer <cert> is required/],
  ])('rejects %j', (argv, message) => {
    const parsed = parseVerifyArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('exit codes', () => {
  it('maps indications to 0/1/2', () => {
    expect(exitCodeOf('TOTAL_PASSED')).toBe(0);
    expect(exitCodeOf('TOTAL_FAILED')).toBe(1);
    expect(exitCodeOf('INDETERMINATE')).toBe(2);
  });

  it('gives 3 with the usage on bad arguments and on unreadable files', async () => {
    const bad = await cli('cms');
    expect(bad).toMatchObject({ code: EXIT.usage, out: '' });
    expect(bad.err).toMatch(/usage: npm run verify/);
    const missing = await cli('cms', path.join(VECTORS, 'no-such.p7s'));
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toMatch(/no-such\.p7s/);
    expect((await cli('cms', RSA_CMS, '--trust', path.join(VECTORS, 'cms/lol_kek.bin'))).code).toBe(EXIT.usage);
  });

  it('prints the usage with --help and exits 0', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/cms <file>/);
  });
});

describe('cms', () => {
  it('passes the NCA RSA vector with revocation off (0) and is indeterminate under the default "require" (2)', async () => {
    const off = await cli('cms', RSA_CMS, '--at', '2021-06-01', '--trust', RSA_CA, '--revocation', 'off');
    expect(off.code).toBe(0);
    const required = await cli('cms', RSA_CMS, '--at', '2021-06-01', '--trust', RSA_CA);
    expect(required.code).toBe(2);
    expect(required.out).toMatch(/^Result: INDETERMINATE \/ TRY_LATER$/m);
  });

  it('"prefer" without a revocation answer is indeterminate (2), never a pass (issue 14)', async () => {
    const preferred = await cli('cms', RSA_CMS, '--at', '2021-06-01', '--trust', RSA_CA, '--revocation', 'prefer', '--offline');
    expect(preferred.code).toBe(2);
    expect(preferred.out).toMatch(/^Result: INDETERMINATE \/ TRY_LATER$/m);
    expect(preferred.out).not.toMatch(/turned off/);
  });

  it('summarizes who signed and what was not checked', async () => {
    const { out } = await cli('cms', RSA_CMS, '--at', '2021-06-01', '--trust', RSA_CA, '--revocation', 'off');
    expect(out).toMatch(/^Result: TOTAL_PASSED$/m);
    expect(out).toMatch(/^Validation time: 2021-06-01T00:00:00.000Z$/m);
    expect(out).toMatch(/^Signer #1: TOTAL_PASSED$/m);
    expect(out).toMatch(/who: ТЕСТОВ ТЕСТОВИЧ \(IIN 123456789011\)/);
    expect(out).toMatch(/roles: INDIVIDUAL; key usage: SIGN/);
    expect(out).toMatch(/NOT_CHECKED REVOCATION: revocation checking is off by policy/);
    expect(out).toMatch(/^Warning: revocation checking turned off by the caller \(policy revocation "off"\)/m);
    expect(out).not.toMatch(/PASSED SIGNATURE_VALUE/);
  });

  it('is indeterminate without trust anchors', async () => {
    const { code, out } = await cli('cms', RSA_CMS, '--at', '2021-06-01', '--revocation', 'off');
    expect(code).toBe(2);
    expect(out).toMatch(/NO_CERTIFICATE_CHAIN_FOUND/);
  });

  it('fails (1) a tampered CMS and says which check failed', async () => {
    const der = readFileSync(RSA_CMS);
    const at = der.indexOf('lol_kek');
    expect(at).toBeGreaterThan(0);
    der[at] ^= 0x01;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'verify-cli-')), 'tampered.p7s');
    writeFileSync(file, der);
    const { code, out } = await cli('cms', file, '--at', '2021-06-01', '--trust', RSA_CA, '--revocation', 'off');
    expect(code).toBe(1);
    expect(out).toMatch(/^Result: TOTAL_FAILED \/ HASH_FAILURE$/m);
    expect(out).toMatch(/FAILED MESSAGE_DIGEST/);
  });

  it('prints with --json exactly the report the service builds for the same input', async () => {
    const { code, out } = await cli('cms', RSA_CMS, '--at', '2021-06-01', '--trust', RSA_CA, '--revocation', 'off', '--json');
    expect(code).toBe(0);
    const service = new SignatureVerificationService(
      defaultTrustStores(false),
      new ManualClock(NOW),
      loadConfig({ REVOCATION_ONLINE: 'false' }),
    );
    const report = await service.verify({
      cms: readFileSync(RSA_CMS).toString('base64'),
      validationTime: '2021-06-01T00:00:00Z',
      policy: { revocation: 'off' },
    });
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(out).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('verifies detached content given with --data', async () => {
    const report = await runCms({
      command: 'cms',
      file: RSA_CMS,
      data: path.join(VECTORS, 'cms/lol_kek.bin'),
      at: new Date('2021-06-01T00:00:00Z'),
      trust: [path.join(VECTORS, 'ca')],
      revocation: 'off',
      offline: true,
      json: true,
    });
    // The vector is attached and lol_kek.bin is its content, so --data agrees and adds no warning;
    // the only one says that revocation was turned off (issue 14).
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.warnings).toEqual([REVOCATION_OFF_WARNING]);
    expect(summarizeReport(report)).toMatch(/Content: attached, 7 bytes/);
  });
});

describe('cert', () => {
  it('validates a test-PKI certificate up to its root with the issuing CA from --chain', async () => {
    const { code, out } = await cli(
      'cert',
      path.join(TEST_PKI, 'rsa/individual-sign.cer'),
      '--chain',
      path.join(TEST_PKI, 'rsa/nca.cer'),
      '--trust',
      path.join(TEST_PKI, 'rsa/root-ca.cer'),
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.indication).toBe('TOTAL_PASSED');
    expect(result.checks.find((c: { name: string }) => c.name === 'CERTIFICATE_CHAIN').evidence.path).toHaveLength(3);
  });

  it('tells a revoked certificate from a good one with the CRL given as --evidence', async () => {
    const run = (name: string, ...extra: string[]) =>
      cli(
        'cert',
        path.join(TEST_PKI, `rsa/${name}.cer`),
        '--chain',
        path.join(TEST_PKI, 'rsa/nca.cer'),
        '--trust',
        path.join(TEST_PKI, 'rsa/root-ca.cer'),
        '--at',
        '2025-08-01T00:00:00Z',
        ...extra,
        '--json',
      );
    const revoked = await run('individual-sign-revoked', '--evidence', path.join(TEST_PKI, 'rsa/nca.crl'));
    expect(revoked.code).toBe(1);
    const revokedResult = JSON.parse(revoked.out);
    expect(revokedResult.subIndication).toBe('REVOKED');
    expect(revokedResult.checks.find((c: { name: string }) => c.name === 'REVOCATION').evidence).toMatchObject({
      status: 'revoked',
      revocationTime: '2025-06-01T12:00:00.000Z',
    });
    const good = await run('individual-sign', '--evidence', path.join(TEST_PKI, 'rsa/nca.crl'));
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out).checks.find((c: { name: string }) => c.name === 'REVOCATION').status).toBe('PASSED');
    // The root's CRL does not speak for an end entity of the issuing CA.
    const foreign = await run('individual-sign-revoked', '--evidence', path.join(TEST_PKI, 'rsa/root-ca.crl'));
    expect(foreign.code).toBe(2);
    expect(JSON.parse(foreign.out).subIndication).toBe('TRY_LATER');
  });

  it('is indeterminate without a path to an anchor, and for an expired certificate', async () => {
    const noPath = await cli(
      'cert',
      path.join(TEST_PKI, 'rsa/individual-sign.cer'),
      '--trust',
      path.join(TEST_PKI, 'rsa/root-ca.cer'),
    );
    expect(noPath.code).toBe(2);
    expect(noPath.out).toMatch(/FAILED CERTIFICATE_CHAIN/);
    const expired = await cli('cert', path.join(VECTORS, 'certs/individual_valid_sign_2004_rsa.cer'), '--trust', RSA_CA);
    expect(expired.code).toBe(2);
    expect(expired.out).toMatch(/OUT_OF_BOUNDS_NO_POE/);
    expect(expired.out).toMatch(/IIN 123456789011/);
  });
});

describe('crl', () => {
  it('verifies a test-PKI CRL against its issuer and reports dates and entries', async () => {
    const { code, out } = await cli('crl', path.join(TEST_PKI, 'rsa/nca.crl'), '--issuer', path.join(TEST_PKI, 'rsa/nca.cer'));
    expect(code).toBe(0);
    expect(out).toMatch(/PASSED SIGNATURE/);
    expect(out).toMatch(/entries: \d+/);
    expect(out).toMatch(/thisUpdate: \d{4}-/);
  });

  it('fails against the wrong issuer, and a stale NCA CRL is indeterminate', async () => {
    const wrong = await cli(
      'crl',
      path.join(TEST_PKI, 'rsa/nca.crl'),
      '--issuer',
      path.join(TEST_PKI, 'rsa/root-ca.cer'),
      '--json',
    );
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.out).checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'SIGNATURE', status: 'FAILED' })]),
    );
    const stale = await cli('crl', path.join(VECTORS, 'crl/nca_rsa_test.crl'), '--issuer', RSA_CA, '--json');
    expect(stale.code).toBe(2);
    expect(JSON.parse(stale.out)).toMatchObject({ indication: 'INDETERMINATE', crl: { entries: expect.any(Number) } });
    const current = await cli('crl', path.join(VECTORS, 'crl/nca_rsa_test.crl'), '--issuer', RSA_CA, '--at', '2022-06-01');
    expect(current.code).toBe(0);
  });

  it('fails a file that is not a CRL', async () => {
    const { code, out } = await cli('crl', RSA_CMS, '--issuer', RSA_CA);
    expect(code).toBe(1);
    expect(out).toMatch(/malformed CRL/);
  });
});
