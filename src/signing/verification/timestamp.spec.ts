// Signature time-stamps (CAdES-T) end to end: CMS from test-pki/cades.ts, tokens from the
// in-process test TSA, verification with revocation off (no network).
import { createCadesBes } from '../test-pki/cades';
import { TestPki, TestPkiEntity } from '../test-pki/manifest';
import { specTestPki } from '../test-pki/spec-support';
import { inProcessTimestamper, TestTsa, TestTsaBehaviour } from '../test-pki/test-tsa';
import { loadCertificates } from './certificates';
import { parseCms } from './cms-parser';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { CheckName, VerificationReport } from './report';
import { readVector } from './spec-support';
import { checkTsaUsage, readTstInfo } from './timestamp';
import { Hierarchy } from '../test-pki/profiles';

const content = new TextEncoder().encode('Шарт № 7 / contract');
const GEN_TIME = new Date('2026-03-15T09:30:00Z');
const VALIDATION_TIME = new Date('2026-06-01T00:00:00Z');

let pki: TestPki;

beforeAll(async () => {
  pki = await specTestPki();
}, 60_000);

const statusOf = (report: VerificationReport, name: CheckName) => report.signers[0].checks.find((c) => c.name === name);

async function stamped(
  signer: TestPkiEntity,
  behaviour: TestTsaBehaviour = {},
  options: { imprintFault?: boolean; signingTime?: Date; noToken?: boolean } = {},
): Promise<Uint8Array> {
  const tsa = new TestTsa(pki, { clock: () => GEN_TIME, ...behaviour });
  return createCadesBes(signer, content, {
    signingTime: options.signingTime ?? GEN_TIME,
    ...(!options.noToken && { timestamp: inProcessTimestamper(tsa) }),
    ...(options.imprintFault && { faults: { timestampImprint: true } }),
  });
}

function verify(cms: Uint8Array, hierarchy: Hierarchy, input: Partial<VerifyCmsInput> = {}): Promise<VerificationReport> {
  return verifyCms({
    cms,
    validationTime: VALIDATION_TIME,
    trustAnchors: [pki.service(hierarchy, 'root-ca').der],
    certificates: [pki.service(hierarchy, 'issuing-ca').der],
    policy: { revocation: 'off', revocationOnline: false },
    ...input,
  });
}

describe.each(['rsa', 'gost2015'] as const)('signature time-stamp with %s keys', (hierarchy) => {
  it('a valid token gives B-T and reports genTime, TSA, policy, serial and imprint algorithm', async () => {
    const report = await verify(await stamped(pki.get(`${hierarchy}/individual-sign`)), hierarchy);
    expect(report.indication).toBe('TOTAL_PASSED');
    const signer = report.signers[0];
    expect(signer.adesLevel).toBe('B-T');
    expect(signer.timestamp).toMatchObject({ valid: true, genTime: GEN_TIME.toISOString(), indication: 'TOTAL_PASSED' });
    expect(signer.timestamp?.policy).toMatch(/^[\d.]+$/);
    expect(signer.timestamp?.serialNumber).toMatch(/^[0-9A-F]+$/);
    const check = statusOf(report, 'SIGNATURE_TIMESTAMP');
    expect(check).toMatchObject({
      status: 'PASSED',
      evidence: {
        genTime: GEN_TIME.toISOString(),
        imprintAlgorithm: hierarchy === 'rsa' ? 'SHA-256' : expect.stringMatching(/Streebog|34\.11/),
        tsaCertificate: expect.any(String),
      },
    });
    expect(statusOf(report, 'SIGNING_CERTIFICATE_VALIDITY')?.evidence).toMatchObject({
      validationTime: GEN_TIME.toISOString(),
      proofOfExistence: 'signature time-stamp',
    });
  });

  it('a token over other bytes than the signature value fails (HASH_FAILURE)', async () => {
    const report = await verify(await stamped(pki.get(`${hierarchy}/individual-sign`), {}, { imprintFault: true }), hierarchy);
    expect(statusOf(report, 'SIGNATURE_TIMESTAMP')).toMatchObject({ status: 'FAILED', subIndication: 'HASH_FAILURE' });
    expect(report.signers[0]).toMatchObject({ adesLevel: 'B-B', timestamp: { valid: false } });
    expect(report.indication).toBe('TOTAL_FAILED');
  });
});

describe('signature time-stamp (RSA)', () => {
  const signer = () => pki.get('rsa/individual-sign');

  it('an expired signer certificate passes when it was valid at genTime', async () => {
    const expired = pki.get('rsa/individual-sign-expired');
    const genTime = new Date('2022-06-01T10:00:00Z');
    const tsa = new TestTsa(pki, { clock: () => genTime });
    const cms = await createCadesBes(expired, content, { signingTime: genTime, timestamp: inProcessTimestamper(tsa) });
    const withToken = await verify(cms, 'rsa', { validationTime: new Date('2026-06-01T00:00:00Z') });
    expect(withToken.indication).toBe('TOTAL_PASSED');
    expect(withToken.signers[0].adesLevel).toBe('B-T');
    expect(statusOf(withToken, 'SIGNING_CERTIFICATE_VALIDITY')?.status).toBe('PASSED');

    const bare = await createCadesBes(expired, content, { signingTime: genTime });
    const without = await verify(bare, 'rsa', { validationTime: new Date('2026-06-01T00:00:00Z') });
    expect(without.signers[0]).toMatchObject({ subIndication: 'OUT_OF_BOUNDS_NO_POE', adesLevel: 'B-B' });
  });

  it('an invalid token is not a proof of existence: the expired certificate stays OUT_OF_BOUNDS', async () => {
    const expired = pki.get('rsa/individual-sign-expired');
    const genTime = new Date('2022-06-01T10:00:00Z');
    const tsa = new TestTsa(pki, { clock: () => genTime, signature: 'corrupt' });
    const cms = await createCadesBes(expired, content, { signingTime: genTime, timestamp: inProcessTimestamper(tsa) });
    const report = await verify(cms, 'rsa');
    expect(statusOf(report, 'SIGNATURE_TIMESTAMP')).toMatchObject({ status: 'FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });
    expect(statusOf(report, 'SIGNING_CERTIFICATE_VALIDITY')).toMatchObject({ subIndication: 'OUT_OF_BOUNDS_NO_POE' });
  });

  it.each([
    ['before the revocation: passes (revoked later)', new Date('2025-03-01T00:00:00Z'), 'TOTAL_PASSED'],
    ['after the revocation: REVOKED', new Date('2025-06-15T00:00:00Z'), 'TOTAL_FAILED'],
  ])('revocation is asked at genTime, evidence judged now: token %s', async (_what, genTime, indication) => {
    const revoked = pki.get('rsa/individual-sign-revoked');
    const tsa = new TestTsa(pki, { clock: () => genTime });
    const cms = await createCadesBes(revoked, content, { signingTime: genTime, timestamp: inProcessTimestamper(tsa) });
    // The CRL (thisUpdate 2025-07-01) covers the signer and the TSA certificate; the root's CRL
    // their issuing CA (every CA below the anchor needs a status too).
    const report = await verify(cms, 'rsa', {
      policy: { revocation: 'require', revocationOnline: false },
      revocationEvidence: [pki.crl('rsa/nca').der, pki.crl('rsa/root-ca').der],
    });
    expect(report.signers[0].timestamp).toMatchObject({ valid: true, indication: 'TOTAL_PASSED' });
    expect(report.indication).toBe(indication);
    if (indication === 'TOTAL_FAILED') expect(report.signers[0].subIndication).toBe('REVOKED');
  });

  it('no token: B-B and a NOT_CHECKED time-stamp check that does not block', async () => {
    const report = await verify(await stamped(signer(), {}, { noToken: true }), 'rsa');
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].adesLevel).toBe('B-B');
    expect(report.signers[0].timestamp).toBeUndefined();
    expect(statusOf(report, 'SIGNATURE_TIMESTAMP')).toMatchObject({ status: 'NOT_CHECKED' });
  });

  it.each([
    [{ signature: 'corrupt' } as const, 'SIG_CRYPTO_FAILURE'],
    [{ messageDigest: 'wrong' } as const, 'HASH_FAILURE'],
    [{ imprint: 'wrong' } as const, 'HASH_FAILURE'],
    [{ signer: 'not-a-tsa' } as const, 'CHAIN_CONSTRAINTS_FAILURE'],
    [{ clock: () => new Date('2027-01-01T00:00:00Z') }, 'TIMESTAMP_ORDER_FAILURE'],
  ])('rejects the token from a TSA with %p (%s)', async (behaviour: TestTsaBehaviour, sub) => {
    const report = await verify(await stamped(signer(), behaviour), 'rsa');
    expect(statusOf(report, 'SIGNATURE_TIMESTAMP')).toMatchObject({ status: 'FAILED', subIndication: sub });
    expect(report.signers[0].adesLevel).toBe('B-B');
    expect(report.indication).not.toBe('TOTAL_PASSED');
  });

  it('a TSA outside the trust anchors does not give B-T', async () => {
    const report = await verify(await stamped(signer()), 'rsa', {
      trustAnchors: [pki.service('rsa', 'root-ca').der, pki.get('rsa/individual-sign').der],
      certificates: [],
    });
    expect(statusOf(report, 'SIGNATURE_TIMESTAMP')).toMatchObject({
      status: 'FAILED',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    });
  });

  it('requires the critical timeStamping-only EKU of the TSA certificate (RFC 3161 §2.3)', () => {
    const [tsa, responder] = loadCertificates([
      pki.service('rsa', 'tsa').der,
      pki.service('rsa', 'ocsp-responder').der,
    ]).certificates;
    expect(checkTsaUsage(tsa)).toBeUndefined();
    expect(checkTsaUsage(responder)).toEqual(expect.any(String));
  });
});

describe('the real NCA token (tsp/tsp_token.bin)', () => {
  it('carries a TSTInfo with the documented fields', () => {
    const parsed = parseCms(readVector('tsp/tsp_token.bin'));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.cms.contentType).toBe('1.2.840.113549.1.9.16.1.4');
    expect(readTstInfo(parsed.cms.content ?? new Uint8Array())).toMatchObject({
      genTime: new Date('2022-09-18T13:20:14Z'),
      policy: '1.2.398.3.3.2.6.1',
      imprintOid: '1.3.14.3.2.26',
    });
  });
});
