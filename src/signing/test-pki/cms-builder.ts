// CMS SignedData (RFC 5652) with our test keys: shared by the CAdES helper and the test TSA.
// Output is DER: signed attributes, digest algorithms and certificates are sorted as DER SET OF
// requires, and eContent is one primitive OCTET STRING (pkijs would split it into a constructed,
// BER-only string).

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derSetOf, parseDer, sha1, sha256, toDer, x509Time } from './der';
import { TestKey, digestAlgorithmIdentifier, digestFor, signatureAlgorithmIdentifier } from './keys';
import { OID } from './oids';

export interface CmsSigner {
  readonly der: Uint8Array;
  readonly certificate: pkijs.Certificate;
  readonly key: TestKey;
}

export function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

export function contentTypeAttribute(contentType: string): pkijs.Attribute {
  return attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: contentType }));
}

// RFC 5652 §11.3: UTCTime for 1950-2049, GeneralizedTime otherwise.
export function signingTimeAttribute(time: Date): pkijs.Attribute {
  return attribute(OID.signingTime, x509Time(time).toSchema());
}

export function messageDigestAttribute(digest: Uint8Array): pkijs.Attribute {
  return attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: digest }));
}

export interface EssOptions {
  // 2 = signingCertificateV2 (RFC 5035), 1 = signingCertificate (RFC 2634, SHA-1; NCA's TSA).
  readonly version: 1 | 2;
  // v2 only: SHA-256 (the default, hashAlgorithm omitted) or the signer's own digest.
  readonly hash?: 'sha256' | 'signer';
  readonly issuerSerial?: boolean;
  // Test knob: a certHash that matches nothing.
  readonly corruptHash?: boolean;
}

function issuerSerial(signer: CmsSigner): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new pkijs.GeneralName({ type: 4, value: signer.certificate.issuer }).toSchema()] }),
      new asn1js.Integer({ valueHex: signer.certificate.serialNumber.valueBlock.valueHexView }),
    ],
  });
}

export function signingCertificateAttribute(signer: CmsSigner, options: EssOptions): pkijs.Attribute {
  const withIssuerSerial = options.issuerSerial ?? true;
  let certId: asn1js.Sequence;
  if (options.version === 1) {
    const hash = sha1(signer.der);
    if (options.corruptHash) hash[0] ^= 0xff;
    certId = new asn1js.Sequence({
      value: [new asn1js.OctetString({ valueHex: hash }), ...(withIssuerSerial ? [issuerSerial(signer)] : [])],
    });
  } else {
    const ownHash = options.hash === 'signer';
    const hash = ownHash ? digestFor(signer.key.algorithm, signer.der) : sha256(signer.der);
    if (options.corruptHash) hash[0] ^= 0xff;
    certId = new asn1js.Sequence({
      value: [
        ...(ownHash ? [digestAlgorithmIdentifier(signer.key.algorithm).toSchema()] : []),
        new asn1js.OctetString({ valueHex: hash }),
        ...(withIssuerSerial ? [issuerSerial(signer)] : []),
      ],
    });
  }
  return attribute(
    options.version === 1 ? OID.signingCertificate : OID.signingCertificateV2,
    new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] }),
  );
}

// DER SET OF Attribute, sorted; this (tag 0x31) is what the signature covers (RFC 5652 §5.4).
export function sortedAttributes(attributes: readonly pkijs.Attribute[]): { sorted: pkijs.Attribute[]; setDer: Uint8Array } {
  const encoded = derSetOf(attributes.map((a) => toDer(a.toSchema())));
  const sorted = encoded.map((der) => pkijs.Attribute.fromBER(der));
  const setDer = toDer(new asn1js.Set({ value: encoded.map((der) => parseDer(der, 'attribute')) }));
  return { sorted, setDer };
}

export interface SignerInfoOptions {
  readonly signer: CmsSigner;
  readonly signedAttributes: readonly pkijs.Attribute[];
  // Test knob: flip a bit of the signature value after signing.
  readonly corruptSignature?: boolean;
}

export function signerInfo(options: SignerInfoOptions): pkijs.SignerInfo {
  const { signer } = options;
  const { sorted, setDer } = sortedAttributes(options.signedAttributes);
  const signature = signer.key.sign(setDer);
  if (options.corruptSignature) signature[signature.length >> 1] ^= 0x01;
  return new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.certificate.issuer, serialNumber: signer.certificate.serialNumber }),
    digestAlgorithm: digestAlgorithmIdentifier(signer.key.algorithm),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted }),
    signatureAlgorithm: signatureAlgorithmIdentifier(signer.key.algorithm),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
}

export function setUnsignedAttributes(info: pkijs.SignerInfo, attributes: readonly pkijs.Attribute[]): void {
  const { sorted } = sortedAttributes(attributes);
  info.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: sorted });
}

export interface SignedDataOptions {
  readonly eContentType: string;
  // Absent: detached signature.
  readonly eContent?: Uint8Array;
  readonly signerInfos: readonly pkijs.SignerInfo[];
  readonly certificates: readonly Uint8Array[];
}

// ContentInfo { id-signedData, SignedData } as DER.
export function signedData(options: SignedDataOptions): Uint8Array {
  const encap = new pkijs.EncapsulatedContentInfo({ eContentType: options.eContentType });
  // Assigned after construction on purpose: the constructor would chunk it into a constructed string.
  if (options.eContent) encap.eContent = new asn1js.OctetString({ valueHex: options.eContent });
  const digestAlgorithms = derSetOf(
    [...new Set(options.signerInfos.map((s) => Buffer.from(toDer(s.digestAlgorithm.toSchema())).toString('hex')))].map(
      (h) => new Uint8Array(Buffer.from(h, 'hex')),
    ),
  ).map((der) => pkijs.AlgorithmIdentifier.fromBER(der));
  const certificates = [...new Set(options.certificates.map((c) => Buffer.from(c).toString('hex')))].map(
    (h) => new Uint8Array(Buffer.from(h, 'hex')),
  );
  const sd = new pkijs.SignedData({
    version: 1,
    digestAlgorithms,
    encapContentInfo: encap,
    // SET OF SignerInfo in DER order too (matters with several signers).
    signerInfos: options.signerInfos
      .map((info) => ({ info, der: toDer(info.toSchema()) }))
      .sort((a, b) => Buffer.compare(Buffer.from(a.der), Buffer.from(b.der)))
      .map((entry) => entry.info),
  });
  if (certificates.length > 0) sd.certificates = derSetOf(certificates).map((der) => pkijs.Certificate.fromBER(der));
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  return toDer(info.toSchema());
}
