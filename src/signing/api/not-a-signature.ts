// What POST /verify says when the "signature" it was given is a document: people upload the PDF
// they signed instead of its .p7s. The verifier would call that an invalid signature ("CMS is
// neither DER, PEM nor base64"), which is wrong twice: nothing was signed-and-broken, and it does
// not tell what to upload. A file recognised as a document is refused with 422 NOT_A_SIGNATURE
// instead; anything that might be a damaged CMS (DER starting with SEQUENCE, PEM armour, unknown
// binary) still gets the verifier's report.

import { DomainError } from '../../common/errors/domain.error';
import { ErrorCode } from '../../common/errors/error-catalog';
// A pure function over the first bytes; the upload flow uses the same recognition.
import { SNIFF_BYTES, sniffContentType } from '../../documents/content-sniffer';
import { decodeCmsInput } from '../verification/cms-parser';

export type NonSignatureKind = 'pdf' | 'office' | 'zip' | 'image' | 'xml' | 'text';

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

function kindOfBytes(bytes: Uint8Array): NonSignatureKind | undefined {
  if (bytes.length === 0 || bytes[0] === 0x30) return undefined;
  if (startsWith(bytes, OLE)) return 'office';
  if (startsWith(bytes, GIF)) return 'image';
  const prefix = bytes.subarray(0, SNIFF_BYTES);
  const kind = KIND_OF[sniffContentType(prefix, prefix.length === bytes.length)];
  if (kind !== 'text') return kind;
  // PEM armour or base64 is a signature in text form, even a damaged one: the verifier reports on it.
  const head = Buffer.from(prefix.subarray(0, 64)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  return head.startsWith('-----BEGIN') ? undefined : kind;
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
  if (detected) throw new DomainError(ErrorCode.NotASignature, { detected });
}
