// Byte-level edit of a DER CMS SignedData (RFC 5652 §5): adds certificates and unsigned attributes
// while every other element keeps its exact received bytes. Re-encoding through an ASN.1 library
// could normalise the signed attributes or the content and break the signature; here only the
// lengths of the enclosing elements change.

import { children, DerElement, readElement } from '../revocation/der-reader';

export class CmsEditError extends Error {}

const TAG = {
  sequence: 0x30,
  set: 0x31,
  oid: 0x06,
  integer: 0x02,
  octetString: 0x04,
  explicit0: 0xa0,
  implicit0: 0xa0,
  implicit1: 0xa1,
} as const;

const SIGNED_DATA_OID = Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: readonly Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

// X.690 §11.6: the elements of a DER SET OF in ascending order of their encodings (the shorter one
// padded with zero octets, which Buffer.compare approximates by ranking a prefix first).
export function sortedSetOf(items: readonly Uint8Array[]): Buffer[] {
  return items.map((item) => Buffer.from(item)).sort((a, b) => Buffer.compare(a, b));
}

interface Located {
  readonly buffer: Buffer;
  readonly contentInfo: DerElement;
  readonly signedData: DerElement;
  readonly fields: readonly DerElement[];
  readonly certificates?: DerElement;
  readonly signerInfos: DerElement;
  readonly signers: readonly DerElement[];
}

const slice = (buffer: Buffer, element: DerElement) => buffer.subarray(element.start, element.end);

function locate(der: Uint8Array): Located {
  const buffer = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  try {
    const contentInfo = readElement(buffer, 0);
    if (contentInfo.tag !== TAG.sequence || contentInfo.end !== buffer.length)
      throw new CmsEditError('not a single DER ContentInfo');
    const [oid, wrapper] = [...children(buffer, contentInfo)];
    if (oid?.tag !== TAG.oid || !buffer.subarray(oid.valueStart, oid.end).equals(SIGNED_DATA_OID))
      throw new CmsEditError('ContentInfo is not id-signedData');
    if (wrapper?.tag !== TAG.explicit0) throw new CmsEditError('ContentInfo content is not [0] EXPLICIT');
    const [signedData, ...extra] = [...children(buffer, wrapper)];
    if (signedData?.tag !== TAG.sequence || extra.length > 0) throw new CmsEditError('malformed SignedData');
    const fields = [...children(buffer, signedData)];
    const signerInfos = fields[fields.length - 1];
    if (fields.length < 4 || signerInfos.tag !== TAG.set) throw new CmsEditError('SignedData without signerInfos');
    const certificates = fields.find((f, i) => i >= 3 && f.tag === TAG.implicit0);
    const signers = [...children(buffer, signerInfos)];
    if (signers.some((s) => s.tag !== TAG.sequence)) throw new CmsEditError('malformed SignerInfo');
    return { buffer, contentInfo, signedData, fields, ...(certificates && { certificates }), signerInfos, signers };
  } catch (error) {
    if (error instanceof CmsEditError) throw error;
    // der-reader refuses indefinite lengths: a BER CMS cannot be edited without re-encoding it.
    throw new CmsEditError(`CMS is not DER (${error instanceof Error ? error.message : String(error)})`);
  }
}

// The unsigned attributes of every SignerInfo, as raw Attribute DER, in signerInfos order.
export function unsignedAttributesOf(der: Uint8Array): Buffer[][] {
  const { buffer, signers } = locate(der);
  return signers.map((signer) => {
    const fields = [...children(buffer, signer)];
    const unsigned = fields.length > 0 && fields[fields.length - 1].tag === TAG.implicit1 ? fields[fields.length - 1] : undefined;
    return unsigned ? [...children(buffer, unsigned)].map((a) => Buffer.from(slice(buffer, a))) : [];
  });
}

// What the signature covers and what must never change: everything of a SignerInfo but its
// unsignedAttrs. Used to assert that an edit kept them.
export function signedPartsOf(der: Uint8Array): Buffer[] {
  const { buffer, signers } = locate(der);
  return signers.map((signer) => {
    const fields = [...children(buffer, signer)];
    const kept = fields.filter((f, i) => !(i === fields.length - 1 && f.tag === TAG.implicit1 && i >= 4));
    return Buffer.concat(kept.map((f) => slice(buffer, f)));
  });
}

export interface CmsEdit {
  // Certificate DER to add to SignedData.certificates (the caller removes duplicates).
  readonly addCertificates?: readonly Uint8Array[];
  // Per SignerInfo index: the complete new list of unsigned attributes (Attribute DER each).
  readonly unsignedAttributes?: ReadonlyMap<number, readonly Uint8Array[]>;
}

function rewriteSigner(buffer: Buffer, signer: DerElement, attributes: readonly Uint8Array[] | undefined): Buffer {
  if (!attributes) return Buffer.from(slice(buffer, signer));
  const fields = [...children(buffer, signer)];
  const last = fields[fields.length - 1];
  // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1] unsignedAttrs?
  const hasUnsigned = last?.tag === TAG.implicit1 && fields.length >= 5;
  const kept = (hasUnsigned ? fields.slice(0, -1) : fields).map((f) => slice(buffer, f));
  if (kept[kept.length - 1]?.[0] !== TAG.octetString) throw new CmsEditError('SignerInfo does not end with its signature');
  const unsigned = attributes.length > 0 ? [tlv(TAG.implicit1, sortedSetOf(attributes))] : [];
  return tlv(TAG.sequence, [...kept, ...unsigned]);
}

// A new CMS with the edits applied; version, digestAlgorithms, encapContentInfo, crls and each
// SignerInfo up to its signature are copied byte for byte.
export function editSignedData(der: Uint8Array, edit: CmsEdit): Uint8Array {
  const located = locate(der);
  const { buffer, fields, signers } = located;
  for (const index of edit.unsignedAttributes?.keys() ?? [])
    if (index < 0 || index >= signers.length) throw new CmsEditError(`no SignerInfo ${index}`);
  const added = edit.addCertificates ?? [];
  const existing = located.certificates ? [...children(buffer, located.certificates)].map((c) => slice(buffer, c)) : [];
  const certificates = added.length > 0 ? tlv(TAG.implicit0, sortedSetOf([...existing, ...added])) : undefined;
  const signerInfos = tlv(
    TAG.set,
    signers.map((s, i) => rewriteSigner(buffer, s, edit.unsignedAttributes?.get(i))),
  );
  const rebuilt: Buffer[] = [];
  // version, digestAlgorithms, encapContentInfo
  rebuilt.push(...fields.slice(0, 3).map((f) => slice(buffer, f)));
  for (const field of fields.slice(3, -1)) {
    if (field === located.certificates && certificates) rebuilt.push(certificates);
    else rebuilt.push(slice(buffer, field));
  }
  // certificates [0] comes before crls [1] and signerInfos.
  if (certificates && !located.certificates) rebuilt.splice(3, 0, certificates);
  rebuilt.push(signerInfos);
  const signedData = tlv(TAG.sequence, rebuilt);
  const oid = [...children(buffer, located.contentInfo)][0];
  return new Uint8Array(tlv(TAG.sequence, [slice(buffer, oid), tlv(TAG.explicit0, [signedData])]));
}
