import * as path from 'node:path';
import { createCadesBes } from '../test-pki/cades';
import { loadTestPki, TestPki, TestPkiEntity } from '../test-pki/manifest';
import { ocspRequest, TestOcspBehaviour, TestOcspResponder } from '../test-pki/test-ocsp-responder';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { RevocationMode } from './policy';
import { Check, VerificationReport } from './report';
import { FetchRequest, nodeFetcher, RevocationCache, RevocationFetcher } from './revocation-fetcher';

// The project's test PKI (certs/test-pki) with its in-process OCSP responder, which also serves
// the CRLs at the addresses written into the certificates (http://127.0.0.1/...): the fetcher
// rewrites those to the port the responder listens on.
let pki: TestPki;
let responder: TestOcspResponder;
let baseUrl: string;
const CONTENT = Buffer.from('договор №7');

beforeAll(async () => {
  pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
  responder = new TestOcspResponder(pki);
  baseUrl = await responder.listen();
}, 30_000);

afterAll(() => responder.close());

afterEach(() => {
  responder.behaviour = {};
});

interface Options {
  readonly signer?: string;
  readonly behaviour?: TestOcspBehaviour;
  readonly revocation?: RevocationMode;
  // Which online sources answer.
  readonly crl?: boolean;
  readonly ocsp?: boolean;
  readonly input?: Partial<VerifyCmsInput>;
}

function fetcher(options: Options, seen: string[]): RevocationFetcher {
  return {
    fetch(url: string, request: FetchRequest) {
      seen.push(`${request.method} ${url}`);
      const blocked = request.method === 'GET' ? options.crl === false : options.ocsp === false;
      if (blocked) return Promise.reject(new Error('connection refused'));
      return nodeFetcher.fetch(url.replace('http://127.0.0.1', baseUrl), request);
    },
  };
}

async function verify(options: Options = {}): Promise<{ report: VerificationReport; check: Check; seen: string[] }> {
  const signer: TestPkiEntity = pki.get(options.signer ?? 'rsa/individual-sign');
  responder.behaviour = options.behaviour ?? {};
  const seen: string[] = [];
  const report = await verifyCms({
    cms: await createCadesBes(signer, CONTENT),
    trustAnchors: [pki.get('rsa/root-ca').der],
    certificates: [pki.get('rsa/nca').der],
    policy: { revocation: options.revocation ?? 'require' },
    revocationFetcher: fetcher(options, seen),
    revocationCache: new RevocationCache(),
    ...options.input,
  });
  const check = report.signers[0].checks.find((c) => c.name === 'REVOCATION');
  if (!check) throw new Error('no REVOCATION check');
  return { report, check, seen };
}

const attempts = (check: Check) => ((check.evidence?.attempts as string[] | undefined) ?? []).join('\n');

describe('REVOCATION with the test PKI responder', () => {
  it('does not ask an OCSP responder that just failed again for every verification: the CRL answers meanwhile', async () => {
    const cache = new RevocationCache();
    const runs: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const seen: string[] = [];
      const report = await verifyCms({
        cms: await createCadesBes(pki.get('rsa/individual-sign'), CONTENT),
        trustAnchors: [pki.get('rsa/root-ca').der],
        certificates: [pki.get('rsa/nca').der],
        policy: { revocation: 'require' },
        revocationFetcher: fetcher({ ocsp: false }, seen),
        revocationCache: cache,
      });
      expect(report.indication).toBe('TOTAL_PASSED');
      runs.push(seen.filter((request) => request.startsWith('POST')));
    }
    expect(runs[0].length).toBeGreaterThan(0);
    expect(runs[1]).toEqual([]);
  });

  it('good over OCSP: TOTAL_PASSED, evidence names the delegated responder', async () => {
    const { report, check, seen } = await verify();
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(check).toMatchObject({
      status: 'PASSED',
      evidence: { type: 'OCSP', status: 'good', source: 'ocsp-online', responderKind: 'delegated', noCheck: true },
    });
    // The OCSP request for the signer, then the root CRL for the issuing CA (caRevocation 'prefer').
    expect(seen).toEqual([expect.stringMatching(/^POST http:\/\/127\.0\.0\.1\//), 'GET http://127.0.0.1/crl/rsa-root.crl']);
    expect(report.signers[0].chainRevocation).toEqual([
      expect.objectContaining({
        serialNumber: pki.get('rsa/nca').serialNumber.toUpperCase(),
        status: 'good',
        source: 'crl-online',
      }),
    ]);
    // The request carried a SHA-256 CertID and a nonce (checked by the responder echo).
    expect(responder.requests.length).toBeGreaterThan(0);
  });

  it('revoked before the validation time: TOTAL_FAILED / REVOKED with time and reason', async () => {
    const { report, check } = await verify({ signer: 'rsa/individual-sign-revoked' });
    expect(report.signers[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(check.evidence).toMatchObject({ revocationTime: '2025-06-01T12:00:00.000Z', reason: 'keyCompromise' });
  });

  it('revoked after the validation time: not revoked then', async () => {
    const { check } = await verify({
      signer: 'rsa/individual-sign-revoked',
      input: { validationTime: new Date('2025-03-01T00:00:00Z') },
    });
    expect(check.status).toBe('PASSED');
    expect(check.message).toMatch(/revoked later/);
  });

  it('unknown, with no CRL reachable: INDETERMINATE / TRY_LATER', async () => {
    const { report, check } = await verify({ behaviour: { forceStatus: 'unknown' }, crl: false });
    expect(report.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(attempts(check)).toMatch(/says unknown/);
  });

  it.each<[string, TestOcspBehaviour, RegExp]>([
    ['a responder the CA did not authorize', { signer: 'unauthorized' }, /lacks EKU OCSPSigning/],
    ['a corrupted signature', { signature: 'corrupt' }, /signature/],
    ['an empty signature', { signature: 'empty' }, /signature/],
    ['a wrong nonce', { nonce: 'wrong' }, /nonce/],
    ['no nonce', { nonce: 'omit' }, /nonce/],
    ['tryLater', { responseStatus: 'tryLater' }, /tryLater/],
  ])('rejects %s (TRY_LATER under require)', async (_name, behaviour, why) => {
    const { report, check } = await verify({ behaviour, crl: false });
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(report.signers[0].subIndication).toBe('TRY_LATER');
    expect(attempts(check)).toMatch(why);
  });

  it('accepts a response signed by the CA itself, found by key hash', async () => {
    const { check } = await verify({ behaviour: { signer: 'ca', responderId: 'byKey' } });
    expect(check.evidence).toMatchObject({ responderKind: 'ca', status: 'good' });
  });

  it('unreachable responders: TRY_LATER under require and prefer, a warning only under the internal if-available', async () => {
    const required = await verify({ ocsp: false, crl: false });
    expect(required.check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(required.check)).toMatch(/unreachable/);
    // Issue 14: 'prefer' used to pass with a warning; an unknown status is never TOTAL_PASSED.
    const preferred = await verify({ ocsp: false, crl: false, revocation: 'prefer' });
    expect(preferred.report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(preferred.check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(preferred.report.signers[0].revocation).toEqual({ status: 'unknown' });
    const ifAvailable = await verify({ ocsp: false, crl: false, revocation: 'if-available' });
    expect(ifAvailable.report.indication).toBe('TOTAL_PASSED');
    expect(ifAvailable.check.subIndication).toBeUndefined();
    expect(ifAvailable.report.signers[0].warnings.join()).toMatch(/REVOCATION: .*if-available/);
  });

  it('a revoked answer fails under every mode that looks (require, prefer, if-available)', async () => {
    for (const revocation of ['require', 'prefer', 'if-available'] as const) {
      const { report } = await verify({ signer: 'rsa/ceo-sign-revoked', revocation });
      expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    }
  });

  it('falls back to the CRL when OCSP fails, and finds revocations there', async () => {
    const good = await verify({ behaviour: { responseStatus: 'tryLater' } });
    expect(good.check).toMatchObject({ status: 'PASSED', evidence: { type: 'CRL', source: 'crl-online', status: 'good' } });
    // Complete CRL, then the delta CRL of the certificate's Freshest CRL address, then the root CRL.
    expect(good.seen.map((s) => s.replace(/^(\w+) http:\/\/127\.0\.0\.1/, '$1 '))).toEqual([
      'POST /ocsp/',
      'GET /crl/rsa-nca.crl',
      'GET /crl/rsa-nca-delta.crl',
      'GET /crl/rsa-root.crl',
    ]);
    expect(good.check.evidence).toMatchObject({ crlNumber: '1', deltaCrlNumber: '2' });
    const revoked = await verify({ signer: 'rsa/ceo-sign-revoked', ocsp: false });
    expect(revoked.report.signers[0].subIndication).toBe('REVOKED');
    expect(revoked.check.evidence).toMatchObject({ type: 'CRL', reason: 'certificateHold' });
  });

  it('makes no request with revocationOnline: false', async () => {
    const { check, seen } = await verify({ input: { policy: { revocation: 'require', revocationOnline: false } } });
    expect(seen).toEqual([]);
    expect(check.subIndication).toBe('TRY_LATER');
  });

  it('uses supplied OCSP responses and CRLs before going online', async () => {
    const signer = pki.get('rsa/individual-sign');
    const ocsp = responder.respond(ocspRequest(signer.certificate, pki.get('rsa/nca').certificate, { hash: 'sha1' }));
    const rootCrl = pki.crl('rsa/root-ca').der;
    const viaOcsp = await verify({ input: { revocationEvidence: [ocsp, rootCrl] } });
    expect(viaOcsp.seen).toEqual([]);
    expect(viaOcsp.check.evidence).toMatchObject({ type: 'OCSP', source: 'supplied', status: 'good' });
    const viaCrl = await verify({ input: { revocationEvidence: [pki.crl('rsa/nca').der, rootCrl] } });
    expect(viaCrl.seen).toEqual([]);
    expect(viaCrl.check.evidence).toMatchObject({ type: 'CRL', source: 'supplied', status: 'good' });
    expect(viaCrl.report.signers[0].chainRevocation).toEqual([expect.objectContaining({ status: 'good', source: 'supplied' })]);
  });

  it('does not take "not revoked" from a delta CRL alone, and reports a stale CRL', async () => {
    const delta = await verify({
      input: { revocationEvidence: [pki.crl('rsa/nca-delta').der], policy: { revocationOnline: false } },
    });
    expect(delta.check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(delta.check)).toMatch(/delta CRL without its complete CRL/);
    const stale = await verify({
      input: {
        revocationEvidence: [pki.crl('rsa/nca').der],
        validationTime: new Date('2045-06-01T00:00:00Z'),
        policy: { revocationOnline: false },
      },
    });
    expect(stale.check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(stale.check.message).toMatch(/stale/);
  });

  it('caches the OCSP answer for the next verification', async () => {
    const cache = new RevocationCache();
    const first = await verify({ input: { revocationCache: cache } });
    const second = await verify({ input: { revocationCache: cache } });
    expect(first.seen).toHaveLength(2);
    expect(second.seen).toEqual([]);
    expect(second.check.status).toBe('PASSED');
  });
});

describe('REVOCATION without a trusted chain', () => {
  it('does not contact the addresses of an untrusted certificate', async () => {
    const seen: string[] = [];
    const report = await verifyCms({
      cms: await createCadesBes(pki.get('rsa/individual-sign'), CONTENT, { extraCertificates: [pki.get('rsa/nca').der] }),
      revocationFetcher: fetcher({}, seen),
      revocationCache: new RevocationCache(),
    });
    const check = report.signers[0].checks.find((c) => c.name === 'REVOCATION');
    expect(seen).toEqual([]);
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(check as Check)).toMatch(/does not chain to a trust anchor/);
  });
});

describe('revocation policy and hostile evidence', () => {
  it('resolves the revocation policy fields with defaults', async () => {
    const report = await verifyCms({
      cms: Buffer.from('x'),
      policy: { revocationOnline: 'yes' as never, revocationTimeoutMs: -5, revocationMaxAgeSeconds: 60 },
    });
    expect(report.policy).toMatchObject({ revocationOnline: true, revocationTimeoutMs: 5000, revocationMaxAgeSeconds: 60 });
  });

  it('lists unreadable supplied evidence without failing', async () => {
    const { check } = await verify({
      input: { revocationEvidence: [Buffer.from('garbage'), Buffer.alloc(0)], policy: { revocationOnline: false } },
    });
    expect(check.subIndication).toBe('TRY_LATER');
    expect(attempts(check)).toMatch(/supplied: .*malformed/);
  });
});

describe('nodeFetcher', () => {
  it('reports the network cause and non-2xx statuses', async () => {
    await expect(nodeFetcher.fetch('http://127.0.0.1:1/', { method: 'GET', timeoutMs: 2000 })).rejects.toThrow(
      /fetch failed \(.+\)/,
    );
    await expect(nodeFetcher.fetch(`${baseUrl}/nothing-here`, { method: 'GET', timeoutMs: 2000 })).rejects.toThrow(/HTTP 404/);
  });
});
