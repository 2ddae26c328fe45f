// The direct DER walk's reads (see cms-parser.ts): byte ranges with der-reader, certificates and
// signed attributes sliced, only the small pieces the checks read as objects through asn1js.
// Every shape it does not accept throws NotDirect (or a DerError from der-reader), which hands
// the input to the general walk.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DerElement, readElement } from '../revocation/der-reader';
import { toHex } from './certificates';
import type { ParsedSigner, SignerId } from './cms-parser';

export class NotDirect extends Error {}

export function notDirect(): never {
  throw new NotDirect();
}

export function childrenOf(buf: Buffer, parent: DerElement): DerElement[] {
  // Only constructed elements have children.
  if (!(parent.tag & 0x20)) notDirect();
  const out: DerElement[] = [];
  for (let offset = parent.valueStart; offset < parent.end;) {
    const child = readElement(buf, offset, parent.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

// OBJECT IDENTIFIER in asn1js's dotted form; arcs that do not fit a double exactly are left to
// asn1js (it switches to a hex form for those).
export function directOid(buf: Buffer, el: DerElement | undefined): string {
  if (!el || el.tag !== 0x06 || el.end === el.valueStart || buf[el.end - 1] & 0x80) notDirect();
  let text = '';
  let value = 0;
  let length = 0;
  for (let i = el.valueStart; i < el.end; i++) {
    value = value * 128 + (buf[i] & 0x7f);
    if (++length > 7) notDirect();
    if (buf[i] & 0x80) continue;
    if (text === '') text = value < 40 ? `0.${value}` : value < 80 ? `1.${value - 40}` : `2.${value - 80}`;
    else text += `.${value}`;
    value = 0;
    length = 0;
  }
  return text;
}

// asn1js's own parse of one self-contained element: the checks asn1js makes while parsing
// (string forms, bit strings, times, ...) must hold exactly as in the general walk.
export function asn1Unit(bytes: Uint8Array): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset !== bytes.byteLength || parsed.result.error) notDirect();
  return parsed.result;
}

export const slice = (der: Uint8Array, el: DerElement): Uint8Array => der.subarray(el.start, el.end);
export const valueOf = (der: Uint8Array, el: DerElement): Uint8Array => der.subarray(el.valueStart, el.end);

// AlgorithmIdentifier: OID and optional parameters (NULL, or anything asn1js accepts).
export function algorithmOid(buf: Buffer, der: Uint8Array, el: DerElement | undefined): string {
  if (el?.tag !== 0x30) notDirect();
  const parts = childrenOf(buf, el);
  if (parts.length < 1 || parts.length > 2) notDirect();
  const oid = directOid(buf, parts[0]);
  const params = parts[1];
  if (params && !(params.tag === 0x05 && params.end === params.valueStart)) asn1Unit(slice(der, params));
  return oid;
}

// CMS version numbers are small: one content byte, non-negative.
export function smallInteger(buf: Buffer, el: DerElement | undefined): number {
  if (el?.tag !== 0x02 || el.end !== el.valueStart + 1 || buf[el.valueStart] & 0x80) notDirect();
  return buf[el.valueStart];
}

// Attributes of a parsed SET OF Attribute ([0] re-tagged, or [1]), as pkijs builds them: the type
// as a dotted OID, the values as the asn1js elements of the SET.
function attributesFrom(node: asn1js.AsnType): pkijs.Attribute[] {
  const list: unknown = (node as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  if (!node.idBlock.isConstructed || !Array.isArray(list) || list.length === 0) notDirect();
  return (list as unknown[]).map((attribute) => {
    if (!(attribute instanceof asn1js.Sequence) || attribute.valueBlock.value.length !== 2) notDirect();
    const [type, values] = attribute.valueBlock.value;
    if (!(type instanceof asn1js.ObjectIdentifier) || !(values instanceof asn1js.Set) || values.valueBlock.value.length === 0)
      notDirect();
    return new pkijs.Attribute({ type: type.valueBlock.toString(), values: values.valueBlock.value });
  });
}

// Signed attribute values as pkijs Attributes. asn1js is the slow part of the walk, and its
// bulk is the signingCertificateV2 value, which a signer repeats in every signature: values of
// at least KNOWN_VALUE_MIN bytes that asn1js has already parsed cleanly are not parsed again
// here (asn1js is deterministic and context-free, so the general walk would accept them too) and
// are only decoded when a check reads them; checks that can work from the bytes (the ESS cache in
// certificate-checks.ts) get them through attributeValueDer.
const KNOWN_VALUE_MIN = 64;
const KNOWN_VALUES_LIMIT = 1024;
// Keys of the caches here are the bytes themselves: bound them (hostile input can be large).
const MAX_CACHED_BYTES = 4096;
const knownGoodValues = new Set<string>();
const attributeValueBytes = new WeakMap<pkijs.Attribute, readonly Uint8Array[]>();

// The DER of value `index` of an attribute from the direct walk (undefined for other attributes).
export function attributeValueDer(attribute: pkijs.Attribute, index: number): Uint8Array | undefined {
  return attributeValueBytes.get(attribute)?.[index];
}

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

function signedAttributesDirect(buf: Buffer, set: DerElement): pkijs.Attribute[] {
  const list = childrenOf(buf, set);
  if (list.length === 0) notDirect();
  return list.map((el) => {
    if (el.tag !== 0x30) notDirect();
    const parts = childrenOf(buf, el);
    if (parts.length !== 2 || parts[1].tag !== 0x31) notDirect();
    const type = directOid(buf, parts[0]);
    const raw = childrenOf(buf, parts[1]).map((value) => slice(buf, value));
    if (raw.length === 0) notDirect();
    const parsed = raw.map((bytes) => {
      if (bytes.byteLength < KNOWN_VALUE_MIN || bytes.byteLength > MAX_CACHED_BYTES) return asn1Unit(bytes);
      const key = latin1(bytes);
      if (knownGoodValues.has(key)) return undefined;
      const node = asn1Unit(bytes);
      if (knownGoodValues.size >= KNOWN_VALUES_LIMIT) knownGoodValues.clear();
      knownGoodValues.add(key);
      return node;
    });
    const attribute = new pkijs.Attribute({ type });
    let values: unknown[] | undefined = parsed.every((node) => node !== undefined) ? parsed : undefined;
    Object.defineProperty(attribute, 'values', {
      enumerable: true,
      configurable: true,
      get: () => (values ??= parsed.map((node, i) => node ?? asn1Unit(raw[i]))),
      set: (replacement: unknown[]) => {
        values = replacement;
      },
    });
    attributeValueBytes.set(attribute, raw);
    return attribute;
  });
}

// sid issuer names recur (every signer of one CA): parsed once, shared read-only. Built from a
// private copy, like cached certificates, so a reused request buffer cannot change them.
const ISSUER_NAME_CACHE_LIMIT = 512;
const issuerNames = new Map<string, pkijs.RelativeDistinguishedNames>();

function issuerName(bytes: Uint8Array): pkijs.RelativeDistinguishedNames {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let name = issuerNames.get(key);
  if (!name) {
    name = new pkijs.RelativeDistinguishedNames({ schema: asn1Unit(new Uint8Array(bytes)) });
    if (bytes.byteLength > MAX_CACHED_BYTES) return name;
    if (issuerNames.size >= ISSUER_NAME_CACHE_LIMIT) issuerNames.clear();
    issuerNames.set(key, name);
  }
  return name;
}

export function parseSignerDirect(buf: Buffer, der: Uint8Array, el: DerElement, index: number): ParsedSigner {
  if (el.tag !== 0x30) notDirect();
  const parts = childrenOf(buf, el);
  let j = 0;
  const version = smallInteger(buf, parts[j++]);
  // issuerAndSerialNumber only; a [0] subjectKeyIdentifier goes the general way.
  const sidEl = parts[j++];
  if (sidEl?.tag !== 0x30) notDirect();
  const sidParts = childrenOf(buf, sidEl);
  const [issuerEl, serialEl] = sidParts;
  if (sidParts.length !== 2 || issuerEl.tag !== 0x30 || serialEl.tag !== 0x02 || serialEl.end === serialEl.valueStart)
    notDirect();
  const sid: SignerId = {
    kind: 'issuerAndSerialNumber',
    issuer: issuerName(slice(der, issuerEl)),
    serialNumber: toHex(valueOf(der, serialEl)).replace(/^(00)+(?=.)/, ''),
  };
  const digestAlgorithm = algorithmOid(buf, der, parts[j++]);
  let signedAttrsDer: Uint8Array | undefined;
  let signedAttributes: pkijs.Attribute[] = [];
  if (parts[j]?.tag === 0xa0) {
    // A copy: the report may outlive the request buffer, and the first byte is re-tagged.
    signedAttrsDer = new Uint8Array(slice(der, parts[j++]));
    signedAttrsDer[0] = 0x31;
    const own = Buffer.from(signedAttrsDer.buffer, signedAttrsDer.byteOffset, signedAttrsDer.byteLength);
    signedAttributes = signedAttributesDirect(own, readElement(own, 0));
  }
  const signatureAlgorithm = algorithmOid(buf, der, parts[j++]);
  const signatureEl = parts[j++];
  if (signatureEl?.tag !== 0x04) notDirect();
  let unsignedAttributes: pkijs.Attribute[] = [];
  if (parts[j]?.tag === 0xa1) unsignedAttributes = attributesFrom(asn1Unit(slice(der, parts[j++])));
  if (j !== parts.length) notDirect();
  return {
    index,
    version,
    sid,
    digestAlgorithm,
    signatureAlgorithm,
    signature: valueOf(der, signatureEl),
    ...(signedAttrsDer && { signedAttrsDer }),
    signedAttributes,
    unsignedAttributes,
  };
}
