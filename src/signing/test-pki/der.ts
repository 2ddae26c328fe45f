// Small DER helpers shared by the test-PKI builders.

import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export function toDer(value: { toBER(sizeOnly?: boolean): ArrayBuffer }): Uint8Array {
  return new Uint8Array(value.toBER(false));
}

export function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) throw new Error(`${what}: not valid BER (${parsed.result.error})`);
  if (parsed.offset !== bytes.byteLength) throw new Error(`${what}: trailing bytes after the DER value`);
  return parsed.result;
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(data).digest());
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export function hex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes)
    .toString('hex')
    .toUpperCase();
}

// DER keeps only whole seconds here: asn1js would write the milliseconds of a Date into
// GeneralizedTime, and UTCTime cannot hold them at all.
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
export function x509Time(date: Date): pkijs.Time {
  const value = wholeSeconds(date);
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value });
}

// A 20-byte positive serial derived from a label, so that regenerating the PKI keeps serials
// (NCA serials are 20 bytes too). The top bits are fixed to 0b0001 so the INTEGER stays positive
// and minimal.
export function serialFromLabel(label: string): Uint8Array {
  const serial = sha1(new TextEncoder().encode(`edo-test-pki:${label}`));
  serial[0] = (serial[0] & 0x0f) | 0x10;
  return serial;
}

// DER SET OF: elements sorted by their encodings (X.690 §11.6).
export function derSetOf(elements: readonly Uint8Array[]): Uint8Array[] {
  return [...elements].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export type KeyUsageName =
  'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';

const KEY_USAGE_BITS: Readonly<Record<KeyUsageName, number>> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
};

// KeyUsage BIT STRING in DER: trailing zero bits dropped (X.690 §11.2.2), e.g. 03 02 06 C0.
export function keyUsageBitString(usages: readonly KeyUsageName[]): asn1js.BitString {
  return namedBitString(usages.map((u) => KEY_USAGE_BITS[u]));
}

// A named-bit-list BIT STRING (KeyUsage, PKIFailureInfo) with the given bits set.
export function namedBitString(bits: readonly number[]): asn1js.BitString {
  if (bits.length === 0) return new asn1js.BitString({ valueHex: new Uint8Array(0) });
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] |= 0x80 >> (bit & 7);
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (highest % 8) });
}

export function utf8(value: string): asn1js.Utf8String {
  return new asn1js.Utf8String({ value });
}

export function printable(value: string): asn1js.PrintableString {
  return new asn1js.PrintableString({ value });
}

// One attribute per RDN, as in every NCA name. pkijs would put all of them into one multi-valued
// RDN when encoding from typesAndValues, so the Name is encoded here and parsed back: pkijs then
// keeps these bytes (valueBeforeDecode) whenever it re-encodes the name.
export function rdn(pairs: readonly [type: string, value: asn1js.AsnType][]): pkijs.RelativeDistinguishedNames {
  const name = new asn1js.Sequence({
    value: pairs.map(
      ([type, value]) =>
        new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), value] })] }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(toDer(name));
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SURNAME',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.42': 'G',
};

// Readable DN for the manifest and messages, in certificate order (not RFC 4514 reversed), values
// unescaped: the GOST TSA's CN keeps its trailing TAB.
export function describeName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => {
      const value: unknown = tv.value;
      const text = value instanceof asn1js.BaseStringBlock ? value.getValue() : String(value);
      return `${SHORT_NAMES[tv.type] ?? tv.type}=${text}`;
    })
    .join(', ');
}
