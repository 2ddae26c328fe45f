// Independent checks for the test-PKI specs: RSA through node:crypto, GOST through the existing
// verifier (kz-gost.ts), never through the signing code under test.

import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  KZ_GOST_PUBLIC_KEY_ALGORITHMS,
  KZ_GOST_SIGNATURE_ALGORITHMS,
  kzGostDigest,
  unwrapKzGostPublicKey,
  verifyKzGostSignature,
} from '../gost/kz-gost';
import { toDer } from './der';
import { generateTestPki } from './generator';
import { TestPki } from './manifest';
import { OID } from './oids';

const COMMITTED_TEST_PKI = path.resolve(__dirname, '../../../certs/test-pki');

// A fresh PKI (in memory) for a spec file. The keys come from the committed certs/test-pki when
// it is there: RSA key generation is most of the generation time, and the specs that only use
// the PKI do not need new keys. test-pki.spec.ts generates everything from scratch instead.
export function specTestPki(): Promise<TestPki> {
  const committed = existsSync(path.join(COMMITTED_TEST_PKI, 'manifest.json')) ? COMMITTED_TEST_PKI : undefined;
  return generateTestPki({ rsaCaBits: 2048, reuseKeysFrom: committed });
}

export function digestByOid(oid: string, data: Uint8Array): Uint8Array {
  switch (oid) {
    case OID.sha1:
      return new Uint8Array(createHash('sha1').update(data).digest());
    case OID.sha256:
      return new Uint8Array(createHash('sha256').update(data).digest());
    case OID.gost2015Digest512:
      return kzGostDigest('gost2015-512', data);
    case OID.gost2004Digest:
      return kzGostDigest('gost2004', data);
    default:
      throw new Error(`no digest for ${oid}`);
  }
}

// signatureOid over data with the key in spki.
export function verifyWithSpki(
  signatureOid: string,
  spki: pkijs.PublicKeyInfo,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signatureOid === OID.sha256WithRsa) {
    const key = createPublicKey({ key: Buffer.from(toDer(spki.toSchema())), format: 'der', type: 'spki' });
    return nodeVerify('sha256', data, key, signature);
  }
  const algorithm = KZ_GOST_SIGNATURE_ALGORITHMS.get(signatureOid);
  if (!algorithm) throw new Error(`unexpected signature algorithm ${signatureOid}`);
  if (KZ_GOST_PUBLIC_KEY_ALGORITHMS.get(spki.algorithm.algorithmId) !== algorithm) return false;
  return verifyKzGostSignature(algorithm, data, signature, unwrapKzGostPublicKey(spki.subjectPublicKey.valueBlock.valueHexView));
}

export function certificateSignedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): boolean {
  return (
    cert.signature.algorithmId === cert.signatureAlgorithm.algorithmId &&
    cert.issuer.isEqual(issuer.subject) &&
    verifyWithSpki(
      cert.signatureAlgorithm.algorithmId,
      issuer.subjectPublicKeyInfo,
      cert.tbsView,
      cert.signatureValue.valueBlock.valueHexView,
    )
  );
}

export function crlSignedBy(crl: pkijs.CertificateRevocationList, issuer: pkijs.Certificate): boolean {
  return (
    crl.issuer.isEqual(issuer.subject) &&
    verifyWithSpki(
      crl.signatureAlgorithm.algorithmId,
      issuer.subjectPublicKeyInfo,
      crl.tbsView,
      crl.signatureValue.valueBlock.valueHexView,
    )
  );
}

export interface ParsedOcspResponse {
  readonly status: number;
  readonly basic?: pkijs.BasicOCSPResponse;
}

export function parseOcspResponse(der: Uint8Array): ParsedOcspResponse {
  const response = pkijs.OCSPResponse.fromBER(der);
  const status = response.responseStatus.valueBlock.valueDec;
  if (!response.responseBytes) return { status };
  expectOid(response.responseBytes.responseType, OID.ocspBasic);
  return { status, basic: pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView) };
}

export function ocspSignedBy(basic: pkijs.BasicOCSPResponse, signer: pkijs.Certificate): boolean {
  return verifyWithSpki(
    basic.signatureAlgorithm.algorithmId,
    signer.subjectPublicKeyInfo,
    basic.tbsResponseData.tbsView,
    basic.signature.valueBlock.valueHexView,
  );
}

export function nonceOf(basic: pkijs.BasicOCSPResponse): Uint8Array | undefined {
  return basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OID.ocspNonce)?.extnValue.valueBlock.valueHexView;
}

function expectOid(actual: string, expected: string): void {
  if (actual !== expected) throw new Error(`expected ${expected}, got ${actual}`);
}

export function loadSignedData(der: Uint8Array): pkijs.SignedData {
  const info = pkijs.ContentInfo.fromBER(der);
  expectOid(info.contentType, OID.signedData);
  return new pkijs.SignedData({ schema: info.content });
}

export function attributeValue(info: pkijs.SignerInfo, type: string): unknown {
  return info.signedAttrs?.attributes.find((a) => a.type === type)?.values[0];
}

export function signerCertificate(sd: pkijs.SignedData, info: pkijs.SignerInfo): pkijs.Certificate | undefined {
  const sid: unknown = info.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return undefined;
  return (sd.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate && c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer),
  );
}

// RFC 5652 §5.4: DER of signedAttrs with the [0] tag replaced by SET OF (0x31).
export function signedAttributesDer(info: pkijs.SignerInfo): Uint8Array {
  if (!info.signedAttrs) throw new Error('SignerInfo without signed attributes');
  const der = new Uint8Array(info.signedAttrs.encodedValue).slice();
  der[0] = 0x31;
  return der;
}

export interface SignerCheck {
  readonly certificate?: pkijs.Certificate;
  readonly contentTypeOk: boolean;
  readonly messageDigestOk: boolean;
  readonly signatureOk: boolean;
}

// content: the signed bytes (eContent or the detached document).
export function checkSigner(
  sd: pkijs.SignedData,
  info: pkijs.SignerInfo,
  content: Uint8Array,
  certificate?: pkijs.Certificate,
): SignerCheck {
  const cert = certificate ?? signerCertificate(sd, info);
  const contentType: unknown = attributeValue(info, OID.contentType);
  const md: unknown = attributeValue(info, OID.messageDigest);
  const expected = digestByOid(info.digestAlgorithm.algorithmId, content);
  return {
    certificate: cert,
    contentTypeOk:
      contentType instanceof asn1js.ObjectIdentifier && contentType.valueBlock.toString() === sd.encapContentInfo.eContentType,
    messageDigestOk: md instanceof asn1js.OctetString && Buffer.from(md.valueBlock.valueHexView).equals(Buffer.from(expected)),
    signatureOk:
      cert !== undefined &&
      verifyWithSpki(
        info.signatureAlgorithm.algorithmId,
        cert.subjectPublicKeyInfo,
        signedAttributesDer(info),
        info.signature.valueBlock.valueHexView,
      ),
  };
}

export function eContentOf(sd: pkijs.SignedData): Uint8Array | undefined {
  const content = sd.encapContentInfo.eContent;
  return content ? new Uint8Array(content.getValue()) : undefined;
}

// What DER forbids and BER allows: indefinite lengths, constructed strings, non-minimal lengths
// (the last is caught by re-encoding, which asn1js does with minimal lengths).
export function isStrictDer(der: Uint8Array): boolean {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset !== der.byteLength) return false;
  if (!Buffer.from(parsed.result.toBER(false)).equals(Buffer.from(der))) return false;
  const STRING_TAGS = new Set([3, 4, 12, 19, 20, 22, 26, 28, 30]);
  const walk = (block: asn1js.AsnType): boolean => {
    if (block.lenBlock.isIndefiniteForm) return false;
    if (block.idBlock.tagClass === 1 && STRING_TAGS.has(block.idBlock.tagNumber) && block.idBlock.isConstructed) return false;
    // Only constructed values: asn1js also parses the content of primitive OCTET/BIT STRINGs
    // when it happens to look like BER, and random signature bytes must not count.
    if (!block.idBlock.isConstructed) return true;
    const value: unknown = (block.valueBlock as { value?: unknown }).value;
    return Array.isArray(value) ? value.every((child: asn1js.AsnType) => walk(child)) : true;
  };
  return walk(parsed.result);
}
