// CMS SignedData (RFC 5652) building blocks for every signer of the service: the operator's
// production signer and the generated test PKI share them. Output is DER: signed attributes,
// digest algorithms, certificates and SignerInfos are sorted as DER SET OF requires, and eContent
// is one primitive OCTET STRING (pkijs would split it into a constructed, BER-only string).
// Signing itself is a callback, so key material never enters this module.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const CMS_BUILDER_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

export function toDer(value: { toBER(sizeOnly?: boolean): ArrayBuffer }): Uint8Array {
  return new Uint8Array(value.toBER(false));
}

function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || parsed.offset !== bytes.byteLength) throw new Error(`${what}: not a single valid DER value`);
  return parsed.result;
}

// DER SET OF: elements sorted by their encodings (X.690 §11.6).
export function derSetOf(elements: readonly Uint8Array[]): Uint8Array[] {
  return [...elements].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function uniqueBytes(elements: readonly Uint8Array[]): Uint8Array[] {
  const byHex = new Map<string, Uint8Array>();
  for (const element of elements) byHex.set(Buffer.from(element).toString('hex'), element);
  return [...byHex.values()];
}

export function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

export function contentTypeAttribute(contentType: string): pkijs.Attribute {
  return attribute(CMS_BUILDER_OID.contentType, new asn1js.ObjectIdentifier({ value: contentType }));
}

// RFC 5652 §11.3: UTCTime for 1950-2049, GeneralizedTime otherwise. Whole seconds only: asn1js
// would write milliseconds into GeneralizedTime, and UTCTime cannot hold them.
export function signingTimeAttribute(time: Date): pkijs.Attribute {
  const value = new Date(Math.floor(time.getTime() / 1000) * 1000);
  const year = value.getUTCFullYear();
  const encoded =
    year >= 1950 && year < 2050 ? new asn1js.UTCTime({ valueDate: value }) : new asn1js.GeneralizedTime({ valueDate: value });
  return attribute(CMS_BUILDER_OID.signingTime, encoded);
}

export function messageDigestAttribute(digest: Uint8Array): pkijs.Attribute {
  return attribute(CMS_BUILDER_OID.messageDigest, new asn1js.OctetString({ valueHex: digest }));
}

// IssuerSerial (RFC 5035 §4): the signer certificate's issuer as a directoryName plus its serial.
export function issuerSerial(certificate: pkijs.Certificate): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new pkijs.GeneralName({ type: 4, value: certificate.issuer }).toSchema()] }),
      new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView }),
    ],
  });
}

export interface EssCertIdInput {
  // Hash of the whole certificate DER, computed with hashAlgorithm (SHA-1 for version 1).
  readonly certHash: Uint8Array;
  // v2 only: absent means SHA-256, the RFC 5035 default, which DER then omits.
  readonly hashAlgorithm?: pkijs.AlgorithmIdentifier;
  // Ties the hash to one issuer/serial; optional in both versions.
  readonly issuerSerial?: asn1js.Sequence;
}

// signingCertificate (RFC 2634, ESSCertID with SHA-1) or signingCertificateV2 (RFC 5035).
export function signingCertificateAttribute(version: 1 | 2, certId: EssCertIdInput): pkijs.Attribute {
  const id = new asn1js.Sequence({
    value: [
      ...(version === 2 && certId.hashAlgorithm ? [certId.hashAlgorithm.toSchema()] : []),
      new asn1js.OctetString({ valueHex: certId.certHash }),
      ...(certId.issuerSerial ? [certId.issuerSerial] : []),
    ],
  });
  return attribute(
    version === 1 ? CMS_BUILDER_OID.signingCertificate : CMS_BUILDER_OID.signingCertificateV2,
    new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [id] })] }),
  );
}

// DER SET OF Attribute, sorted; this (tag 0x31) is what the signature covers (RFC 5652 §5.4).
export function sortedAttributes(attributes: readonly pkijs.Attribute[]): { sorted: pkijs.Attribute[]; setDer: Uint8Array } {
  const encoded = derSetOf(attributes.map((a) => toDer(a.toSchema())));
  const sorted = encoded.map((der) => pkijs.Attribute.fromBER(der));
  const setDer = toDer(new asn1js.Set({ value: encoded.map((der) => parseDer(der, 'attribute')) }));
  return { sorted, setDer };
}

export interface SignerInfoInput {
  // Identified by issuer and serial number (SignerInfo version 1).
  readonly certificate: pkijs.Certificate;
  readonly digestAlgorithm: pkijs.AlgorithmIdentifier;
  readonly signatureAlgorithm: pkijs.AlgorithmIdentifier;
  readonly signedAttributes: readonly pkijs.Attribute[];
  // Signs the DER SET OF signed attributes (hash-and-sign with the signer's algorithm).
  readonly sign: (signedAttributesDer: Uint8Array) => Uint8Array;
}

export function signerInfo(input: SignerInfoInput): pkijs.SignerInfo {
  const { sorted, setDer } = sortedAttributes(input.signedAttributes);
  const signature = input.sign(setDer);
  return new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: input.certificate.issuer, serialNumber: input.certificate.serialNumber }),
    digestAlgorithm: input.digestAlgorithm,
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted }),
    signatureAlgorithm: input.signatureAlgorithm,
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
  // DER certificates; duplicates are dropped.
  readonly certificates: readonly Uint8Array[];
}

// ContentInfo { id-signedData, SignedData } as DER.
export function signedData(options: SignedDataOptions): Uint8Array {
  const encap = new pkijs.EncapsulatedContentInfo({ eContentType: options.eContentType });
  // Assigned after construction on purpose: the constructor would chunk it into a constructed string.
  if (options.eContent) encap.eContent = new asn1js.OctetString({ valueHex: options.eContent });
  const digestAlgorithms = derSetOf(uniqueBytes(options.signerInfos.map((s) => toDer(s.digestAlgorithm.toSchema())))).map((der) =>
    pkijs.AlgorithmIdentifier.fromBER(der),
  );
  const certificates = uniqueBytes(options.certificates);
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
  const info = new pkijs.ContentInfo({ contentType: CMS_BUILDER_OID.signedData, content: sd.toSchema(true) });
  return toDer(info.toSchema());
}
