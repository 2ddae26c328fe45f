import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CRYPTOPRO_A, TC26_256_A, TC26_512_A } from './curves';
import { multiplyGostPoint } from './gost-34-10';
import { CRYPTOPRO_SBOX, gostR341194, TEST_SBOX } from './gost-r-34-11-94';
import {
  KZ_GOST_DIGEST_ALGORITHMS,
  KZ_GOST_PUBLIC_KEY_ALGORITHMS,
  KZ_GOST_SIGNATURE_ALGORITHMS,
  KzGostAlgorithm,
  createKzGostHash,
  decodeKzGostPublicKey,
  kzGostCurve,
  kzGostDigest,
  unwrapKzGostPublicKey,
  verifyKzGostDigest,
  verifyKzGostSignature,
} from './kz-gost';
import { streebog256, streebog512 } from './streebog';

// Real NCA RK test PKI data kept in certs/nca-test (certs/nca-test/README.md says
// what each file is).
const VECTORS = path.resolve(__dirname, '../../../certs/nca-test/ncanode');

const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const OID_GOST2015_512_DIGEST = '1.2.398.3.10.1.3.3';
const OID_GOST34311_DIGEST = '1.2.398.3.10.1.3.1';

function readDer(relative: string): Uint8Array {
  const raw = readFileSync(path.join(VECTORS, relative));
  const text = raw.toString('latin1');
  if (!text.startsWith('-----BEGIN')) return new Uint8Array(raw);
  const body = text.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

function loadCertificate(relative: string): pkijs.Certificate {
  return pkijs.Certificate.fromBER(readDer(relative));
}

function signatureAlgorithm(oid: string): KzGostAlgorithm {
  const algorithm = KZ_GOST_SIGNATURE_ALGORITHMS.get(oid);
  if (!algorithm) throw new Error(`not a KZ GOST signature algorithm: ${oid}`);
  return algorithm;
}

interface GostKey {
  algorithm: KzGostAlgorithm;
  bytes: Uint8Array;
}

function publicKeyOf(cert: pkijs.Certificate): GostKey {
  const spki = cert.subjectPublicKeyInfo;
  const algorithm = KZ_GOST_PUBLIC_KEY_ALGORITHMS.get(spki.algorithm.algorithmId);
  if (!algorithm) throw new Error(`not a KZ GOST key: ${spki.algorithm.algorithmId}`);
  return { algorithm, bytes: unwrapKzGostPublicKey(spki.subjectPublicKey.valueBlock.valueHexView) };
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

// A signed object must verify, and must stop verifying when one bit of the signed bytes (first
// byte, a middle byte, last byte) or of the signature changes.
function expectSignedBytes(algorithm: KzGostAlgorithm, signed: Uint8Array, signature: Uint8Array, key: GostKey): void {
  expect(key.algorithm).toBe(algorithm);
  expect(verifyKzGostSignature(algorithm, signed, signature, key.bytes)).toBe(true);
  expect(verifyKzGostSignature(algorithm, flipBit(signed, 0), signature, key.bytes)).toBe(false);
  expect(verifyKzGostSignature(algorithm, flipBit(signed, 4 * signed.length + 3), signature, key.bytes)).toBe(false);
  expect(verifyKzGostSignature(algorithm, flipBit(signed, 8 * signed.length - 1), signature, key.bytes)).toBe(false);
  expect(verifyKzGostSignature(algorithm, signed, flipBit(signature, 3), key.bytes)).toBe(false);
}

function expectCertificateSignedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): void {
  expect(cert.issuer.isEqual(issuer.subject)).toBe(true);
  const algorithm = signatureAlgorithm(cert.signatureAlgorithm.algorithmId);
  expectSignedBytes(algorithm, cert.tbsView, cert.signatureValue.valueBlock.valueHexView, publicKeyOf(issuer));
}

function loadSignedData(relative: string): pkijs.SignedData {
  const info = pkijs.ContentInfo.fromBER(readDer(relative));
  expect(info.contentType).toBe(pkijs.ContentInfo.SIGNED_DATA);
  return new pkijs.SignedData({ schema: info.content });
}

function signerCertificate(signedData: pkijs.SignedData, signer: pkijs.SignerInfo): pkijs.Certificate {
  const sid: unknown = signer.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) throw new Error('expected an IssuerAndSerialNumber SID');
  const found = (signedData.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate && c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer),
  );
  if (!found) throw new Error('signer certificate not in the CMS');
  return found;
}

// RFC 5652 §5.4: the signature covers the DER of signedAttrs with the [0] IMPLICIT tag replaced
// by the SET OF tag 0x31. pkijs keeps the original encoding in encodedValue (already re-tagged by
// pkijs 3.x); the rest of the TLV must be the bytes as received, never a re-encoding.
function signedAttributesDer(signer: pkijs.SignerInfo): Uint8Array {
  if (!signer.signedAttrs) throw new Error('SignerInfo without signed attributes');
  const der = new Uint8Array(signer.signedAttrs.encodedValue).slice();
  expect([0xa0, 0x31]).toContain(der[0]);
  der[0] = 0x31;
  return der;
}

function messageDigestAttribute(signer: pkijs.SignerInfo): Uint8Array {
  const attribute = signer.signedAttrs?.attributes.find((a) => a.type === OID_MESSAGE_DIGEST);
  const value: unknown = attribute?.values[0];
  if (!(value instanceof asn1js.OctetString)) throw new Error('no messageDigest attribute');
  return value.valueBlock.valueHexView;
}

function encapsulatedContent(signedData: pkijs.SignedData): Uint8Array {
  const content = signedData.encapContentInfo.eContent;
  if (!content) throw new Error('detached CMS');
  return new Uint8Array(content.getValue());
}

function signerByDigest(signedData: pkijs.SignedData, digestOid: string): pkijs.SignerInfo {
  const signer = signedData.signerInfos.find((s) => s.digestAlgorithm.algorithmId === digestOid);
  if (!signer) throw new Error(`no SignerInfo with digest ${digestOid}`);
  return signer;
}

const le = (n: bigint, size: number): Uint8Array => {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
};

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

describe('KZ GOST byte conventions (kz-pki.md §2.3)', () => {
  // A TC26 512 A key pair and signature made here and encoded the KZ way.
  const d = 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdefn;
  const k = 0xfedcba0987654321fedcba0987654321fedcba0987654321fedcba0987654321n;
  const message = new TextEncoder().encode('KZ GOST 34.10-2015 test message');
  const { q } = TC26_512_A;
  const G = { x: TC26_512_A.gx, y: TC26_512_A.gy };
  const Q = multiplyGostPoint(TC26_512_A, d, G);
  const C = multiplyGostPoint(TC26_512_A, k, G);
  if (!Q || !C) throw new Error('unexpected point at infinity');
  const publicKey = concat(le(Q.x, 64), le(Q.y, 64));
  const digest = streebog512(message);
  const e = BigInt('0x' + Buffer.from(digest).reverse().toString('hex')) % q || 1n;
  const r = C.x % q;
  const s = (r * d + k * e) % q;
  const signature = concat(le(r, 64), le(s, 64));

  it('verifies r_LE || s_LE against x_LE || y_LE with e = LE(Streebog-512(message))', () => {
    expect(verifyKzGostSignature('gost2015-512', message, signature, publicKey)).toBe(true);
    expect(verifyKzGostDigest('gost2015-512', digest, signature, publicKey)).toBe(true);
  });

  it('accepts a digest computed as a stream', () => {
    const hash = createKzGostHash('gost2015-512');
    for (let i = 0; i < message.length; i += 5) hash.update(message.subarray(i, i + 5));
    expect(verifyKzGostDigest('gost2015-512', hash.digest(), signature, publicKey)).toBe(true);
  });

  it('rejects the RFC 4491 order and other byte orders', () => {
    const rfc4491 = signature.slice().reverse(); // s_BE || r_BE
    expect(verifyKzGostSignature('gost2015-512', message, rfc4491, publicKey)).toBe(false);
    expect(verifyKzGostSignature('gost2015-512', message, concat(le(s, 64), le(r, 64)), publicKey)).toBe(false);
    expect(verifyKzGostDigest('gost2015-512', digest.slice().reverse(), signature, publicKey)).toBe(false);
  });

  it('rejects malformed input with false, but throws on a wrong digest length', () => {
    expect(verifyKzGostSignature('gost2015-512', message, signature.subarray(1), publicKey)).toBe(false);
    expect(verifyKzGostSignature('gost2015-512', message, signature, publicKey.subarray(1))).toBe(false);
    expect(verifyKzGostSignature('gost2015-512', message, signature, flipBit(publicKey, 9))).toBe(false);
    expect(verifyKzGostSignature('gost2004', message, signature, publicKey)).toBe(false);
    expect(() => verifyKzGostDigest('gost2015-512', digest.subarray(32), signature, publicKey)).toThrow(RangeError);
  });

  it('decodes and unwraps public keys', () => {
    expect(decodeKzGostPublicKey('gost2015-512', publicKey)).toEqual(Q);
    expect(decodeKzGostPublicKey('gost2004', publicKey)).toBeUndefined();
    const wrapped = concat(Uint8Array.of(0x04, 0x81, 0x80), publicKey);
    expect(unwrapKzGostPublicKey(wrapped)).toEqual(publicKey);
    const short = publicKey.subarray(0, 64);
    expect(unwrapKzGostPublicKey(concat(Uint8Array.of(0x04, 0x40), short))).toEqual(short);
    expect(() => unwrapKzGostPublicKey(wrapped.subarray(1))).toThrow(RangeError);
    expect(() => unwrapKzGostPublicKey(wrapped.subarray(0, 100))).toThrow(RangeError);
  });

  it('applies the same conventions to 256-bit keys (GOST 2015-256 with Streebog-256, GOST 2004)', () => {
    for (const algorithm of ['gost2015-256', 'gost2004'] as const) {
      const curve = kzGostCurve(algorithm);
      const G256 = { x: curve.gx, y: curve.gy };
      const key = multiplyGostPoint(curve, d, G256);
      const R = multiplyGostPoint(curve, k, G256);
      if (!key || !R) throw new Error('unexpected point at infinity');
      const h = kzGostDigest(algorithm, message);
      expect(h).toHaveLength(32);
      const e256 = BigInt('0x' + Buffer.from(h).reverse().toString('hex')) % curve.q || 1n;
      const r256 = R.x % curve.q;
      const s256 = (r256 * d + k * e256) % curve.q;
      const sig = concat(le(r256, 32), le(s256, 32));
      const pub = concat(le(key.x, 32), le(key.y, 32));
      expect(verifyKzGostSignature(algorithm, message, sig, pub)).toBe(true);
      expect(verifyKzGostSignature(algorithm, flipBit(message, 5), sig, pub)).toBe(false);
    }
    expect(kzGostCurve('gost2015-256')).toBe(TC26_256_A);
    expect(kzGostCurve('gost2004')).toBe(CRYPTOPRO_A);
    expect(kzGostDigest('gost2015-256', message)).toEqual(streebog256(message));
  });

  it('hashes GOST 2004 with GOST R 34.11-94 and the test S-box', () => {
    expect(kzGostDigest('gost2004', message)).toEqual(gostR341194(message, TEST_SBOX));
    expect(kzGostDigest('gost2015-512', message)).toEqual(digest);
  });
});

describe('NCA RK test vectors', () => {
  const gost2004Ca = loadCertificate('ca/nca_gost_test.crt');
  const gost2015Ca = loadCertificate('ca/nca_gost2015_test.cer');

  it('(i) GOST 2004: CEO certificate signed by ҰКО 3.0 (GOST TEST)', () => {
    const cert = loadCertificate('certs/ceo_valid_sign_2004_gost.cer');
    expect(cert.signatureAlgorithm.algorithmId).toBe('1.2.398.3.10.1.1.1.2');
    expect(publicKeyOf(gost2004Ca).bytes).toHaveLength(64);
    expectCertificateSignedBy(cert, gost2004Ca);
    // The Russian CMS hash (CryptoPro S-box) of the same bytes does not verify: the S-box matters.
    const signature = cert.signatureValue.valueBlock.valueHexView;
    const cryptoProDigest = gostR341194(cert.tbsView, CRYPTOPRO_SBOX);
    expect(verifyKzGostDigest('gost2004', cryptoProDigest, signature, publicKeyOf(gost2004Ca).bytes)).toBe(false);
  });

  it('(ii) GOST 2015: signer certificate in the 2-signer CMS signed by the GOST 2022 test CA', () => {
    const signedData = loadSignedData('cms/gost2015_rsa_2signers_attached_test123.p7s');
    const signer = signerByDigest(signedData, OID_GOST2015_512_DIGEST);
    const cert = signerCertificate(signedData, signer);
    expect(cert.signatureAlgorithm.algorithmId).toBe('1.2.398.3.10.1.1.2.3.2');
    expect(publicKeyOf(gost2015Ca).bytes).toHaveLength(128);
    expectCertificateSignedBy(cert, gost2015Ca);
  });

  it('(iii) GOST 2015: CMS SignerInfo over DER(SET OF signedAttrs), messageDigest = Streebog-512', () => {
    const signedData = loadSignedData('cms/gost2015_rsa_2signers_attached_test123.p7s');
    const content = encapsulatedContent(signedData);
    expect(content).toEqual(new Uint8Array(readFileSync(path.join(VECTORS, 'cms/test123.bin'))));
    const signer = signerByDigest(signedData, OID_GOST2015_512_DIGEST);
    expect(KZ_GOST_DIGEST_ALGORITHMS.get(signer.digestAlgorithm.algorithmId)).toBe('gost2015-512');
    expect(messageDigestAttribute(signer)).toEqual(streebog512(content));
    const algorithm = signatureAlgorithm(signer.signatureAlgorithm.algorithmId);
    const key = publicKeyOf(signerCertificate(signedData, signer));
    expectSignedBytes(algorithm, signedAttributesDer(signer), signer.signature.valueBlock.valueHexView, key);
  });

  it('(iv) GOST 2015: CRL signed by the GOST 2022 test CA', () => {
    const crl = pkijs.CertificateRevocationList.fromBER(readDer('crl/nca_gost2022_test.crl'));
    expect(crl.issuer.isEqual(gost2015Ca.subject)).toBe(true);
    const algorithm = signatureAlgorithm(crl.signatureAlgorithm.algorithmId);
    expect(algorithm).toBe('gost2015-512');
    expectSignedBytes(algorithm, crl.tbsView, crl.signatureValue.valueBlock.valueHexView, publicKeyOf(gost2015Ca));
  });

  it('(v) GOST 2004: TSP token SignerInfo, messageDigest = GOST R 34.11-94 (test S-box), TSA certificate', () => {
    const signedData = loadSignedData('tsp/tsp_token.bin');
    expect(signedData.encapContentInfo.eContentType).toBe(OID_TST_INFO);
    const signer = signerByDigest(signedData, OID_GOST34311_DIGEST);
    const tstInfo = encapsulatedContent(signedData);
    expect(messageDigestAttribute(signer)).toEqual(gostR341194(tstInfo, TEST_SBOX));
    const tsaCert = signerCertificate(signedData, signer);
    const algorithm = signatureAlgorithm(signer.signatureAlgorithm.algorithmId);
    expect(algorithm).toBe('gost2004');
    const signature = signer.signature.valueBlock.valueHexView;
    expectSignedBytes(algorithm, signedAttributesDer(signer), signature, publicKeyOf(tsaCert));
    expectCertificateSignedBy(tsaCert, gost2004Ca);
  });

  it('GOST 2015: OCSP response and its responder certificate', () => {
    const response = pkijs.OCSPResponse.fromBER(readDer('ocsp/ocsp_response_individual_2015.bin'));
    if (!response.responseBytes) throw new Error('OCSP response without responseBytes');
    const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
    const algorithm = signatureAlgorithm(basic.signatureAlgorithm.algorithmId);
    const responder = basic.certs?.[0];
    if (!responder) throw new Error('OCSP response without the responder certificate');
    const signature = basic.signature.valueBlock.valueHexView;
    expectSignedBytes(algorithm, basic.tbsResponseData.tbsView, signature, publicKeyOf(responder));
    expectCertificateSignedBy(responder, gost2015Ca);
  });

  it('rejects a signature under the wrong key or the wrong algorithm', () => {
    const cert = loadCertificate('certs/ceo_valid_sign_2004_gost.cer');
    const signature = cert.signatureValue.valueBlock.valueHexView;
    const token = loadSignedData('tsp/tsp_token.bin');
    const tsa = signerCertificate(token, token.signerInfos[0]);
    expect(verifyKzGostSignature('gost2004', cert.tbsView, signature, publicKeyOf(tsa).bytes)).toBe(false);
    expect(verifyKzGostSignature('gost2015-512', cert.tbsView, signature, publicKeyOf(gost2015Ca).bytes)).toBe(false);
  });
});
