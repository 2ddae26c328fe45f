import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as pkijs from 'pkijs';
import { createCadesBes } from '../test-pki/cades';
import type { Hierarchy } from '../test-pki/profiles';
import { inProcessTimestamper } from '../test-pki/test-tsa';
import { parseCms } from '../verification/cms-parser';
import { verifyCms } from '../verification/cms-verifier';
import { hashContent, requiredDigestAlgorithms } from '../verification/content-digests';
import { RevocationCache } from '../verification/revocation-fetcher';
import { ETS_OID } from '../verification/validation-data';
import { imprintAlgorithmFor, upgradeSignature, UpgradeOptions } from './signature-upgrader';
import { InProcessServices, inProcessServices, refusingFetcher, TEST_TSA_URL, upgradeTestPki } from './spec-support';

const CONTENT = new Uint8Array(Buffer.from('Акт выполненных работ №42 / 2026', 'utf8'));
let services: InProcessServices;

beforeEach(() => {
  services = inProcessServices();
});

const pki = () => upgradeTestPki();
// Only the roots: the issuing CA travels in the signature, so its own revocation (the root CRL)
// has to be captured too.
const anchors = () => ['rsa/root-ca', 'gost2015/root-ca', 'gost2004/root-ca'].map((id) => pki().get(id).der);

function options(extra: Partial<UpgradeOptions> = {}): UpgradeOptions {
  return {
    trustAnchors: anchors(),
    tsa: { url: TEST_TSA_URL, fetcher: services.fetcher },
    revocationFetcher: services.fetcher,
    ...extra,
  };
}

const sign = (id: string, detached = false) =>
  createCadesBes(pki().get(id), CONTENT, { detached, extraCertificates: [pki().get(`${id.split('/')[0]}/nca`).der] });

// The signed parts, read with pkijs (not with the code under test): signature value and signed attributes.
function signedParts(der: Uint8Array): Buffer[] {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(der).content });
  return signedData.signerInfos.flatMap((info) => [
    Buffer.from(info.signature.valueBlock.valueHexView),
    Buffer.from(info.signedAttrs?.encodedValue ?? new ArrayBuffer(0)),
  ]);
}

// An independent verification that may not go online: B-LT must stand on the signature alone.
async function verifyOffline(cms: Uint8Array, data?: Uint8Array) {
  const seen: string[] = [];
  const report = await verifyCms({
    cms,
    ...(data && { data }),
    trustAnchors: anchors(),
    policy: { revocation: 'require', caRevocation: 'require' },
    revocationFetcher: refusingFetcher(seen),
    revocationCache: new RevocationCache(),
  });
  return { report, seen };
}

describe('upgradeSignature: CAdES-BES -> B-LT through the in-process TSA and OCSP responder', () => {
  it.each([
    ['RSA attached', 'rsa/individual-sign', false, 'SHA-256'],
    ['RSA detached', 'rsa/individual-sign', true, 'SHA-256'],
    ['GOST 2015 attached', 'gost2015/individual-sign', false, 'GOST R 34.11-2015 (Streebog-512)'],
    ['GOST 2015 detached', 'gost2015/ceo-sign', true, 'GOST R 34.11-2015 (Streebog-512)'],
    ['GOST 2004 attached', 'gost2004/individual-sign', false, 'GOST 34.311-95'],
  ])('%s', async (_name, id, detached, imprintAlgorithm) => {
    const original = await sign(id, detached);
    const result = await upgradeSignature(original, options(detached ? { data: CONTENT } : {}));

    expect(result.report.reason).toBeUndefined();
    expect(result).toMatchObject({ changed: true, level: 'B-LT' });
    expect(result.report).toMatchObject({ outcome: 'upgraded', levelBefore: 'B-B', level: 'B-LT', certificatesAdded: 1 });
    const signer = result.report.signers[0];
    expect(signer.timestampAdded).toMatchObject({
      imprintAlgorithm,
      policy: pki().manifest.tsaPolicies[id.split('/')[0] as Hierarchy],
    });
    // Signer and TSA by OCSP, the issuing CA by the root CRL.
    expect(signer.validationData.map((v) => `${v.type} ${v.status}`).sort()).toEqual(['CRL good', 'OCSP good', 'OCSP good']);
    expect(result.report.verification?.signers[0]).toMatchObject({
      adesLevel: 'B-LT',
      revocation: { status: 'good', source: 'embedded', type: 'OCSP' },
      chainRevocation: [expect.objectContaining({ status: 'good', source: 'embedded', type: 'CRL' })],
    });
    // Only unsigned parts changed.
    expect(signedParts(result.cms)).toEqual(signedParts(original));
    const parsed = parseCms(result.cms);
    expect(parsed.ok && parsed.cms.signers[0].unsignedAttributes.map((a) => a.type).sort()).toEqual(
      ['1.2.840.113549.1.9.16.2.14', ETS_OID.revocationValues].sort(),
    );
    expect(parsed.ok && parsed.cms.content === undefined).toBe(detached);

    // Self-contained: verifies to B-LT with revocation and CA revocation required and no network.
    const { report, seen } = await verifyOffline(result.cms, detached ? CONTENT : undefined);
    expect(seen).toEqual([]);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].adesLevel).toBe('B-LT');
    expect(report.signers[0].timestamp?.checks?.find((c) => c.name === 'REVOCATION')?.evidence?.source).toBe('embedded');

    // Idempotent: the second upgrade asks nobody and returns the same bytes.
    const requests = services.seen.length;
    const again = await upgradeSignature(result.cms, options(detached ? { data: CONTENT } : {}));
    expect(again).toMatchObject({ changed: false, level: 'B-LT', report: { outcome: 'unchanged' } });
    expect(Buffer.from(again.cms).equals(Buffer.from(result.cms))).toBe(true);
    expect(services.seen.length).toBe(requests);
  });

  it('a detached signature upgraded against streamed digests', async () => {
    const original = await sign('rsa/employee-sign', true);
    const parsed = parseCms(original);
    if (!parsed.ok) throw new Error(parsed.message);
    const dataDigests = await hashContent([CONTENT], requiredDigestAlgorithms(parsed.cms));
    const result = await upgradeSignature(original, options({ dataDigests }));
    expect(result.level).toBe('B-LT');
    expect((await verifyOffline(result.cms, CONTENT)).report.signers[0].adesLevel).toBe('B-LT');
  });

  it('a CAdES-T (valid time-stamp already) only gets its validation data', async () => {
    const original = await createCadesBes(pki().get('rsa/ceo-sign'), CONTENT, {
      timestamp: inProcessTimestamper(services.tsa),
      extraCertificates: [pki().get('rsa/nca').der],
    });
    const result = await upgradeSignature(original, options());
    expect(result.report).toMatchObject({ outcome: 'upgraded', levelBefore: 'B-T', level: 'B-LT' });
    expect(result.report.signers[0].timestampAdded).toBeUndefined();
    expect(services.seen.filter((s) => s.includes(TEST_TSA_URL))).toEqual([]);
    expect(signedParts(result.cms)).toEqual(signedParts(original));
  });

  it('the issuing CA certificate is added to SignedData.certificates when the signature lacks it', async () => {
    const original = await createCadesBes(pki().get('rsa/individual-sign'), CONTENT);
    const result = await upgradeSignature(original, options({ trustAnchors: anchors() }));
    // Without the issuing CA in the signature the TSA token cannot chain: nothing changes.
    expect(result.report).toMatchObject({ outcome: 'not-upgraded', reason: { code: 'SIGNATURE_NOT_VALID' } });
    const withCa = await upgradeSignature(original, options({ trustAnchors: [...anchors(), pki().get('rsa/nca').der] }));
    expect(withCa.level).toBe('B-LT');
    const certificates = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(withCa.cms).content }).certificates ?? [];
    // signer + the issuing CA + its root: the issuing CA is an anchor here, but the path continues
    // to the root that issued it (chain.ts), whose CRL gives the issuing CA's status; every
    // certificate of the path is carried so the file is self-contained (ETSI EN 319 122-1 B-LT).
    expect(certificates).toHaveLength(3);
  });
});

describe('imprintAlgorithmFor', () => {
  it.each([
    ['rsa/individual-sign', '2.16.840.1.101.3.4.2.1'],
    ['gost2015/individual-sign', '1.2.398.3.10.1.3.3'],
    ['gost2004/individual-sign', '1.2.398.3.10.1.3.1'],
  ])('%s -> %s (the TSA hierarchy follows the hash)', async (id, oid) => {
    const parsed = parseCms(await createCadesBes(pki().get(id), CONTENT));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(imprintAlgorithmFor(parsed.cms.signers[0])).toBe(oid);
  });
});

describe('upgradeSignature: when it cannot upgrade', () => {
  it('TSA down: the original bytes come back with a retryable reason', async () => {
    const original = await sign('rsa/individual-sign');
    services.down.add(TEST_TSA_URL);
    const result = await upgradeSignature(original, options());
    expect(result.cms).toBe(original);
    expect(result).toMatchObject({
      changed: false,
      level: 'B-B',
      report: { outcome: 'not-upgraded', reason: { code: 'TSA_UNAVAILABLE', retryable: true } },
    });
  });

  it.each([
    ['a wrong imprint', { imprint: 'wrong' as const }, /messageImprint/],
    ['a wrong nonce', { nonce: 'wrong' as const }, /nonce/],
  ])('a TSA answer with %s is rejected', async (_name, behaviour, message) => {
    const original = await sign('gost2015/individual-sign');
    services.tsa.behaviour = behaviour;
    const result = await upgradeSignature(original, options());
    expect(result.cms).toBe(original);
    expect(result.report).toMatchObject({ outcome: 'not-upgraded', reason: { code: 'TSA_INVALID_RESPONSE' } });
    expect(result.report.reason?.message).toMatch(message);
  });

  it('no TSA configured: nothing is upgraded and the result says so', async () => {
    const original = await sign('rsa/individual-sign');
    const result = await upgradeSignature(original, options({ tsa: undefined }));
    expect(result.cms).toBe(original);
    expect(result.report).toMatchObject({ outcome: 'not-upgraded', reason: { code: 'NO_TSA_CONFIGURED', retryable: false } });
    expect(services.seen).toEqual([]);
  });

  it('OCSP and CRL out of reach: B-T with the time-stamp only, retryable for B-LT', async () => {
    const original = await sign('rsa/individual-sign');
    services.down.add(new URL(pki().manifest.baseUrl).origin);
    const result = await upgradeSignature(original, options());
    expect(result).toMatchObject({ changed: true, level: 'B-T' });
    expect(result.report).toMatchObject({ outcome: 'upgraded', reason: { code: 'VALIDATION_DATA_INCOMPLETE', retryable: true } });
    expect(result.report.signers[0].problems.join()).toMatch(/ECONNREFUSED/);
    expect(signedParts(result.cms)).toEqual(signedParts(original));
    // Later, with the responder back, the retry completes it to B-LT without a second time-stamp.
    services.down.clear();
    const retried = await upgradeSignature(result.cms, options());
    expect(retried).toMatchObject({ changed: true, level: 'B-LT' });
    expect(retried.report.signers[0].timestampAdded).toBeUndefined();
  });

  it('a revoked signer certificate: the captured OCSP answer fails the upgrade', async () => {
    const original = await sign('rsa/individual-sign-revoked');
    const result = await upgradeSignature(original, options());
    expect(result.cms).toBe(original);
    expect(result.report).toMatchObject({
      outcome: 'not-upgraded',
      reason: { code: 'UPGRADED_SIGNATURE_NOT_VALID', retryable: false },
    });
    expect(result.report.reason?.message).toMatch(/REVOKED/);
  });

  it('an invalid signature is not time-stamped', async () => {
    const original = await createCadesBes(pki().get('rsa/individual-sign'), CONTENT, {
      faults: { signature: true },
      extraCertificates: [pki().get('rsa/nca').der],
    });
    const result = await upgradeSignature(original, options());
    expect(result.report).toMatchObject({ outcome: 'not-upgraded', reason: { code: 'SIGNATURE_NOT_VALID', retryable: false } });
    expect(services.seen).toEqual([]);
  });

  it('a detached signature over other content is not upgraded', async () => {
    const original = await sign('rsa/individual-sign', true);
    const result = await upgradeSignature(original, options({ data: new Uint8Array(Buffer.from('other')) }));
    expect(result.report).toMatchObject({ outcome: 'not-upgraded', reason: { code: 'SIGNATURE_NOT_VALID' } });
    expect(result.report.reason?.message).toMatch(/HASH_FAILURE/);
  });

  it('not a CMS: INVALID_CMS, no throw', async () => {
    const result = await upgradeSignature(new Uint8Array([1, 2, 3]), options());
    expect(result.report).toMatchObject({ outcome: 'not-upgraded', reason: { code: 'INVALID_CMS' } });
  });
});

// Cross-check with an independent implementation: OpenSSL must still accept the RSA signature.
const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

(openssl ? it : it.skip)('the upgraded RSA CMS still verifies with openssl cms -verify -noverify', async () => {
  const upgraded = (await upgradeSignature(await sign('rsa/individual-sign'), options())).cms;
  const dir = mkdtempSync(path.join(tmpdir(), 'upgrade-'));
  try {
    writeFileSync(path.join(dir, 'signature.p7s'), upgraded);
    const out = execFileSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-noverify',
        '-inform',
        'DER',
        '-in',
        path.join(dir, 'signature.p7s'),
        '-out',
        path.join(dir, 'content'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(out).toBeDefined();
    expect(readFileSync(path.join(dir, 'content')).equals(Buffer.from(CONTENT))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
