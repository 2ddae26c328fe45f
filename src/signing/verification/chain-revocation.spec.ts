// Revocation of the CA certificates on the path, delta CRLs combined with their complete CRL, and
// the B-LT level (validation data inside the signature). The test PKI (certs/test-pki) provides the
// keys: the CRLs a case needs are signed here with the root / issuing CA keys.
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { attribute } from '../test-pki/cms-builder';
import { createCadesBes } from '../test-pki/cades';
import { CrlIndex } from '../revocation/crl-index';
import { extension, freshestCrl, keyIdentifierOf, signCrl } from '../test-pki/x509-builder';
import { loadTestPki, TestPki, TestPkiEntity } from '../test-pki/manifest';
import { ocspRequest, TestOcspResponder } from '../test-pki/test-ocsp-responder';
import { inProcessTimestamper, TestTsa } from '../test-pki/test-tsa';
import { loadTrustStores } from '../api/trust-stores';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { VerificationPolicy } from './policy';
import { Check, VerificationReport } from './report';
import { FetchRequest, RevocationCache, RevocationFetcher } from './revocation-fetcher';
import { ETS_OID } from './validation-data';

let pki: TestPki;
let responder: TestOcspResponder;
const CONTENT = Buffer.from('акт сверки №12');
const REVOKED_AT = new Date('2025-09-01T00:00:00Z');

beforeAll(() => {
  pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
  responder = new TestOcspResponder(pki);
});

// Every request is recorded and refused: these cases must be decided offline.
function refusingFetcher(seen: string[]): RevocationFetcher {
  return {
    fetch(url: string, request: FetchRequest) {
      seen.push(`${request.method} ${url}`);
      return Promise.reject(new Error('no network in this spec'));
    },
  };
}

interface CrlSpec {
  readonly number: number;
  readonly deltaOf?: number;
  readonly thisUpdate?: Date;
  readonly nextUpdate?: Date;
  readonly revoked?: readonly { entity: TestPkiEntity; reasonCode: number; time?: Date }[];
  readonly extensions?: readonly pkijs.Extension[];
}

function crlOf(issuerId: string, spec: CrlSpec): Uint8Array {
  const issuer = pki.get(issuerId);
  return signCrl(
    {
      issuer: issuer.certificate.subject,
      issuerKeyIdentifier: keyIdentifierOf(issuer.key.spki),
      thisUpdate: spec.thisUpdate ?? new Date('2025-10-01T00:00:00Z'),
      nextUpdate: spec.nextUpdate ?? new Date('2045-01-01T00:00:00Z'),
      crlNumber: spec.number,
      ...(spec.deltaOf !== undefined && { deltaOf: spec.deltaOf }),
      ...(spec.extensions && { extensions: spec.extensions }),
      revoked: (spec.revoked ?? []).map((r) => ({
        serialNumber: Buffer.from(r.entity.serialNumber, 'hex'),
        time: r.time ?? REVOKED_AT,
        reasonCode: r.reasonCode,
      })),
    },
    issuer.key,
  );
}

const ocspFor = (id: string) => responder.respond(ocspRequest(pki.get(id).certificate, pki.get('rsa/nca').certificate));
const rootCrl = (revoked: CrlSpec['revoked'] = []) => crlOf('rsa/root-ca', { number: 2, revoked });

async function verify(
  evidence: readonly Uint8Array[],
  policy: Partial<VerificationPolicy> = {},
  extra: Partial<VerifyCmsInput> & { signer?: string } = {},
): Promise<{ report: VerificationReport; check: Check; seen: string[] }> {
  const seen: string[] = [];
  const { signer, cms, ...input } = extra;
  const report = await verifyCms({
    cms: cms ?? (await createCadesBes(pki.get(signer ?? 'rsa/individual-sign'), CONTENT)),
    trustAnchors: [pki.get('rsa/root-ca').der],
    certificates: [pki.get('rsa/nca').der],
    policy: { revocation: 'require', ...policy },
    revocationEvidence: [...evidence],
    revocationFetcher: refusingFetcher(seen),
    revocationCache: new RevocationCache(),
    ...input,
  });
  const check = report.signers[0].checks.find((c) => c.name === 'REVOCATION');
  if (!check) throw new Error('no REVOCATION check');
  return { report, check, seen };
}

const attempts = (check: Check) => ((check.evidence?.attempts as string[] | undefined) ?? []).join('\n');

describe('revocation of the CA certificates on the path', () => {
  it('a revoked issuing CA gives INDETERMINATE / REVOKED_CA_NO_POE, even under "prefer"', async () => {
    const revokedRoot = rootCrl([{ entity: pki.get('rsa/nca'), reasonCode: 2 }]);
    for (const revocation of ['require', 'prefer'] as const) {
      const { report, check } = await verify([ocspFor('rsa/individual-sign'), revokedRoot], {
        revocation,
        revocationOnline: false,
      });
      expect(report.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_CA_NO_POE' });
      expect(check).toMatchObject({ status: 'FAILED', evidence: { type: 'OCSP', status: 'good', source: 'supplied' } });
      expect(check.message).toMatch(/CA certificate .* revoked at 2025-09-01T00:00:00.000Z \(cACompromise\)/);
      expect(report.signers[0].chainRevocation).toEqual([
        expect.objectContaining({ status: 'revoked', type: 'CRL', source: 'supplied', crlNumber: '2', reason: 'cACompromise' }),
      ]);
    }
  });

  it('a CA revoked after the time-stamp\'s genTime is "revokedLater" and does not block', async () => {
    const genTime = new Date('2025-08-01T00:00:00Z');
    const revokedRoot = rootCrl([{ entity: pki.get('rsa/nca'), reasonCode: 2 }]);
    const cms = await createCadesBes(pki.get('rsa/individual-sign'), CONTENT, {
      signingTime: genTime,
      timestamp: inProcessTimestamper(new TestTsa(pki, { clock: () => genTime })),
    });
    const { report } = await verify(
      [ocspFor('rsa/individual-sign'), ocspFor('rsa/tsa'), revokedRoot],
      { revocationOnline: false },
      { cms },
    );
    expect(report.signers[0].adesLevel).toBe('B-T');
    expect(report.signers[0].chainRevocation).toEqual([
      expect.objectContaining({ status: 'revokedLater', reason: 'cACompromise' }),
    ]);
    expect(report.indication).toBe('TOTAL_PASSED');
    // Without the time-stamp nothing proves the signature existed before the CA's revocation.
    const unstamped = await verify([ocspFor('rsa/individual-sign'), revokedRoot], { revocationOnline: false });
    expect(unstamped.report.signers[0].subIndication).toBe('REVOKED_CA_NO_POE');
  });

  it.each([
    ['prefer', 'TOTAL_PASSED', undefined, 'WARNING'],
    ['require', 'INDETERMINATE', 'TRY_LATER', 'NOT_CHECKED'],
    ['off', 'TOTAL_PASSED', undefined, 'PASSED'],
  ] as const)('CA without revocation data under caRevocation "%s"', async (caRevocation, indication, sub, status) => {
    const { report, check, seen } = await verify([ocspFor('rsa/individual-sign')], { caRevocation });
    expect(seen).toEqual(caRevocation === 'off' ? [] : ['GET http://127.0.0.1/crl/rsa-root.crl']);
    expect(report.signers[0].indication).toBe(indication);
    expect(report.signers[0].subIndication).toBe(sub);
    expect(check.status).toBe(status);
    if (caRevocation === 'off') expect(report.signers[0].chainRevocation).toBeUndefined();
    else {
      expect(report.signers[0].chainRevocation).toEqual([expect.objectContaining({ status: 'unknown' })]);
      expect(report.signers[0].chainRevocation?.[0].attempts?.join()).toMatch(/rsa-root\.crl unreachable/);
    }
    if (caRevocation === 'prefer') expect(report.signers[0].warnings.join()).toMatch(/REVOCATION: .*CA certificate/);
  });

  it('revocation "off" looks at no CA either', async () => {
    const { report, seen } = await verify([], { revocation: 'off', caRevocation: 'require' });
    expect(seen).toEqual([]);
    expect(report.signers[0].chainRevocation).toBeUndefined();
  });

  it("a signer certificate that is itself the anchor's child has no CA to check", async () => {
    const { report } = await verify(
      [ocspFor('rsa/individual-sign')],
      { caRevocation: 'require' },
      {
        trustAnchors: [pki.get('rsa/nca').der],
      },
    );
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].chainRevocation).toBeUndefined();
  });
});

// The trust stores hold the issuing CAs beside their roots (test-pki: every root-ca and issuing-ca
// of the manifest; nca-production: the pinned roots and issuing CAs). The path must not stop at
// the issuing CA: it continues to the root, so the issuing CA's status on the root's CRL is asked.
describe('trust stores holding the issuing CA beside its root', () => {
  const store = () => loadTrustStores(['test-pki']);

  it('the path continues from the issuing CA to its root, and a revoked issuing CA is REVOKED_CA_NO_POE', async () => {
    const revokedRoot = rootCrl([{ entity: pki.get('rsa/nca'), reasonCode: 2 }]);
    const { report, check } = await verify(
      [ocspFor('rsa/individual-sign'), revokedRoot],
      { revocationOnline: false },
      {
        trustAnchors: store(),
        certificates: [],
      },
    );
    const chain = report.signers[0].checks.find((c) => c.name === 'CERTIFICATE_CHAIN');
    expect(
      (chain?.evidence?.path as { serialNumber: string; trusted: boolean }[]).map((c) => [c.serialNumber, c.trusted]),
    ).toEqual([
      [pki.get('rsa/individual-sign').serialNumber, false],
      [pki.get('rsa/nca').serialNumber, true],
      [pki.get('rsa/root-ca').serialNumber, true],
    ]);
    expect(report.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_CA_NO_POE' });
    expect(check.status).toBe('FAILED');
    expect(report.signers[0].chainRevocation).toEqual([
      expect.objectContaining({
        serialNumber: pki.get('rsa/nca').serialNumber,
        status: 'revoked',
        type: 'CRL',
        source: 'supplied',
      }),
    ]);
    // The root's CRL not listing it: the same store passes.
    const good = await verify(
      [ocspFor('rsa/individual-sign'), rootCrl()],
      { revocationOnline: false },
      {
        trustAnchors: store(),
        certificates: [],
      },
    );
    expect(good.report.indication).toBe('TOTAL_PASSED');
    expect(good.report.signers[0].chainRevocation).toEqual([expect.objectContaining({ status: 'good' })]);
  });

  it.each([
    ['require', 'INDETERMINATE', 'TRY_LATER'],
    ['prefer', 'TOTAL_PASSED', undefined],
  ] as const)('the root CRL out of reach under caRevocation "%s"', async (caRevocation, indication, sub) => {
    const { report, seen } = await verify(
      [ocspFor('rsa/individual-sign')],
      { caRevocation },
      { trustAnchors: store(), certificates: [] },
    );
    expect(seen).toEqual(['GET http://127.0.0.1/crl/rsa-root.crl']);
    expect(report.signers[0].indication).toBe(indication);
    expect(report.signers[0].subIndication).toBe(sub);
    expect(report.signers[0].chainRevocation).toEqual([
      expect.objectContaining({ serialNumber: pki.get('rsa/nca').serialNumber, status: 'unknown' }),
    ]);
    if (caRevocation === 'prefer') expect(report.signers[0].warnings.join()).toMatch(/REVOCATION: .*CA certificate.*unknown/);
  });

  it('a store with the issuing CA and no root (as nca-test): the issuing CA is the anchor, its status not asked', async () => {
    const { report, seen } = await verify(
      [ocspFor('rsa/individual-sign')],
      {},
      { trustAnchors: [pki.get('rsa/nca').der], certificates: [] },
    );
    expect(seen).toEqual([]);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].chainRevocation).toBeUndefined();
  });

  it('the CA path is the one the chain check found, not rebuilt when the path budget ran out', async () => {
    // The chain check spends the whole budget (signer→nca, nca→root): a second path building in
    // the revocation check would fail and, before, fell back to "no CA to check".
    const revokedRoot = rootCrl([{ entity: pki.get('rsa/nca'), reasonCode: 2 }]);
    const { report } = await verify(
      [ocspFor('rsa/individual-sign'), revokedRoot],
      { revocationOnline: false },
      {
        budget: { pathAttempts: 2 },
      },
    );
    expect(report.signers[0].checks.find((c) => c.name === 'CERTIFICATE_CHAIN')?.status).toBe('PASSED');
    expect(report.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_CA_NO_POE' });
  });

  it("no path to an anchor: the CAs' status is unknown, never an empty list of CAs", async () => {
    // Evidence for the signer from an untrusted issuer, but nothing about any CA.
    const { report, check } = await verify(
      [ocspFor('rsa/individual-sign')],
      { revocationOnline: false },
      {
        trustAnchors: [pki.get('gost2015/root-ca').der],
      },
    );
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(check.message).toMatch(/no path to a trust anchor/);
    expect(report.indication).toBe('INDETERMINATE');
  });
});

describe('delta CRLs (RFC 5280 §5.2.4)', () => {
  const offline = { revocationOnline: false } as const;
  const fullCrl = () => pki.crl('rsa/nca').der; // CRL #1, lists ceo-sign-revoked on certificateHold

  it('a certificate listed only in the delta is revoked', async () => {
    const delta = crlOf('rsa/nca', {
      number: 2,
      deltaOf: 1,
      revoked: [{ entity: pki.get('rsa/individual-sign'), reasonCode: 1 }],
    });
    const { report, check } = await verify([fullCrl(), delta, rootCrl()], offline);
    expect(report.signers[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(check.evidence).toMatchObject({ type: 'CRL', crlNumber: '1', deltaCrlNumber: '2', reason: 'keyCompromise' });
  });

  it("not listed in either: good until the delta's nextUpdate, even past the complete CRL's", async () => {
    const full = crlOf('rsa/nca', { number: 5, nextUpdate: new Date('2026-01-01T00:00:00Z') });
    const delta = crlOf('rsa/nca', { number: 6, deltaOf: 5, thisUpdate: new Date('2026-11-01T00:00:00Z') });
    const at = { validationTime: new Date('2026-11-10T00:00:00Z') };
    const { check } = await verify([full, delta, rootCrl()], offline, at);
    expect(check).toMatchObject({
      status: 'PASSED',
      evidence: { crlNumber: '5', deltaCrlNumber: '6', thisUpdate: '2026-11-01T00:00:00.000Z' },
    });
    // Without the delta the complete CRL is stale.
    const alone = await verify([full, rootCrl()], offline, at);
    expect(alone.check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(alone.check.message).toMatch(/stale/);
  });

  it('a delta based on a newer CRL than the complete one is not used', async () => {
    const delta = crlOf('rsa/nca', {
      number: 4,
      deltaOf: 3,
      revoked: [{ entity: pki.get('rsa/individual-sign'), reasonCode: 1 }],
    });
    const { report, check } = await verify([fullCrl(), delta, rootCrl()], offline);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(check.evidence).toMatchObject({ type: 'CRL', crlNumber: '1' });
    expect(check.evidence?.deltaCrlNumber).toBeUndefined();
    expect(attempts(check)).toMatch(/delta CRL #4 unusable: delta CRL is based on CRL #3, newer than the complete CRL #1/);
  });

  it('removeFromCRL in the delta releases a certificateHold of the complete CRL', async () => {
    const signer = 'rsa/ceo-sign-revoked';
    const held = await verify([fullCrl(), rootCrl()], offline, { signer });
    expect(held.report.signers[0].subIndication).toBe('REVOKED');
    expect(held.check.evidence).toMatchObject({ reason: 'certificateHold' });
    const delta = crlOf('rsa/nca', { number: 2, deltaOf: 1, revoked: [{ entity: pki.get(signer), reasonCode: 8 }] });
    const released = await verify([fullCrl(), delta, rootCrl()], offline, { signer });
    expect(released.report.indication).toBe('TOTAL_PASSED');
    expect(released.check).toMatchObject({ status: 'PASSED', evidence: { status: 'good', deltaCrlNumber: '2' } });
  });

  it('a delta alone can say "revoked" but never "not revoked"', async () => {
    const listing = crlOf('rsa/nca', {
      number: 2,
      deltaOf: 1,
      revoked: [{ entity: pki.get('rsa/individual-sign'), reasonCode: 1 }],
    });
    const revoked = await verify([listing, rootCrl()], offline);
    expect(revoked.report.signers[0].subIndication).toBe('REVOKED');
    const silent = await verify([crlOf('rsa/nca', { number: 2, deltaOf: 1 }), rootCrl()], offline);
    expect(silent.check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(silent.check)).toMatch(/delta CRL without its complete CRL/);
  });

  it('an embedded complete CRL completed by a supplied delta counts as supplied evidence', async () => {
    const cms = await createCadesBes(pki.get('rsa/individual-sign'), CONTENT, {
      unsignedAttributes: [revocationValues([fullCrl(), rootCrl()], [])],
    });
    const alone = await verify([], offline, { cms });
    expect(alone.check.evidence).toMatchObject({ type: 'CRL', source: 'embedded', crlNumber: '1' });
    const withDelta = await verify([crlOf('rsa/nca', { number: 2, deltaOf: 1 })], offline, { cms });
    expect(withDelta.check.evidence).toMatchObject({ type: 'CRL', source: 'supplied', crlNumber: '1', deltaCrlNumber: '2' });
  });

  it('a delta signed by another CA is ignored', async () => {
    // Same issuer name, but signed with the root key: the signature check refuses it.
    const nca = pki.get('rsa/nca');
    const forged = signCrl(
      {
        issuer: nca.certificate.subject,
        issuerKeyIdentifier: keyIdentifierOf(nca.key.spki),
        thisUpdate: new Date('2025-10-01T00:00:00Z'),
        nextUpdate: new Date('2045-01-01T00:00:00Z'),
        crlNumber: 2,
        deltaOf: 1,
        revoked: [
          { serialNumber: Buffer.from(pki.get('rsa/individual-sign').serialNumber, 'hex'), time: REVOKED_AT, reasonCode: 1 },
        ],
      },
      pki.get('rsa/root-ca').key,
    );
    const { report, check } = await verify([fullCrl(), forged, rootCrl()], offline);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(attempts(check)).toMatch(/delta CRL #2 unusable: CRL signature/);
  });
});

const issuingDistributionPoint = (url: string) =>
  extension(
    '2.5.29.28',
    true,
    new pkijs.IssuingDistributionPoint({ distributionPoint: [new pkijs.GeneralName({ type: 6, value: url })] }).toSchema(),
  );

// Serves fixed bodies by URL; anything else is refused.
function servingFetcher(bodies: Readonly<Record<string, Uint8Array>>, seen: string[]): RevocationFetcher {
  return {
    fetch(url: string, request: FetchRequest) {
      seen.push(`${request.method} ${url}`);
      const body = request.method === 'GET' ? bodies[url] : undefined;
      return body ? Promise.resolve(body) : Promise.reject(new Error('connection refused'));
    },
  };
}

describe('delta CRLs online and CRL scopes', () => {
  const EXTRA_DELTA = 'http://127.0.0.1/crl/extra-delta.crl';

  it('reads the Freshest CRL addresses and the scope of a CRL into the index', () => {
    const index = CrlIndex.fromDer(
      Buffer.from(
        crlOf('rsa/nca', { number: 7, extensions: [freshestCrl([EXTRA_DELTA]), issuingDistributionPoint('http://x/a.crl')] }),
      ),
    );
    expect(index.freshestCrlUrls).toEqual([EXTRA_DELTA]);
    expect(index.issuingDistributionPoint?.length).toBeGreaterThan(0);
    expect(CrlIndex.fromDer(Buffer.from(pki.crl('rsa/nca').der))).toMatchObject({ freshestCrlUrls: [] });
  });

  it("fetches the delta named by the complete CRL when the certificate's address fails", async () => {
    const seen: string[] = [];
    const full = crlOf('rsa/nca', { number: 7, extensions: [freshestCrl([EXTRA_DELTA])] });
    const delta = crlOf('rsa/nca', {
      number: 8,
      deltaOf: 7,
      revoked: [{ entity: pki.get('rsa/individual-sign'), reasonCode: 1 }],
    });
    const fetcher = servingFetcher(
      { 'http://127.0.0.1/crl/rsa-nca.crl': full, [EXTRA_DELTA]: delta, 'http://127.0.0.1/crl/rsa-root.crl': rootCrl() },
      seen,
    );
    const { report, check } = await verify([], {}, { revocationFetcher: fetcher });
    expect(report.signers[0].subIndication).toBe('REVOKED');
    expect(check.evidence).toMatchObject({ source: 'crl-online', crlNumber: '7', deltaCrlNumber: '8' });
    expect(seen).toEqual(expect.arrayContaining(['GET http://127.0.0.1/crl/rsa-nca-delta.crl', `GET ${EXTRA_DELTA}`]));
    expect(attempts(check)).toMatch(/rsa-nca-delta\.crl unreachable/);
  });

  it('a delta of another scope (issuingDistributionPoint) is not combined', async () => {
    const delta = crlOf('rsa/nca', {
      number: 2,
      deltaOf: 1,
      revoked: [{ entity: pki.get('rsa/individual-sign'), reasonCode: 1 }],
      extensions: [issuingDistributionPoint('http://127.0.0.1/crl/partition-1.crl')],
    });
    const { report, check } = await verify([pki.crl('rsa/nca').der, delta, rootCrl()], { revocationOnline: false });
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(attempts(check)).toMatch(/another scope/);
  });

  it('a CRL limited to CA certificates (issuingDistributionPoint) does not answer for an end entity', async () => {
    const caOnly = extension('2.5.29.28', true, new pkijs.IssuingDistributionPoint({ onlyContainsCACerts: true }).toSchema());
    const { check } = await verify([crlOf('rsa/nca', { number: 3, extensions: [caOnly] }), rootCrl()], {
      revocationOnline: false,
    });
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(check)).toMatch(/CA certificates only/);
    // The root's CRL of the same kind still answers for the issuing CA.
    const rootCaOnly = crlOf('rsa/root-ca', { number: 3, extensions: [caOnly] });
    const { report } = await verify([pki.crl('rsa/nca').der, rootCaOnly], { revocationOnline: false });
    expect(report.signers[0].chainRevocation).toEqual([expect.objectContaining({ status: 'good', crlNumber: '3' })]);
  });

  it('a CRL issued after the validation time proves an earlier revocation, and "not revoked" only while the certificate was valid', async () => {
    // The test PKI's CRL #1 has thisUpdate 2025-07-01; individual-sign-revoked was revoked on 2025-06-01.
    const at = { validationTime: new Date('2025-06-15T00:00:00Z') };
    const revoked = await verify(
      [pki.crl('rsa/nca').der],
      { revocationOnline: false },
      { ...at, signer: 'rsa/individual-sign-revoked' },
    );
    expect(revoked.report.signers[0].subIndication).toBe('REVOKED');
    // Not listed on a later CRL while the certificate (valid until 2045) was still tracked: not
    // revoked then, since a revocation is never undone.
    const good = await verify([pki.crl('rsa/nca').der], { revocationOnline: false, caRevocation: 'off' }, at);
    expect(good.check).toMatchObject({ status: 'PASSED' });
    expect(good.check.evidence).toMatchObject({ status: 'good', source: 'supplied' });
    // individual-sign-expired ended in 2023: a 2025 CRL may have dropped its entry (RFC 5280 §5.1.2.6).
    const expired = await verify(
      [pki.crl('rsa/nca').der],
      { revocationOnline: false, caRevocation: 'off' },
      { validationTime: new Date('2022-06-01T00:00:00Z'), signer: 'rsa/individual-sign-expired' },
    );
    expect(expired.check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(expired.check)).toMatch(/thisUpdate 2025-07-01T00:00:00.000Z is after/);
  });

  it('does not ask a failed CRL address again right away', async () => {
    const cache = new RevocationCache();
    const first = await verify([ocspFor('rsa/individual-sign')], {}, { revocationCache: cache });
    const second = await verify([ocspFor('rsa/individual-sign')], {}, { revocationCache: cache });
    expect(first.seen).toEqual(['GET http://127.0.0.1/crl/rsa-root.crl']);
    expect(second.seen).toEqual([]);
    expect(second.report.signers[0].chainRevocation?.[0].attempts?.join()).toMatch(/failed recently/);
  });
});

// RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF CertificateList, ocspVals [1] SEQUENCE OF BasicOCSPResponse }
function revocationValues(crls: readonly Uint8Array[], ocspResponses: readonly Uint8Array[]): pkijs.Attribute {
  const parse = (der: Uint8Array) => asn1js.fromBER(der).result;
  const basic = (der: Uint8Array) =>
    parse(pkijs.OCSPResponse.fromBER(der).responseBytes?.response.valueBlock.valueHexView ?? new Uint8Array());
  const tagged = (tagNumber: number, items: asn1js.AsnType[]) =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [new asn1js.Sequence({ value: items })] });
  return attribute(
    ETS_OID.revocationValues,
    new asn1js.Sequence({ value: [tagged(0, crls.map(parse)), tagged(1, ocspResponses.map(basic))] }),
  );
}

const certValues = (certificates: readonly Uint8Array[]) =>
  attribute(ETS_OID.certValues, new asn1js.Sequence({ value: certificates.map((der) => asn1js.fromBER(der).result) }));

describe('CAdES B-LT', () => {
  const tsa = () => new TestTsa(pki);

  async function longTerm(unsignedAttributes: readonly pkijs.Attribute[]): Promise<Uint8Array> {
    return createCadesBes(pki.get('rsa/individual-sign'), CONTENT, {
      timestamp: inProcessTimestamper(tsa()),
      unsignedAttributes,
    });
  }

  const ltValues = () => [
    certValues([pki.get('rsa/nca').der]),
    revocationValues([rootCrl()], [ocspFor('rsa/individual-sign'), ocspFor('rsa/tsa')]),
  ];

  const verifyLt = async (cms: Uint8Array, input: Partial<VerifyCmsInput> = {}) => {
    const seen: string[] = [];
    const report = await verifyCms({
      cms,
      trustAnchors: [pki.get('rsa/root-ca').der],
      policy: { revocation: 'require', caRevocation: 'require' },
      revocationFetcher: refusingFetcher(seen),
      revocationCache: new RevocationCache(),
      ...input,
    });
    return { report, seen };
  };

  it('time-stamp + embedded certificate and revocation values: B-LT with no online request', async () => {
    const { report, seen } = await verifyLt(await longTerm(ltValues()));
    expect(seen).toEqual([]);
    expect(report.indication).toBe('TOTAL_PASSED');
    const signer = report.signers[0];
    expect(signer.adesLevel).toBe('B-LT');
    expect(signer.unsignedAttributes).toEqual(expect.arrayContaining(['certValues', 'revocationValues']));
    expect(signer.checks.find((c) => c.name === 'REVOCATION')).toMatchObject({
      status: 'PASSED',
      evidence: { type: 'OCSP', source: 'embedded', status: 'good' },
    });
    expect(signer.chainRevocation).toEqual([expect.objectContaining({ status: 'good', source: 'embedded', type: 'CRL' })]);
    // The TSA certificate's revocation was answered from the stamped signature's revocationValues.
    expect(signer.timestamp?.checks?.find((c) => c.name === 'REVOCATION')).toMatchObject({
      status: 'PASSED',
      evidence: { source: 'embedded' },
    });
  });

  it('the same data supplied by the caller reaches TOTAL_PASSED but only B-T', async () => {
    const { report, seen } = await verifyLt(await longTerm([]), {
      certificates: [pki.get('rsa/nca').der],
      revocationEvidence: [rootCrl(), ocspFor('rsa/individual-sign'), ocspFor('rsa/tsa')],
    });
    expect(seen).toEqual([]);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].adesLevel).toBe('B-T');
  });

  it("no B-LT without the TSA's revocation data, nor without a time-stamp", async () => {
    const noTsaData = await verifyLt(
      await longTerm([certValues([pki.get('rsa/nca').der]), revocationValues([rootCrl()], [ocspFor('rsa/individual-sign')])]),
      { policy: { revocation: 'if-available', revocationOnline: false } },
    );
    expect(noTsaData.report.signers[0].adesLevel).toBe('B-T');
    // Under a public mode the TSA's unknown status makes the time-stamp unusable: never TOTAL_PASSED.
    const preferred = await verifyLt(
      await longTerm([certValues([pki.get('rsa/nca').der]), revocationValues([rootCrl()], [ocspFor('rsa/individual-sign')])]),
      { policy: { revocation: 'prefer', revocationOnline: false } },
    );
    expect(preferred.report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    const unstamped = await verifyLt(
      await createCadesBes(pki.get('rsa/individual-sign'), CONTENT, { unsignedAttributes: ltValues() }),
    );
    expect(unstamped.report.indication).toBe('TOTAL_PASSED');
    expect(unstamped.report.signers[0].adesLevel).toBe('B-B');
  });

  it('no B-LT when the CA certificates were not checked (caRevocation "off")', async () => {
    const { report } = await verifyLt(await longTerm(ltValues()), { policy: { revocation: 'require', caRevocation: 'off' } });
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].adesLevel).toBe('B-T');
  });

  it('accepts a bare BasicOCSPResponse as supplied evidence', async () => {
    const der = pkijs.OCSPResponse.fromBER(ocspFor('rsa/individual-sign')).responseBytes?.response.valueBlock.valueHexView;
    const { check } = await verify([new Uint8Array(der ?? []), rootCrl()], { revocationOnline: false });
    expect(check).toMatchObject({ status: 'PASSED', evidence: { type: 'OCSP', source: 'supplied' } });
  });

  it('a malformed revocationValues attribute is reported, not fatal', async () => {
    const broken = attribute(ETS_OID.revocationValues, new asn1js.Integer({ value: 5 }));
    const { report } = await verifyLt(await longTerm([broken]), {
      certificates: [pki.get('rsa/nca').der],
      policy: { revocation: 'if-available', revocationOnline: false },
    });
    expect(report.warnings.join()).toMatch(/revocationValues of signer 0/);
    expect(report.signers[0].adesLevel).toBe('B-T');
  });
});
