import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createCades, createCadesBes, signatureTimeStampToken } from './cades';
import { hex, sha256 } from './der';
import { TestPki } from './manifest';
import { OID } from './oids';
import { HIERARCHIES, Hierarchy } from './profiles';
import {
  attributeValue,
  checkSigner,
  digestByOid,
  eContentOf,
  isStrictDer,
  loadSignedData,
  signedAttributesDer,
  specTestPki,
} from './spec-support';
import { TestTsa, httpTimestamper, inProcessTimestamper } from './test-tsa';

const content = new TextEncoder().encode('Шарт № 42 / Келісімшарт / contract');
const signingTime = new Date('2026-03-15T09:30:00Z');

const ALGORITHMS: Record<Hierarchy, { digest: string; signature: string; digestLength: number }> = {
  rsa: { digest: OID.sha256, signature: OID.sha256WithRsa, digestLength: 32 },
  gost2015: { digest: OID.gost2015Digest512, signature: OID.gost2015Signature512, digestLength: 64 },
  gost2004: { digest: OID.gost2004Digest, signature: OID.gost2004Signature, digestLength: 32 },
};

let pki: TestPki;
let tsa: TestTsa;

beforeAll(async () => {
  pki = await specTestPki();
  tsa = new TestTsa(pki);
}, 60_000);

afterAll(() => tsa.close());

function onlySigner(sd: pkijs.SignedData): pkijs.SignerInfo {
  expect(sd.signerInfos).toHaveLength(1);
  return sd.signerInfos[0];
}

function essCertIdV2(info: pkijs.SignerInfo): asn1js.Sequence {
  const value: unknown = attributeValue(info, OID.signingCertificateV2);
  if (!(value instanceof asn1js.Sequence)) throw new Error('no signingCertificateV2');
  const certs = value.valueBlock.value[0] as asn1js.Sequence;
  return certs.valueBlock.value[0] as asn1js.Sequence;
}

describe.each(HIERARCHIES)('CAdES with %s keys', (hierarchy: Hierarchy) => {
  const algorithms = ALGORITHMS[hierarchy];

  it('attached CAdES-BES: signature over DER(SET OF signedAttrs), messageDigest = hash(content)', async () => {
    const signer = pki.get(`${hierarchy}/individual-sign`);
    const cms = await createCadesBes(signer, content, { signingTime });
    expect(isStrictDer(cms)).toBe(true);
    const sd = loadSignedData(cms);
    expect(sd.version).toBe(1);
    expect(sd.digestAlgorithms.map((a) => a.algorithmId)).toEqual([algorithms.digest]);
    expect(sd.encapContentInfo.eContentType).toBe(OID.data);
    expect(eContentOf(sd)).toEqual(content);
    const info = onlySigner(sd);
    expect(info.digestAlgorithm.algorithmId).toBe(algorithms.digest);
    expect(info.signatureAlgorithm.algorithmId).toBe(algorithms.signature);
    expect(checkSigner(sd, info, content)).toMatchObject({ contentTypeOk: true, messageDigestOk: true, signatureOk: true });
    expect(hex(checkSigner(sd, info, content).certificate?.serialNumber.valueBlock.valueHexView ?? new Uint8Array())).toBe(
      signer.serialNumber,
    );

    // NCALayer's attribute set, in DER order.
    expect(info.signedAttrs?.attributes.map((a) => a.type).sort()).toEqual(
      [OID.contentType, OID.signingTime, OID.messageDigest, OID.signingCertificateV2].sort(),
    );
    const encoded = info.signedAttrs?.attributes.map((a) => Buffer.from(a.toSchema().toBER(false))) ?? [];
    expect(encoded).toEqual([...encoded].sort(Buffer.compare));
    const md: unknown = attributeValue(info, OID.messageDigest);
    expect(md instanceof asn1js.OctetString && md.valueBlock.valueHexView.length).toBe(algorithms.digestLength);
    const time: unknown = attributeValue(info, OID.signingTime);
    expect(time instanceof asn1js.UTCTime && time.toDate().toISOString()).toBe(signingTime.toISOString());
  });

  it('signingCertificateV2 holds SHA-256 of the signer certificate and its issuer/serial', async () => {
    const signer = pki.get(`${hierarchy}/ceo-sign`);
    const info = onlySigner(loadSignedData(await createCadesBes(signer, content)));
    const certId = essCertIdV2(info);
    // hashAlgorithm omitted = SHA-256 default (RFC 5035), as NCALayer writes it.
    const [hash, issuerSerial] = certId.valueBlock.value as [asn1js.OctetString, asn1js.Sequence];
    expect(hex(hash.valueBlock.valueHexView)).toBe(hex(sha256(signer.der)));
    const serial = issuerSerial.valueBlock.value[1] as asn1js.Integer;
    expect(hex(serial.valueBlock.valueHexView)).toBe(signer.serialNumber);
  });

  it('detached CAdES-BES: no eContent, verifies against the separate document only', async () => {
    const signer = pki.get(`${hierarchy}/employee-sign`);
    const sd = loadSignedData(await createCadesBes(signer, content, { detached: true }));
    expect(sd.encapContentInfo.eContent).toBeUndefined();
    const info = onlySigner(sd);
    expect(checkSigner(sd, info, content)).toMatchObject({ messageDigestOk: true, signatureOk: true });
    expect(checkSigner(sd, info, new TextEncoder().encode('another document')).messageDigestOk).toBe(false);
  });

  it('CAdES-T: the token time-stamps the signature value, from the TSA of the same algorithm', async () => {
    const signer = pki.get(`${hierarchy}/can-sign-sign`);
    const info = onlySigner(loadSignedData(await createCadesBes(signer, content, { timestamp: inProcessTimestamper(tsa) })));
    const token = signatureTimeStampToken(info);
    if (!token) throw new Error('no signature time-stamp');
    const tokenSd = loadSignedData(token);
    expect(tokenSd.version).toBe(3);
    expect(tokenSd.encapContentInfo.eContentType).toBe(OID.tstInfo);
    const tstInfoDer = eContentOf(tokenSd);
    if (!tstInfoDer) throw new Error('token without TSTInfo');
    const tstInfo = pkijs.TSTInfo.fromBER(tstInfoDer);
    expect(tstInfo.policy).toBe(pki.manifest.tsaPolicies[hierarchy]);
    expect(tstInfo.messageImprint.hashAlgorithm.algorithmId).toBe(algorithms.digest);
    expect(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView).toEqual(
      digestByOid(algorithms.digest, info.signature.valueBlock.valueHexView),
    );
    const tokenSigner = onlySigner(tokenSd);
    const check = checkSigner(tokenSd, tokenSigner, tstInfoDer);
    expect(check).toMatchObject({ contentTypeOk: true, messageDigestOk: true, signatureOk: true });
    expect(check.certificate?.serialNumber.isEqual(pki.service(hierarchy, 'tsa').certificate.serialNumber)).toBe(true);
  });

  it('fault knobs break exactly the targeted check', async () => {
    const signer = pki.get(`${hierarchy}/individual-sign`);
    const check = async (faults: NonNullable<Parameters<typeof createCadesBes>[2]>['faults']) => {
      const sd = loadSignedData(await createCadesBes(signer, content, { faults }));
      return checkSigner(sd, onlySigner(sd), content);
    };
    expect(await check({ messageDigest: true })).toMatchObject({ messageDigestOk: false, signatureOk: true });
    expect(await check({ signature: true })).toMatchObject({ messageDigestOk: true, signatureOk: false });

    const corruptEss = onlySigner(
      loadSignedData(await createCadesBes(signer, content, { ess: { version: 2, corruptHash: true } })),
    );
    const [hash] = essCertIdV2(corruptEss).valueBlock.value as [asn1js.OctetString];
    expect(hex(hash.valueBlock.valueHexView)).not.toBe(hex(sha256(signer.der)));

    const badToken = onlySigner(
      loadSignedData(
        await createCadesBes(signer, content, { timestamp: inProcessTimestamper(tsa), faults: { timestampImprint: true } }),
      ),
    );
    const tokenDer = signatureTimeStampToken(badToken);
    const tst = pkijs.TSTInfo.fromBER(eContentOf(loadSignedData(tokenDer ?? new Uint8Array())) ?? new Uint8Array());
    expect(tst.messageImprint.hashedMessage.valueBlock.valueHexView).not.toEqual(
      digestByOid(algorithms.digest, badToken.signature.valueBlock.valueHexView),
    );
  });
});

describe('CAdES variants', () => {
  it('puts two signers (GOST 2015 + RSA) over one content, like the NCANode 2-signer vector', async () => {
    const gost = pki.get('gost2015/individual-sign');
    const rsa = pki.get('rsa/individual-sign');
    const cms = await createCades({
      content,
      signers: [
        { signer: gost, signingTime },
        { signer: rsa, signingTime },
      ],
    });
    expect(isStrictDer(cms)).toBe(true);
    const sd = loadSignedData(cms);
    expect(sd.signerInfos).toHaveLength(2);
    expect(sd.digestAlgorithms.map((a) => a.algorithmId).sort()).toEqual([OID.gost2015Digest512, OID.sha256].sort());
    expect(sd.certificates).toHaveLength(2);
    for (const info of sd.signerInfos)
      expect(checkSigner(sd, info, content)).toMatchObject({ messageDigestOk: true, signatureOk: true });
  });

  it('RSA CAdES verifies with pkijs SignedData.verify (WebCrypto)', async () => {
    const signer = pki.get('rsa/ceo-sign');
    const cms = await createCadesBes(signer, content, { extraCertificates: [pki.get('rsa/nca').der] });
    const sd = loadSignedData(cms);
    expect(sd.certificates).toHaveLength(2);
    expect(await sd.verify({ signer: 0, checkChain: false })).toBe(true);
    const detached = loadSignedData(await createCadesBes(signer, content, { detached: true }));
    expect(await detached.verify({ signer: 0, data: content.buffer, checkChain: false })).toBe(true);
  });

  it('writes the NCANode/Kalkan shape (no ESS attribute), ESS v1, and ESS v2 with the signer digest', async () => {
    const signer = pki.get('gost2015/ceo-sign');
    const kalkan = onlySigner(loadSignedData(await createCadesBes(signer, content, { ess: 'none' })));
    expect(kalkan.signedAttrs?.attributes.map((a) => a.type).sort()).toEqual(
      [OID.contentType, OID.signingTime, OID.messageDigest].sort(),
    );

    const v1 = onlySigner(loadSignedData(await createCadesBes(signer, content, { ess: { version: 1, issuerSerial: false } })));
    expect(attributeValue(v1, OID.signingCertificate)).toBeInstanceOf(asn1js.Sequence);
    expect(attributeValue(v1, OID.signingCertificateV2)).toBeUndefined();

    const own = onlySigner(loadSignedData(await createCadesBes(signer, content, { ess: { version: 2, hash: 'signer' } })));
    const [algorithm, hash] = essCertIdV2(own).valueBlock.value as [asn1js.Sequence, asn1js.OctetString];
    expect((algorithm.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString()).toBe(OID.gost2015Digest512);
    expect(hash.valueBlock.valueHexView).toEqual(digestByOid(OID.gost2015Digest512, signer.der));
    // The signed-attribute bytes really are what the signature covers.
    expect(signedAttributesDer(own)[0]).toBe(0x31);
  });

  it('gets the time-stamp over HTTP from the TSA server', async () => {
    const url = await tsa.listen();
    const signer = pki.get('gost2015/individual-sign');
    const info = onlySigner(loadSignedData(await createCadesBes(signer, content, { timestamp: httpTimestamper(url) })));
    const token = loadSignedData(signatureTimeStampToken(info) ?? new Uint8Array());
    expect(token.encapContentInfo.eContentType).toBe(OID.tstInfo);
    await tsa.close();
  });
});
