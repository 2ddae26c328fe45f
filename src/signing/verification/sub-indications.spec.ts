// Coverage table: every sub-indication the verifier can emit, each produced from a real CMS made
// with our test PKI (certs/test-pki, src/signing/test-pki helpers) and checked end to end through
// verifyCms, together with the indication it implies and the check that raised it. Every report
// is also validated against the published report schema.
//
// Sub-indications of ETSI EN 319 102-1 we never emit, and why (NEVER_EMITTED below):
// - EXPIRED / NOT_YET_VALID (TOTAL_FAILED): need a proof of existence showing the signature was
//   made after notAfter / before notBefore (content time-stamps, long-term validation). Without one
//   ETSI asks for OUT_OF_BOUNDS_NO_POE, which is what an expired or not-yet-valid signer gets.
// - CERTIFICATE_CHAIN_GENERAL_FAILURE: every chain problem we detect has a specific sub-indication
//   (NO_CERTIFICATE_CHAIN_FOUND, CHAIN_CONSTRAINTS_FAILURE, OUT_OF_BOUNDS_NO_POE).
// - REVOKED_NO_POE: a signer revoked at or before the time asked about is reported TOTAL_FAILED /
//   REVOKED directly (no REVOKED_NO_POE split, verification/README.md).
// - OUT_OF_BOUNDS_NOT_REVOKED: would need revocation data proving an expired certificate was not
//   revoked before expiry; an expired signer without a time-stamp gets OUT_OF_BOUNDS_NO_POE.

import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { createCades, createCadesBes } from '../test-pki/cades';
import { messageDigestAttribute, signedData, signerInfo, signingTimeAttribute } from '../test-pki/cms-builder';
import { digestFor } from '../test-pki/keys';
import { loadTestPki, TestPki, TestPkiEntity } from '../test-pki/manifest';
import { OID } from '../test-pki/oids';
import { inProcessTimestamper, TestTsa } from '../test-pki/test-tsa';
import { keyIdentifierOf, signCrl } from '../test-pki/x509-builder';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { ALL_SUB_INDICATIONS, CheckName, indicationOf, SubIndication, VerificationReport } from './report';
import schema from './report.schema.json';
import { buildTestCms, loadP12Signer, vectorDer } from './spec-support';

const CONTENT = new TextEncoder().encode('Акт № 12 / act');
// Inside the validity of the test PKI's valid end-entity certificates (2025-01-01…2045-01-01)
// and after the revocations (2025-06-01) and the CRLs' thisUpdate (2025-07-01).
const VALIDATION_TIME = new Date('2026-06-01T00:00:00Z');
const SIGNING_TIME = new Date('2026-05-01T00:00:00Z');

let pki: TestPki;

beforeAll(() => {
  pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
});

const validate = (() => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // What report.ts writes: Date.toISOString().
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  return ajv.compile(schema);
})();

function verify(cms: Uint8Array, input: Partial<VerifyCmsInput> = {}): Promise<VerificationReport> {
  return verifyCms({
    cms,
    validationTime: VALIDATION_TIME,
    trustAnchors: [pki.get('rsa/root-ca').der],
    certificates: [pki.get('rsa/nca').der],
    policy: { revocation: 'off', revocationOnline: false },
    ...input,
  });
}

const sign = (id: string, options: Parameters<typeof createCadesBes>[2] = {}) =>
  createCadesBes(pki.get(id), CONTENT, { signingTime: SIGNING_TIME, ...options });

// A CRL of the root listing the issuing CA: the test PKI never revokes a CA, so this one is made
// here with the root's own key.
function rootCrlRevokingIssuingCa(): Uint8Array {
  const root: TestPkiEntity = pki.get('rsa/root-ca');
  const ca = pki.get('rsa/nca');
  return signCrl(
    {
      issuer: root.certificate.subject,
      issuerKeyIdentifier: keyIdentifierOf(root.key.spki),
      thisUpdate: new Date('2026-01-01T00:00:00Z'),
      nextUpdate: new Date('2036-01-01T00:00:00Z'),
      crlNumber: 1,
      revoked: [
        {
          serialNumber: ca.certificate.serialNumber.valueBlock.valueHexView,
          time: new Date('2025-12-01T00:00:00Z'),
          reasonCode: 2,
        },
      ],
    },
    root.key,
  );
}

interface Case {
  // The check expected to carry the sub-indication; undefined: the document-level result only
  // (input that never gets to a SignerInfo).
  readonly check?: CheckName;
  readonly make: () => Promise<VerificationReport>;
}

const CASES: Readonly<Partial<Record<SubIndication, Case>>> = {
  FORMAT_FAILURE: { make: () => verify(new TextEncoder().encode('definitely not a CMS')) },
  HASH_FAILURE: {
    check: 'MESSAGE_DIGEST',
    make: async () => verify(await sign('rsa/individual-sign', { faults: { messageDigest: true } })),
  },
  SIG_CRYPTO_FAILURE: {
    check: 'SIGNATURE_VALUE',
    make: async () =>
      verify(await sign('gost2015/individual-sign', { faults: { signature: true } }), {
        trustAnchors: [pki.get('gost2015/root-ca').der],
        certificates: [pki.service('gost2015', 'issuing-ca').der],
      }),
  },
  REVOKED: {
    check: 'REVOCATION',
    make: async () =>
      verify(await sign('rsa/individual-sign-revoked'), {
        policy: { revocation: 'require', revocationOnline: false },
        revocationEvidence: [pki.crl('rsa/nca').der],
      }),
  },
  NO_SIGNING_CERTIFICATE_FOUND: {
    check: 'SIGNING_CERTIFICATE_IDENTIFIED',
    make: async () =>
      verify(
        await createCades({
          content: CONTENT,
          includeSignerCertificates: false,
          signers: [{ signer: pki.get('rsa/individual-sign'), signingTime: SIGNING_TIME }],
        }),
      ),
  },
  SIGNED_DATA_NOT_FOUND: {
    check: 'MESSAGE_DIGEST',
    make: async () => verify(await sign('rsa/individual-sign', { detached: true })),
  },
  NO_CERTIFICATE_CHAIN_FOUND: {
    check: 'CERTIFICATE_CHAIN',
    // The GOST 2015 root as the only anchor: no path from an RSA signer.
    make: async () => verify(await sign('rsa/individual-sign'), { trustAnchors: [pki.get('gost2015/root-ca').der] }),
  },
  REVOKED_CA_NO_POE: {
    check: 'REVOCATION',
    make: async () =>
      verify(await sign('rsa/individual-sign'), {
        policy: { revocation: 'require', caRevocation: 'require', revocationOnline: false },
        revocationEvidence: [pki.crl('rsa/nca').der, rootCrlRevokingIssuingCa()],
      }),
  },
  OUT_OF_BOUNDS_NO_POE: {
    check: 'SIGNING_CERTIFICATE_VALIDITY',
    make: async () => verify(await sign('rsa/individual-sign-expired')),
  },
  CHAIN_CONSTRAINTS_FAILURE: {
    check: 'KEY_USAGE',
    make: async () => verify(await sign('rsa/individual-auth'), { policy: { revocation: 'off', keyUsage: 'SIGN' } }),
  },
  TRY_LATER: {
    check: 'REVOCATION',
    make: async () => verify(await sign('rsa/individual-sign'), { policy: { revocation: 'require', revocationOnline: false } }),
  },
  CRYPTO_CONSTRAINTS_FAILURE: {
    check: 'DIGEST_ALGORITHM',
    // The test PKI signs with SHA-256/Streebog only; SHA-1 comes from the NCA test key builder.
    make: () =>
      verifyCms({
        cms: buildTestCms(loadP12Signer('keys/individual_valid_sign_rsa.p12'), { digest: 'sha1' }),
        validationTime: new Date('2021-06-01T00:00:00Z'),
        trustAnchors: [vectorDer('ca/nca_rsa_test.crt')],
        policy: { revocation: 'off', weakDigests: 'reject' },
      }),
  },
  SIG_CONSTRAINTS_FAILURE: {
    check: 'CONTENT_TYPE_ATTRIBUTE',
    // Signed attributes without contentType (RFC 5652 §11.1 makes it mandatory).
    make: () => {
      const signer = pki.get('rsa/individual-sign');
      const info = signerInfo({
        signer,
        signedAttributes: [signingTimeAttribute(SIGNING_TIME), messageDigestAttribute(digestFor(signer.key.algorithm, CONTENT))],
      });
      return verify(signedData({ eContentType: OID.data, eContent: CONTENT, signerInfos: [info], certificates: [signer.der] }));
    },
  },
  TIMESTAMP_ORDER_FAILURE: {
    check: 'SIGNATURE_TIMESTAMP',
    // A token whose genTime is a month after the validation time.
    make: async () => {
      const tsa = new TestTsa(pki, { clock: () => new Date('2026-07-01T00:00:00Z') });
      return verify(await sign('rsa/individual-sign', { timestamp: inProcessTimestamper(tsa) }));
    },
  },
};

const NEVER_EMITTED: readonly SubIndication[] = [
  'EXPIRED',
  'NOT_YET_VALID',
  'CERTIFICATE_CHAIN_GENERAL_FAILURE',
  'REVOKED_NO_POE',
  'OUT_OF_BOUNDS_NOT_REVOKED',
];

describe('sub-indication coverage', () => {
  it('every sub-indication is either produced below or listed as never emitted', () => {
    const covered = [...Object.keys(CASES), ...NEVER_EMITTED].sort();
    expect(covered).toEqual(Object.keys(ALL_SUB_INDICATIONS).sort());
    expect(Object.keys(CASES).filter((sub) => NEVER_EMITTED.includes(sub as SubIndication))).toEqual([]);
  });

  it.each(Object.entries(CASES))('%s from a real CMS', async (sub, testCase) => {
    const report = await testCase!.make();
    expect(validate(report)).toBe(true);
    expect({ indication: report.indication, subIndication: report.subIndication }).toEqual({
      indication: indicationOf(sub as SubIndication),
      subIndication: sub,
    });
    if (!testCase!.check) {
      expect(report.error).toBeDefined();
      return;
    }
    expect(report.signers).toHaveLength(1);
    expect(report.signers[0]).toMatchObject({ indication: indicationOf(sub as SubIndication), subIndication: sub });
    const raising = report.signers[0].checks.find((c) => c.name === testCase!.check);
    expect(raising).toMatchObject({ subIndication: sub });
  });
});
