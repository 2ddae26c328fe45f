import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hex, sha1, sha256 } from './der';
import { postDer } from './http-service';
import { TestPki } from './manifest';
import { OID } from './oids';
import { Hierarchy } from './profiles';
import { attributeValue, checkSigner, digestByOid, eContentOf, isStrictDer, loadSignedData, specTestPki } from './spec-support';
import { TestTsa, httpTimestamper, parseTimeStampResponse, timeStampRequest } from './test-tsa';

let pki: TestPki;
let tsa: TestTsa;
let url: string;

beforeAll(async () => {
  pki = await specTestPki();
  tsa = new TestTsa(pki);
  url = await tsa.listen();
}, 60_000);

afterAll(() => tsa.close());

afterEach(() => {
  tsa.behaviour = {};
});

const document = new TextEncoder().encode('time-stamp me');

interface Stamped {
  readonly status: number;
  readonly failInfo?: Uint8Array;
  readonly sd?: pkijs.SignedData;
  readonly info?: pkijs.SignerInfo;
  readonly tstInfo?: pkijs.TSTInfo;
  readonly tstInfoDer?: Uint8Array;
  readonly token?: Uint8Array;
}

async function stamp(
  hashOid: string,
  options: { nonce?: bigint; certReq?: boolean; policy?: string; imprint?: Uint8Array } = {},
): Promise<Stamped> {
  const imprint = options.imprint ?? digestByOid(hashOid, document);
  const reply = await postDer(url, 'application/timestamp-query', timeStampRequest(hashOid, imprint, options));
  expect(reply.status).toBe(200);
  expect(reply.contentType).toBe('application/timestamp-reply');
  const response = parseTimeStampResponse(reply.body);
  if (!response.token) return { status: response.status, failInfo: response.failInfo };
  const sd = loadSignedData(response.token);
  const tstInfoDer = eContentOf(sd);
  if (!tstInfoDer) throw new Error('token without TSTInfo');
  return {
    status: response.status,
    sd,
    info: sd.signerInfos[0],
    tstInfo: pkijs.TSTInfo.fromBER(tstInfoDer),
    tstInfoDer,
    token: response.token,
  };
}

function bitSet(failInfo: Uint8Array | undefined, bit: number): boolean {
  return failInfo !== undefined && (failInfo[bit >> 3] & (0x80 >> (bit & 7))) !== 0;
}

describe.each([
  ['SHA-256', OID.sha256, 'rsa', OID.sha256WithRsa],
  ['Streebog-512', OID.gost2015Digest512, 'gost2015', OID.gost2015Signature512],
  ['GOST 34.11-95', OID.gost2004Digest, 'gost2004', OID.gost2004Signature],
] as const)('%s request', (_name, hashOid, hierarchy: Hierarchy, signatureOid) => {
  it('is answered by the TSA of the matching hierarchy with a valid RFC 3161 token', async () => {
    const nonce = BigInt(`0x${randomBytes(8).toString('hex')}`);
    const before = Date.now();
    const { status, sd, info, tstInfo, tstInfoDer, token } = await stamp(hashOid, { nonce, certReq: true });
    if (!sd || !info || !tstInfo || !tstInfoDer || !token) throw new Error('no token');
    expect(status).toBe(0);
    const tsaCert = pki.service(hierarchy, 'tsa');
    expect(tstInfo.version).toBe(1);
    expect(tstInfo.policy).toBe(pki.manifest.tsaPolicies[hierarchy]);
    expect(tstInfo.messageImprint.hashAlgorithm.algorithmId).toBe(hashOid);
    expect(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView).toEqual(digestByOid(hashOid, document));
    expect(tstInfo.nonce?.toBigInt()).toBe(nonce);
    expect(tstInfo.serialNumber.toBigInt() > 0n).toBe(true);
    expect(tstInfo.genTime.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(tstInfo.genTime.getTime()).toBeLessThanOrEqual(Date.now());
    expect(tstInfo.tsa?.value).toBeInstanceOf(pkijs.RelativeDistinguishedNames);

    expect(isStrictDer(token)).toBe(true);
    expect(sd.certificates).toHaveLength(1);
    expect(info.signatureAlgorithm.algorithmId).toBe(signatureOid);
    const check = checkSigner(sd, info, tstInfoDer);
    expect(check).toMatchObject({ contentTypeOk: true, messageDigestOk: true, signatureOk: true });
    expect(check.certificate?.serialNumber.isEqual(tsaCert.certificate.serialNumber)).toBe(true);

    // signingCertificateV2 -> SHA-256 of the TSA certificate.
    const ess: unknown = attributeValue(info, OID.signingCertificateV2);
    if (!(ess instanceof asn1js.Sequence)) throw new Error('no signingCertificateV2');
    const certId = (ess.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    expect(hex((certId.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView)).toBe(hex(sha256(tsaCert.der)));
    const signingTime: unknown = attributeValue(info, OID.signingTime);
    expect(signingTime instanceof asn1js.UTCTime && signingTime.toDate().getTime()).toBe(tstInfo.genTime.getTime());
  });
});

describe('TSA request handling', () => {
  it('leaves the certificate out when certReq is false (RFC 3161 §2.4.1)', async () => {
    const { sd } = await stamp(OID.sha256, { certReq: false });
    expect(sd?.certificates ?? []).toHaveLength(0);
  });

  it('selects the TSA by reqPolicy and rejects unknown policies', async () => {
    const byPolicy = await stamp(OID.sha256, { policy: pki.manifest.tsaPolicies.gost2015 });
    expect(byPolicy.info?.signatureAlgorithm.algorithmId).toBe(OID.gost2015Signature512);
    expect(byPolicy.tstInfo?.policy).toBe(OID.tsaPolicyGost2015);
    const refused = await stamp(OID.sha256, { policy: '1.2.3.4' });
    expect(refused.status).toBe(2);
    expect(bitSet(refused.failInfo, 15)).toBe(true);
  });

  it('rejects an unknown hash (badAlg), a wrong imprint length and garbage (badDataFormat)', async () => {
    const badAlg = await stamp('1.2.840.113549.2.5', { imprint: new Uint8Array(16) });
    expect([badAlg.status, bitSet(badAlg.failInfo, 0)]).toEqual([2, true]);
    const badLength = await stamp(OID.sha256, { imprint: new Uint8Array(20) });
    expect([badLength.status, bitSet(badLength.failInfo, 5)]).toEqual([2, true]);
    const garbage = parseTimeStampResponse(tsa.respond(new Uint8Array([0x30, 0x03, 0x02, 0x01])));
    expect([garbage.status, bitSet(garbage.failInfo, 5), garbage.token]).toEqual([2, true, undefined]);
  });

  it('httpTimestamper returns a token and refuses a rejection', async () => {
    const token = await httpTimestamper(url)(OID.sha256, sha256(document));
    expect(loadSignedData(token).encapContentInfo.eContentType).toBe(OID.tstInfo);
    tsa.behaviour = { forceStatus: 'rejection' };
    await expect(httpTimestamper(url)(OID.sha256, sha256(document))).rejects.toThrow(/refused/);
  });
});

describe('broken TSA answers', () => {
  it('wrong or missing nonce', async () => {
    tsa.behaviour = { nonce: 'wrong' };
    expect((await stamp(OID.sha256, { nonce: 41n })).tstInfo?.nonce?.toBigInt()).toBe(42n);
    tsa.behaviour = { nonce: 'omit' };
    expect((await stamp(OID.sha256, { nonce: 41n })).tstInfo?.nonce).toBeUndefined();
  });

  it('imprint that does not match the request', async () => {
    tsa.behaviour = { imprint: 'wrong' };
    const { tstInfo } = await stamp(OID.gost2015Digest512);
    expect(tstInfo?.messageImprint.hashedMessage.valueBlock.valueHexView).not.toEqual(
      digestByOid(OID.gost2015Digest512, document),
    );
  });

  it('bad signature, and messageDigest that does not match the TSTInfo', async () => {
    for (const [behaviour, expected] of [
      [{ signature: 'corrupt' }, { messageDigestOk: true, signatureOk: false }],
      [{ messageDigest: 'wrong' }, { messageDigestOk: false, signatureOk: true }],
    ] as const) {
      tsa.behaviour = behaviour;
      const { sd, info, tstInfoDer } = await stamp(OID.gost2015Digest512, { certReq: true });
      if (!sd || !info || !tstInfoDer) throw new Error('no token');
      expect(checkSigner(sd, info, tstInfoDer)).toMatchObject(expected);
    }
  });

  it('token signed by a certificate without the timeStamping EKU', async () => {
    tsa.behaviour = { signer: 'not-a-tsa' };
    const { sd, info, tstInfoDer } = await stamp(OID.sha256, { certReq: true });
    if (!sd || !info || !tstInfoDer) throw new Error('no token');
    const check = checkSigner(sd, info, tstInfoDer);
    expect(check.signatureOk).toBe(true);
    expect(check.certificate?.serialNumber.isEqual(pki.service('rsa', 'ocsp-responder').certificate.serialNumber)).toBe(true);
    const eku = check.certificate?.extensions?.find((e) => e.extnID === OID.extKeyUsage)?.parsedValue as
      pkijs.ExtKeyUsage | undefined;
    expect(eku?.keyPurposes).not.toContain(OID.ekuTimeStamping);
  });

  it('ESS v1 (SHA-1), a fixed clock, a foreign policy, and waiting/systemFailure statuses', async () => {
    const genTime = new Date('2030-01-02T03:04:05Z');
    tsa.behaviour = { essVersion: 1, clock: () => genTime, policy: '1.2.398.3.3.2.6.1' };
    const { info, tstInfo } = await stamp(OID.sha256, { certReq: true });
    const ess: unknown = info && attributeValue(info, OID.signingCertificate);
    if (!(ess instanceof asn1js.Sequence)) throw new Error('no signingCertificate');
    const certId = (ess.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    expect((certId.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView).toEqual(
      sha1(pki.service('rsa', 'tsa').der),
    );
    expect(tstInfo?.genTime.toISOString()).toBe(genTime.toISOString());
    expect(tstInfo?.policy).toBe('1.2.398.3.3.2.6.1');

    tsa.behaviour = { forceStatus: 'waiting' };
    expect(await stamp(OID.sha256)).toEqual({ status: 3, failInfo: undefined });
    tsa.behaviour = { forceStatus: 'systemFailure' };
    const failure = await stamp(OID.sha256);
    expect([failure.status, bitSet(failure.failInfo, 25)]).toEqual([2, true]);
  });
});
