// What POST /verify says when the "signature" it was given is a document: people upload the PDF
// they signed instead of its .p7s. The verifier would call that an invalid signature ("CMS is
// neither DER, PEM nor base64"), which is wrong twice: nothing was signed-and-broken, and it does
// not tell what to upload. A file recognised as a document (or as a certificate, the other file
// people pick) is refused with 422 NOT_A_SIGNATURE instead; anything that might be a damaged CMS
// (DER starting with SEQUENCE, PEM armour, base64 text, unknown binary) still gets the verifier's
// report.

import { DomainError } from '../../common/errors/domain.error';
import { SigningErrorCode } from '../signing.errors';
// A pure function over the first bytes; the upload flow uses the same recognition.
import { SNIFF_BYTES, sniffContentType } from '../../common/files/content-sniffer';
import { decodeCmsInput } from '../verification/cms-parser';

export type NonSignatureKind = 'pdf' | 'office' | 'zip' | 'image' | 'xml' | 'text' | 'certificate';

const KIND_OF: Readonly<Record<string, NonSignatureKind>> = {
  'application/pdf': 'pdf',
  'image/png': 'image',
  'image/jpeg': 'image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'office',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'office',
  'application/zip': 'zip',
  'application/xml': 'xml',
  'text/plain; charset=utf-8': 'text',
};

// Old binary Office files (.doc/.xls: OLE compound file) and GIF, which the upload sniffer types
// as octet-stream.
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const GIF = [0x47, 0x49, 0x46, 0x38];
const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  bytes.length >= signature.length && signature.every((value, i) => bytes[i] === value);

// Where the content of the DER element at `offset` starts (after its tag and length), or
// undefined when the length is cut off.
function contentStart(bytes: Uint8Array, offset: number): number | undefined {
  const first = bytes[offset + 1];
  if (first === undefined) return undefined;
  const lengthBytes = first < 0x80 ? 0 : first & 0x7f;
  return offset + 2 + lengthBytes <= bytes.length ? offset + 2 + lengthBytes : undefined;
}

// An X.509 certificate: SEQUENCE { tbsCertificate SEQUENCE { [0] version ... } }. A CMS
// ContentInfo starts with its content type OID instead (SEQUENCE { OID ... }), and neither a CRL
// nor an OCSP or time-stamp response has [0] there.
function isDerCertificate(bytes: Uint8Array): boolean {
  const outer = contentStart(bytes, 0);
  if (outer === undefined || bytes[outer] !== 0x30) return false;
  const inner = contentStart(bytes, outer);
  return inner !== undefined && bytes[inner] === 0xa0;
}

// Text that is mostly the base64 alphabet, or a data: URL, or starts like base64 DER ("MII"), is
// a signature in text form, even a damaged one (a stray character, a line of a mail quote): the
// verifier reports on it rather than calling it a text document.
function looksLikeEncodedSignature(head: string, text: string): boolean {
  if (/^data:/i.test(head) || head.startsWith('MII')) return true;
  // Base64 comes in long unbroken runs (lines of 64 or 76); words of a text are short, and spaces
  // part them, so "this is not a signature!" is text although nearly all its letters are base64's.
  const runs = text.split(/\s+/).filter(Boolean);
  if (!runs.some((run) => run.length >= 40)) return false;
  const visible = runs.join('');
  const base64 = visible.replace(/[^A-Za-z0-9+/=_-]/g, '').length;
  return base64 / visible.length >= 0.95;
}

function kindOfBytes(bytes: Uint8Array): NonSignatureKind | undefined {
  if (bytes.length === 0) return undefined;
  if (bytes[0] === 0x30) return isDerCertificate(bytes) ? 'certificate' : undefined;
  if (startsWith(bytes, OLE)) return 'office';
  if (startsWith(bytes, GIF)) return 'image';
  const prefix = bytes.subarray(0, SNIFF_BYTES);
  const kind = KIND_OF[sniffContentType(prefix, prefix.length === bytes.length)];
  if (kind !== 'text') return kind;
  // PEM armour or base64 is a signature in text form, even a damaged one: the verifier reports on it.
  const head = Buffer.from(prefix.subarray(0, 64))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  if (head.startsWith('-----BEGIN CERTIFICATE-----')) return 'certificate';
  if (head.startsWith('-----BEGIN')) return undefined;
  return looksLikeEncodedSignature(head, Buffer.from(prefix).toString('latin1')) ? undefined : kind;
}

// The kind of document `cms` is when it is recognisably not a CMS; undefined otherwise. A text
// input (JSON form) is looked at both as it is and, when it is base64, as the bytes it encodes (a
// base64 PDF).
export function nonSignatureKind(cms: Uint8Array | string): NonSignatureKind | undefined {
  const decoded = decodeCmsInput(cms);
  if (decoded.ok) return kindOfBytes(decoded.der);
  if (decoded.code !== 'BAD_ENCODING') return undefined;
  return kindOfBytes(typeof cms === 'string' ? new Uint8Array(Buffer.from(cms, 'utf8')) : cms);
}

export function assertLooksLikeSignature(cms: Uint8Array | string): void {
  const detected = nonSignatureKind(cms);
  if (detected) throw new DomainError(SigningErrorCode.NotASignature, { detected });
}
