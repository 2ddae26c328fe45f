// File names inside the evidence ZIP. The original's name comes from the uploader, so it is made
// safe to extract anywhere: no directories or traversal, no control or reserved characters, no
// Windows device names, a bounded length; Unicode letters (Cyrillic, Kazakh) are kept.

import * as path from 'node:path';

// Leaves room under the common 255-byte limit for a folder prefix and a collision suffix.
const MAX_NAME_BYTES = 150;

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'application/xml': '.xml',
  'text/xml': '.xml',
  'text/plain': '.txt',
  'application/json': '.json',
  'application/zip': '.zip',
  'application/msword': '.doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.ms-excel': '.xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/tiff': '.tiff',
};

export function extensionForContentType(contentType: string): string {
  return EXTENSIONS[contentType.split(';')[0].trim().toLowerCase()] ?? '.bin';
}

const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
// C0/C1 controls, the characters Windows forbids, and bidi overrides that disguise an extension.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g;

function truncateUtf8(text: string, maxBytes: number): string {
  let result = '';
  let bytes = 0;
  // for...of walks code points, so a surrogate pair is never split.
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    result += char;
    bytes += size;
  }
  return result;
}

// One path segment, safe on Windows, macOS and Linux; `fallback` when nothing usable is left.
export function safeFileName(raw: string | undefined, fallback: string, contentType?: string): string {
  // Only the last segment: "../../etc/passwd" and "C:\\x\\y.pdf" both lose their directories.
  const last = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = last.replace(UNSAFE, '_').trim();
  // Leading dots make hidden files ("." and ".." are traversal); trailing dots and spaces vanish on Windows.
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  let ext = path.extname(name);
  let base = ext ? name.slice(0, -ext.length) : name;
  if (!ext && contentType) ext = extensionForContentType(contentType);
  if (!base) base = fallback;
  if (WINDOWS_DEVICES.test(base)) base = `_${base}`;
  ext = truncateUtf8(ext, 16);
  base = truncateUtf8(base, MAX_NAME_BYTES - Buffer.byteLength(ext, 'utf8')).replace(/[.\s]+$/, '') || fallback;
  return `${base}${ext}`;
}

// Hands out unique entry paths; names differing only in case count as equal, because Windows and
// macOS would extract them onto the same file.
export class ZipNameAllocator {
  private readonly taken = new Set<string>();

  allocate(folder: string, fileName: string): string {
    const ext = path.extname(fileName);
    const base = ext ? fileName.slice(0, -ext.length) : fileName;
    for (let n = 1; ; n++) {
      const candidate = `${folder ? `${folder}/` : ''}${n === 1 ? base : `${base} (${n})`}${ext}`;
      const key = candidate.normalize('NFC').toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return candidate;
      }
    }
  }
}
