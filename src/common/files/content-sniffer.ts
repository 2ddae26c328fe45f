// Content type from the first bytes of an upload: the client's claim is never trusted (a file
// named .pdf may be anything). Only a prefix is looked at, so the upload stays a stream.

export const SNIFF_BYTES = 8192;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((value, i) => bytes[offset + i] === value);

// The names of the first entries of a ZIP: OOXML writers put [Content_Types].xml and the part
// folders (word/, xl/, ppt/) at the front, so a prefix usually tells DOCX from XLSX.
function zipEntryNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset + 30 <= bytes.length && startsWith(bytes, [0x50, 0x4b, 0x03, 0x04], offset)) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 30);
    const flags = view.getUint16(6, true);
    const compressedSize = view.getUint32(18, true);
    const nameLength = view.getUint16(26, true);
    const extraLength = view.getUint16(28, true);
    if (offset + 30 + nameLength > bytes.length) break;
    names.push(Buffer.from(bytes.subarray(offset + 30, offset + 30 + nameLength)).toString('utf8'));
    // Bit 3: sizes follow the data (streamed writers); the next header cannot be found cheaply.
    if (flags & 0x08) break;
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return names;
}

function isUtf8Text(bytes: Uint8Array, truncated: boolean): boolean {
  // A multi-byte character may be cut at the end of the prefix: drop up to 3 trailing bytes.
  let end = bytes.length;
  if (truncated) while (end > 0 && bytes.length - end < 3 && (bytes[end - 1] & 0xc0) === 0x80) end--;
  if (truncated && end > 0 && bytes[end - 1] >= 0xc0) end--;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    // Control characters other than tab, CR, LF, FF mean binary data.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
    return !/[\x00-\x08\x0b\x0e-\x1f\x7f]/.test(text);
  } catch {
    return false;
  }
}

// Every type sniffContentType answers: the stored documents' types, which the API contract lists.
export const SNIFFED_CONTENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/zip',
  'application/xml',
  'text/plain; charset=utf-8',
  'application/octet-stream',
] as const;
export type SniffedContentType = (typeof SNIFFED_CONTENT_TYPES)[number];

// prefix: the first bytes of the file (up to SNIFF_BYTES); complete: the prefix is the whole file.
export function sniffContentType(prefix: Uint8Array, complete: boolean): SniffedContentType {
  if (prefix.length === 0) return 'application/octet-stream';
  if (startsWith(prefix, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(prefix, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(prefix, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(prefix, [0x50, 0x4b, 0x03, 0x04]) || startsWith(prefix, [0x50, 0x4b, 0x05, 0x06])) {
    const names = zipEntryNames(prefix);
    const ooxml = names.includes('[Content_Types].xml');
    if (ooxml || names.some((n) => n.startsWith('word/') || n.startsWith('xl/'))) {
      if (names.some((n) => n.startsWith('word/')))
        return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      if (names.some((n) => n.startsWith('xl/'))) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    }
    return 'application/zip';
  }
  const withoutBom = startsWith(prefix, [0xef, 0xbb, 0xbf]) ? prefix.subarray(3) : prefix;
  if (isUtf8Text(withoutBom, !complete)) {
    const head = Buffer.from(withoutBom.subarray(0, 256)).toString('utf8').trimStart();
    return head.startsWith('<?xml') ? 'application/xml' : 'text/plain; charset=utf-8';
  }
  return 'application/octet-stream';
}

// Kept as metadata only: no path, no control characters or bidi overrides ("\u202Efdp.exe"), at
// most 255 characters.
export function sanitizeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\x00-\x1f\x7f-\x9f"<>|:*?\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 255);
  return cleaned || 'document';
}

// Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987).
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
