// Where a finding is reported and what it makes of the whole document (ETSI EN 319 102-1):
// an unsupported signature algorithm (RSASSA-PSS, RFC 4056) is the signature check's
// INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE, not a digest problem; a document passes only when
// every signer passes (README: "the document passes only when every signer passes").
import { constants, createPrivateKey, sign as nodeSign } from 'node:crypto';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signedData, signerInfo as buildSignerInfo } from '../signer/cms-builder';
import { createCades } from '../test-pki/cades';
import { contentTypeAttribute, messageDigestAttribute, signingTimeAttribute } from '../test-pki/cms-builder';
import { sha256 } from '../test-pki/der';
import { loadTestPki, TestPki } from '../test-pki/manifest';
import { OID } from '../test-pki/oids';
import { sha256Hex } from './certificates';
import { verifyCms } from './cms-verifier';
import { VerificationReport } from './report';

let pki: TestPki;
const CONTENT = Buffer.from('счёт-фактура №3');
const VALIDATION_TIME = new Date('2026-06-01T00:00:00Z');
const SIGNING_TIME = new Date('2026-05-01T00:00:00Z');
const RSASSA_PSS = '1.2.840.113549.1.1.10';

beforeAll(() => {
  pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
});

const verify = (cms: Uint8Array): Promise<VerificationReport> =>
  verifyCms({
    cms,
    trustAnchors: [pki.get('rsa/root-ca').der],
    certificates: [pki.get('rsa/nca').der],
    validationTime: VALIDATION_TIME,
    policy: { revocation: 'off' },
  });

// A real RSASSA-PSS signature (SHA-256, MGF1-SHA-256, salt 32: RFC 4056 §3) over the signed
// attributes, with the RSASSA-PSS AlgorithmIdentifier and its parameters.
function pssCms(): Uint8Array {
  const signer = pki.get('rsa/individual-sign');
  const key = createPrivateKey(signer.key.exportPrivateKey());
  const sha256Id = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() });
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm: sha256Id(),
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: '1.2.840.113549.1.1.8',
      algorithmParams: sha256Id().toSchema(),
    }),
    saltLength: 32,
  });
  const info = buildSignerInfo({
    certificate: signer.certificate,
    digestAlgorithm: sha256Id(),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: RSASSA_PSS, algorithmParams: params.toSchema() }),
    signedAttributes: [
      contentTypeAttribute(OID.data),
      signingTimeAttribute(SIGNING_TIME),
      messageDigestAttribute(sha256(CONTENT)),
    ],
    sign: (setDer) =>
      new Uint8Array(nodeSign('sha256', setDer, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })),
  });
  return signedData({ eContentType: OID.data, eContent: CONTENT, signerInfos: [info], certificates: [signer.der] });
}

describe('an unsupported signature algorithm (RSASSA-PSS)', () => {
  it('is reported by SIGNATURE_VALUE as INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE, the digest check passes', async () => {
    const report = await verify(pssCms());
    const [signer] = report.signers;
    const check = (name: string) => signer.checks.find((c) => c.name === name);
    expect(check('DIGEST_ALGORITHM')).toMatchObject({ status: 'PASSED' });
    expect(check('MESSAGE_DIGEST')).toMatchObject({ status: 'PASSED' });
    expect(check('SIGNATURE_VALUE')).toMatchObject({ subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
    expect(check('SIGNATURE_VALUE')?.message).toMatch(
      /unsupported signature algorithm RSASSA-PSS \(1\.2\.840\.113549\.1\.1\.10\)/,
    );
    expect(signer).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
      signatureAlgorithm: 'RSASSA-PSS',
    });
    expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
  });
});

const bySigner = (report: VerificationReport, der: Uint8Array) =>
  report.signers.find((s) => s.signer?.certificateSha256 === sha256Hex(der));

describe('several signers: the document is only as good as its worst signer', () => {
  const individual = () => pki.get('rsa/individual-sign');
  const ceo = () => pki.get('rsa/ceo-sign');

  it('two valid signers pass', async () => {
    const report = await verify(
      await createCades({
        content: CONTENT,
        signers: [
          { signer: individual(), signingTime: SIGNING_TIME },
          { signer: ceo(), signingTime: SIGNING_TIME },
        ],
      }),
    );
    expect(report.signers.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it.each([
    ['the second signature value is corrupt', { signature: true }, 'SIG_CRYPTO_FAILURE'],
    ['the second messageDigest does not match', { messageDigest: true }, 'HASH_FAILURE'],
  ] as const)('%s: TOTAL_FAILED for the document', async (_, faults, sub) => {
    const report = await verify(
      await createCades({
        content: CONTENT,
        signers: [
          { signer: individual(), signingTime: SIGNING_TIME },
          { signer: ceo(), signingTime: SIGNING_TIME, faults },
        ],
      }),
    );
    // SignerInfos are a DER SET OF: their order is the encoding's, not the signing order.
    expect(bySigner(report, individual().der)?.indication).toBe('TOTAL_PASSED');
    expect(bySigner(report, ceo().der)).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: sub });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: sub });
  });

  it('a valid signer next to an unsupported one: INDETERMINATE for the document', async () => {
    const pss = pssCms();
    const root = asn1js.fromBER(pss).result as asn1js.Sequence;
    const sd = new pkijs.SignedData({ schema: (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] });
    const good = await createCades({ content: CONTENT, signers: [{ signer: ceo(), signingTime: SIGNING_TIME }] });
    const goodSd = new pkijs.SignedData({
      schema: ((asn1js.fromBER(good).result as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0],
    });
    const both = signedData({
      eContentType: OID.data,
      eContent: CONTENT,
      signerInfos: [goodSd.signerInfos[0], sd.signerInfos[0]],
      certificates: [ceo().der, individual().der],
    });
    const report = await verify(both);
    expect(bySigner(report, ceo().der)?.indication).toBe('TOTAL_PASSED');
    expect(bySigner(report, individual().der)?.indication).toBe('INDETERMINATE');
    expect(report.indication).toBe('INDETERMINATE');
  });
});
