// Work limits of one verification (issue 14 §4): RSA key sizes and exponents, a budget of signature
// operations and path attempts per call, failed links remembered within a call. Counts, never
// timings: the CPU figures are bench/hostile-verify.bench.ts's.
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import { createCadesBes } from '../test-pki/cades';
import { rdn, utf8 } from '../test-pki/der';
import { hostileCms, madeUpKey, rsaSpki } from '../test-pki/hostile-cms';
import { loadTestPki, TestPki } from '../test-pki/manifest';
import { basicConstraints, keyUsage, signCertificate } from '../test-pki/x509-builder';
import { currentBudget, VerificationBudget, withBudget } from './budget';
import { CertificateInfo, clearCertificateCaches, parseCertificate } from './certificates';
import { buildPath } from './chain';
import { verifyCms } from './cms-verifier';

let pki: TestPki;
const VALIDATION_TIME = new Date('2026-06-01T00:00:00Z');

beforeAll(() => {
  pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
});

const name = (cn: string) => rdn([['2.5.4.3', utf8(cn)]]);

function certificateWith(spki: Uint8Array, options: { subject?: string; issuer?: string; ca?: boolean } = {}): CertificateInfo {
  const signer = madeUpKey(2048, 17);
  const cert = signCertificate(
    {
      serialNumber: new Uint8Array([0x10, ...Buffer.from(spki.subarray(spki.length - 8))]),
      issuer: name(options.issuer ?? 'Issuer'),
      subject: name(options.subject ?? 'Subject'),
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2035-01-01T00:00:00Z'),
      spki,
      extensions: options.ca ? [basicConstraints(true), keyUsage(['keyCertSign'])] : [],
    },
    signer,
  );
  return parseCertificate(cert.der);
}

const odd = (bits: number) => (1n << BigInt(bits - 1)) | 1n | (0xabcdefn << 8n);

describe('RSA public keys a verification will use', () => {
  it.each([
    ['a 3064-bit exponent', rsaSpki(odd(3072) | (1n << 3071n), odd(3064)), /public exponent of 3064 bits/],
    ['a 33-bit exponent', rsaSpki(odd(2048), (1n << 32n) + 1n), /public exponent of 33 bits/],
    ['an even exponent', rsaSpki(odd(2048), 65536n), /even|public exponent/],
    ['a 16384-bit modulus', rsaSpki(odd(16384), 65537n), /modulus of 16384 bits/],
    ['a 512-bit modulus', rsaSpki(odd(512), 65537n), /modulus of 512 bits/],
  ])('refuses %s', (_, spki, reason) => {
    const key = certificateWith(spki).publicKey;
    expect(key.kind).toBe('unsupported');
    if (key.kind === 'unsupported') expect(key.reason).toMatch(reason);
  });

  it.each([
    ['2048-bit, e = 65537', rsaSpki(odd(2048), 65537n)],
    ['8192-bit, e = 3', rsaSpki(odd(8192), 3n)],
    ['4096-bit, e = 2^32 - 1', rsaSpki(odd(4096), (1n << 32n) - 1n)],
  ])('accepts %s', (_, spki) => {
    expect(certificateWith(spki).publicKey.kind).toBe('node');
  });

  it('reports a signer key with a huge exponent as INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE (never verified)', async () => {
    const cms = hostileCms({ signers: 1, tokensPerSigner: 0, fakeCas: 0, modulusBits: 3072, exponentBits: 3064 });
    const report = await verifyCms({ cms, validationTime: VALIDATION_TIME, policy: { revocation: 'off' } });
    const check = report.signers[0].checks.find((c) => c.name === 'SIGNATURE_VALUE');
    expect(check).toMatchObject({ status: 'FAILED', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
    expect(check?.message).toMatch(/public exponent of 3064 bits/);
  });
});

describe('the budget of one verification call', () => {
  beforeEach(() => clearCertificateCaches());

  const validCms = () =>
    createCadesBes(pki.get('rsa/individual-sign'), Buffer.from('акт'), { signingTime: new Date('2026-05-01T00:00:00Z') });
  const input = (cms: Uint8Array) => ({
    cms,
    trustAnchors: [pki.get('rsa/root-ca').der],
    certificates: [pki.get('rsa/nca').der],
    validationTime: VALIDATION_TIME,
    policy: { revocation: 'off' as const },
  });

  it('a normal signature fits the default budget', async () => {
    expect((await verifyCms(input(await validCms()))).indication).toBe('TOTAL_PASSED');
  });

  it('past the signature-operation budget the chain is INDETERMINATE with a clear message, nothing throws', async () => {
    // 1 operation: the signer's signature; the first chain link would be the second.
    const report = await verifyCms({ ...input(await validCms()), budget: { signatureOperations: 1 } });
    const chain = report.signers[0].checks.find((c) => c.name === 'CERTIFICATE_CHAIN');
    expect(report.signers[0].checks.find((c) => c.name === 'SIGNATURE_VALUE')?.status).toBe('PASSED');
    expect(chain).toMatchObject({ status: 'FAILED', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(chain?.message).toMatch(/verification budget exhausted: more than 1 signature operations/);
    expect(report.indication).toBe('INDETERMINATE');
    expect(report.error).toBeUndefined();
  });

  it('a signature left unverified by the budget is NOT_CHECKED / SIG_CONSTRAINTS_FAILURE, not SIG_CRYPTO_FAILURE', async () => {
    const cms = hostileCms({ signers: 6, tokensPerSigner: 1, fakeCas: 40, modulusBits: 2048, exponentBits: 17 });
    const report = await verifyCms({
      cms,
      validationTime: VALIDATION_TIME,
      policy: { revocation: 'off' },
      budget: { signatureOperations: 8 },
    });
    const values = report.signers.map((s) => s.checks.find((c) => c.name === 'SIGNATURE_VALUE'));
    expect(values.filter((c) => c?.subIndication === 'SIG_CRYPTO_FAILURE').length).toBeLessThanOrEqual(8);
    const skipped = values.filter((c) => c?.status === 'NOT_CHECKED');
    expect(skipped.length).toBeGreaterThan(0);
    for (const check of skipped)
      expect(check).toMatchObject({
        subIndication: 'SIG_CONSTRAINTS_FAILURE',
        message: expect.stringMatching(/budget exhausted/),
      });
  });

  it('counts every operation of a hostile CMS against one budget (8 signers × 4 tokens × 40 fake CAs)', async () => {
    const cms = hostileCms({ signers: 8, tokensPerSigner: 4, fakeCas: 40, modulusBits: 2048, exponentBits: 17 });
    const budget = new VerificationBudget();
    let seen: VerificationBudget | undefined;
    const report = await withBudget(budget, async () => {
      seen = currentBudget();
      return verifyCms({
        cms,
        validationTime: VALIDATION_TIME,
        trustAnchors: [pki.get('rsa/root-ca').der],
        policy: { revocation: 'off' },
      });
    });
    expect(seen).toBe(budget);
    // verifyCms runs under a budget of its own, so the outer one is untouched.
    expect(budget.signatureOperations).toBe(0);
    expect(report.indication).not.toBe('TOTAL_PASSED');
    expect(JSON.stringify(report)).toMatch(/verification budget exhausted/);
  });
});

it('verifies at most 16 time-stamp tokens per call, all signers together', async () => {
  const cms = hostileCms({ signers: 5, tokensPerSigner: 4, fakeCas: 1, modulusBits: 2048, exponentBits: 17 });
  const report = await verifyCms({ cms, validationTime: VALIDATION_TIME, policy: { revocation: 'off' } });
  const stamps = report.signers.map((s) => s.checks.find((c) => c.name === 'SIGNATURE_TIMESTAMP'));
  // 5 × 4 tokens: the fifth signer's turn comes after 16, so its tokens are not looked at.
  const skipped = stamps.filter((c) => /more than 16 time-stamp tokens/.test(c?.message ?? ''));
  expect(skipped).toHaveLength(1);
  expect(skipped[0]).toMatchObject({ status: 'FAILED', subIndication: 'SIG_CONSTRAINTS_FAILURE' });
});

describe('failed links within one call', () => {
  const fakeCas = (count: number) => {
    const spki = madeUpKey(2048, 17).spki;
    return Array.from({ length: count }, (_, i) =>
      certificateWith(rsaSpki(odd(2048) + BigInt(i * 2), 65537n), { subject: 'Same Name CA', issuer: 'Same Name CA', ca: true }),
    ).concat(certificateWith(spki, { subject: 'Other CA', issuer: 'Other CA', ca: true }));
  };
  const leaf = () => certificateWith(madeUpKey(2048, 17).spki, { subject: 'Leaf', issuer: 'Same Name CA' });
  const anchor = () => parseCertificate(pki.get('rsa/root-ca').der);

  it('tries each candidate issuer of a subject once, however often the path is built', async () => {
    const candidates = fakeCas(20);
    const subject = leaf();
    const budget = new VerificationBudget();
    await withBudget(budget, async () => {
      const options = { anchors: [anchor()], candidates, validationTime: VALIDATION_TIME, maxLength: 8 };
      expect(buildPath(subject, options)).toMatchObject({ found: false });
      expect(budget.signatureOperations).toBe(20);
      // The same subject again (e.g. the next time-stamp token with the same TSA): no new verification.
      expect(buildPath(subject, options)).toMatchObject({ found: false });
      expect(budget.signatureOperations).toBe(20);
      await Promise.resolve();
    });
    // A new call starts with nothing remembered.
    const next = new VerificationBudget();
    await withBudget(next, async () => {
      buildPath(subject, { anchors: [anchor()], candidates, validationTime: VALIDATION_TIME, maxLength: 8 });
      expect(next.signatureOperations).toBe(20);
      await Promise.resolve();
    });
  });

  it('a link that already failed costs no path attempt when the path is built again', async () => {
    const candidates = fakeCas(20);
    const subject = leaf();
    const budget = new VerificationBudget({ signatureOperations: 1000, pathAttempts: 30, timestampTokens: 16 });
    await withBudget(budget, async () => {
      const options = { anchors: [anchor()], candidates, validationTime: VALIDATION_TIME, maxLength: 8 };
      expect(buildPath(subject, options)).toMatchObject({ found: false, rejected: expect.any(Array) });
      expect(budget.pathAttempts).toBe(20);
      // Built again (another token of the same TSA, the revocation check): the 20 known failures
      // are rejected again without spending the budget, so it is not exhausted.
      const again = buildPath(subject, options);
      expect(again).toMatchObject({ found: false });
      expect(again).not.toHaveProperty('exhausted');
      expect(budget.pathAttempts).toBe(20);
      await Promise.resolve();
    });
  });

  it('stops building paths when the path-attempt budget is spent', async () => {
    const budget = new VerificationBudget({ signatureOperations: 1000, pathAttempts: 5, timestampTokens: 16 });
    await withBudget(budget, async () => {
      const result = buildPath(leaf(), {
        anchors: [anchor()],
        candidates: fakeCas(20),
        validationTime: VALIDATION_TIME,
        maxLength: 8,
      });
      expect(result).toMatchObject({ found: false, exhausted: expect.stringMatching(/more than 5 candidate issuers/) });
      expect(budget.signatureOperations).toBe(5);
      await Promise.resolve();
    });
  });
});

test('asn1js is not asked to build keys here (sanity of the helpers)', () => {
  expect(new asn1js.Integer({ value: 3 }).valueBlock.valueDec).toBe(3);
});
