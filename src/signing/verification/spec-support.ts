// Test support for the verifier specs: the NCA RK vectors kept in certs/nca-test,
// byte surgery on real CMS files, and a small RSA CMS builder that signs with the public NCA
// test keys (keys/*.p12, password Qwerty12) to cover cases no vector has (detached, ESS,
// subjectKeyIdentifier, SHA-1, no signed attributes, CRL/OCSP in the SignedData).

import { createHash, createPrivateKey, KeyObject, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { ALGORITHM_OID, CMS_OID } from './oids';

export const VECTORS = path.resolve(__dirname, '../../../certs/nca-test/ncanode');

export function readVector(relative: string): Buffer {
  return readFileSync(path.join(VECTORS, relative));
}

// DER of a vector that may be PEM.
export function vectorDer(relative: string): Buffer {
  const raw = readVector(relative);
  const text = raw.toString('latin1');
  if (!text.startsWith('-----BEGIN')) return raw;
  return Buffer.from(text.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, ''), 'base64');
}

export function flipByte(bytes: Uint8Array, offset: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] ^= 0x01;
  return copy;
}

// Offset of a unique byte sequence (content, signature value) inside a DER file.
export function offsetOf(haystack: Uint8Array, needle: Uint8Array): number {
  const at = Buffer.from(haystack).indexOf(Buffer.from(needle));
  if (at < 0 || Buffer.from(haystack).indexOf(Buffer.from(needle), at + 1) >= 0) throw new Error('needle not found exactly once');
  return at;
}

function signedDataOf(root: asn1js.AsnType): asn1js.Sequence {
  const content = (root as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed;
  return content.valueBlock.value[0] as asn1js.Sequence;
}

// Detached copy of an attached CMS: drop eContent, keep every signed byte. asn1js re-encodes
// the DER it parsed unchanged, so signatures and certificates stay valid.
export function stripContent(der: Uint8Array): Buffer {
  const root = asn1js.fromBER(der).result;
  const encap = signedDataOf(root).valueBlock.value[2] as asn1js.Sequence;
  encap.valueBlock.value.splice(1);
  return Buffer.from(root.toBER(false));
}

export interface TestSigner {
  readonly certificate: Buffer;
  readonly privateKey: KeyObject;
}

// An RSA key and certificate from an NCA test PKCS#12 (classic PBE, readable by node-forge).
export function loadP12Signer(relative: string, password = 'Qwerty12'): TestSigner {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(readVector(relative).toString('binary')), password);
  const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
  const certBag = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0];
  if (!keyBag?.key || !certBag?.cert) throw new Error(`${relative}: no key or certificate`);
  return {
    certificate: Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certBag.cert)).getBytes(), 'binary'),
    privateKey: createPrivateKey(forge.pki.privateKeyToPem(keyBag.key)),
  };
}

export interface TestCmsOptions {
  readonly content?: Uint8Array;
  readonly detached?: boolean;
  readonly eContentType?: string;
  readonly digest?: 'sha256' | 'sha1';
  readonly signatureAlgorithm?: 'rsaEncryption' | 'sha256WithRSA';
  readonly signedAttributes?: boolean;
  readonly contentTypeAttribute?: 'ok' | 'missing' | 'wrong';
  readonly ess?: 'none' | 'v1' | 'v2' | 'v2-issuer-serial' | 'v2-wrong-hash' | 'v2-wrong-serial';
  readonly sid?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  readonly certificates?: readonly Uint8Array[];
  readonly crls?: readonly Uint8Array[];
  readonly ocspResponses?: readonly Uint8Array[];
  readonly signingTime?: Date;
  readonly signers?: number;
  // Unsigned attributes as (type, DER value), e.g. a signatureTimeStampToken.
  readonly unsignedAttributes?: readonly { readonly type: string; readonly value: Uint8Array }[];
}

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const algorithmId = (value: string, withNull = true) =>
  new asn1js.Sequence({ value: [oid(value), ...(withNull ? [new asn1js.Null()] : [])] });
const attribute = (type: string, value: asn1js.AsnType) =>
  new asn1js.Sequence({ value: [oid(type), new asn1js.Set({ value: [value] })] });
const parse = (der: Uint8Array) => asn1js.fromBER(der).result;
const context = (tagNumber: number, value: asn1js.AsnType[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });

function essAttribute(kind: NonNullable<TestCmsOptions['ess']>, cert: pkijs.Certificate, certDer: Uint8Array): asn1js.AsnType[] {
  if (kind === 'none') return [];
  const v1 = kind === 'v1';
  const hash = createHash(v1 ? 'sha1' : 'sha256')
    .update(certDer)
    .digest();
  if (kind === 'v2-wrong-hash') hash[0] ^= 0xff;
  const serial = new Uint8Array(cert.serialNumber.valueBlock.valueHexView);
  if (kind === 'v2-wrong-serial') serial[serial.length - 1] ^= 0x01;
  const issuerSerial = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [context(4, [cert.issuer.toSchema()])] }), new asn1js.Integer({ valueHex: serial })],
  });
  const withIssuerSerial = kind === 'v2-issuer-serial' || kind === 'v2-wrong-serial';
  const certId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: hash }), ...(withIssuerSerial ? [issuerSerial] : [])],
  });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] });
  return [attribute(v1 ? CMS_OID.signingCertificate : CMS_OID.signingCertificateV2, value)];
}

function signerInfo(signer: TestSigner, options: TestCmsOptions, content: Uint8Array, eContentType: string): asn1js.Sequence {
  const cert = pkijs.Certificate.fromBER(signer.certificate);
  const hashName = options.digest ?? 'sha256';
  const digestOid = hashName === 'sha1' ? ALGORITHM_OID.sha1 : ALGORITHM_OID.sha256;
  const useAttributes = options.signedAttributes ?? true;
  const attributes: asn1js.AsnType[] = [];
  const contentTypeAttribute = options.contentTypeAttribute ?? 'ok';
  if (contentTypeAttribute !== 'missing')
    attributes.push(attribute(CMS_OID.contentType, oid(contentTypeAttribute === 'ok' ? eContentType : CMS_OID.tstInfo)));
  attributes.push(
    attribute(CMS_OID.signingTime, new asn1js.UTCTime({ valueDate: options.signingTime ?? new Date('2021-06-01T10:00:00Z') })),
  );
  attributes.push(...essAttribute(options.ess ?? 'v2', cert, signer.certificate));
  attributes.push(
    attribute(CMS_OID.messageDigest, new asn1js.OctetString({ valueHex: createHash(hashName).update(content).digest() })),
  );
  const signedSet = new asn1js.Set({ value: attributes });
  const signed = useAttributes ? Buffer.from(signedSet.toBER(false)) : Buffer.from(content);
  const signature = nodeSign(hashName, signed, signer.privateKey);
  const sid =
    options.sid === 'subjectKeyIdentifier'
      ? new asn1js.Primitive({
          idBlock: { tagClass: 3, tagNumber: 0 },
          valueHex: (cert.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString).valueBlock
            .valueHexView,
        })
      : new asn1js.Sequence({
          value: [cert.issuer.toSchema(), new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView })],
        });
  const signatureOid =
    (options.signatureAlgorithm ?? 'sha256WithRSA') === 'rsaEncryption'
      ? ALGORITHM_OID.rsaEncryption
      : hashName === 'sha1'
        ? ALGORITHM_OID.sha1WithRsa
        : ALGORITHM_OID.sha256WithRsa;
  return new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: options.sid === 'subjectKeyIdentifier' ? 3 : 1 }),
      sid,
      algorithmId(digestOid),
      ...(useAttributes ? [context(0, attributes)] : []),
      algorithmId(signatureOid),
      new asn1js.OctetString({ valueHex: signature }),
      ...(options.unsignedAttributes?.length
        ? [
            context(
              1,
              options.unsignedAttributes.map((a) => attribute(a.type, parse(a.value))),
            ),
          ]
        : []),
    ],
  });
}

export function buildTestCms(signer: TestSigner, options: TestCmsOptions = {}): Buffer {
  const content = options.content ?? Buffer.from('test document');
  const eContentType = options.eContentType ?? CMS_OID.data;
  const digestOid = options.digest === 'sha1' ? ALGORITHM_OID.sha1 : ALGORITHM_OID.sha256;
  const encap = new asn1js.Sequence({
    value: [oid(eContentType), ...(options.detached ? [] : [context(0, [new asn1js.OctetString({ valueHex: content })])])],
  });
  const certificates = options.certificates ?? [signer.certificate];
  const revocation = [
    ...(options.crls ?? []).map(parse),
    ...(options.ocspResponses ?? []).map((der) => context(1, [oid(CMS_OID.riOcspResponse), parse(der)])),
  ];
  const signedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: options.sid === 'subjectKeyIdentifier' ? 3 : 1 }),
      new asn1js.Set({ value: [algorithmId(digestOid)] }),
      encap,
      ...(certificates.length ? [context(0, certificates.map(parse))] : []),
      ...(revocation.length ? [context(1, revocation)] : []),
      new asn1js.Set({
        value: Array.from({ length: options.signers ?? 1 }, () => signerInfo(signer, options, content, eContentType)),
      }),
    ],
  });
  const contentInfo = new asn1js.Sequence({ value: [oid(CMS_OID.signedData), context(0, [signedData])] });
  return Buffer.from(contentInfo.toBER(false));
}
