// Delta CRLs combined with their complete CRL (RFC 5280 §5.2.4), fetched online, and the scope of
// a CRL (issuingDistributionPoint). The test PKI (certs/test-pki) provides the keys: the CRLs a
// case needs are signed here with the root / issuing CA keys.

import * as pkijs from 'pkijs';
import { createCadesBes } from '../test-pki/cades';
import { CrlIndex } from '../revocation/crl-index';
import { extension, freshestCrl, keyIdentifierOf, signCrl } from '../test-pki/x509-builder';
import { FetchRequest, RevocationCache, RevocationFetcher } from './revocation-fetcher';
import {
  attempts,
  CONTENT,
  crlOf,
  loadTestPkiBeforeAll,
  ocspFor,
  pki,
  revocationValues,
  REVOKED_AT,
  rootCrl,
  verify,
} from './chain-revocation-spec-support';

loadTestPkiBeforeAll();

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
