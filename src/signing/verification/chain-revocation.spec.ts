// Revocation of the CA certificates on the path and the B-LT level (validation data inside the
// signature); delta CRLs: delta-crls.spec.ts. The test PKI (certs/test-pki) provides the keys: the
// CRLs a case needs are signed here with the root / issuing CA keys.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { attribute } from '../test-pki/cms-builder';
import { createCadesBes } from '../test-pki/cades';
import { inProcessTimestamper, TestTsa } from '../test-pki/test-tsa';
import { loadTrustStores } from '../api/trust-stores';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { RevocationCache } from './revocation-fetcher';
import { ETS_OID } from './validation-data';
import {
  certValues,
  CONTENT,
  loadTestPkiBeforeAll,
  ocspFor,
  pki,
  refusingFetcher,
  revocationValues,
  rootCrl,
  verify,
} from './chain-revocation-spec-support';

loadTestPkiBeforeAll();

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
