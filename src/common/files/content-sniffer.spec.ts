import { contentDisposition, sanitizeFileName, sniffContentType } from './content-sniffer';

function zipWith(...names: string[]): Buffer {
  const parts = names.map((name) => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    return Buffer.concat([header, Buffer.from(name)]);
  });
  return Buffer.concat(parts);
}

describe('content sniffer', () => {
  it('recognizes formats from the first bytes', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n...'), false)).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), false)).toBe('image/png');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), false)).toBe('image/jpeg');
    expect(sniffContentType(zipWith('[Content_Types].xml', '_rels/.rels', 'word/document.xml'), false)).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(sniffContentType(zipWith('[Content_Types].xml', 'xl/workbook.xml'), false)).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(sniffContentType(zipWith('photo.jpg'), false)).toBe('application/zip');
    expect(sniffContentType(Buffer.from('<?xml version="1.0"?><a/>'), true)).toBe('application/xml');
    expect(sniffContentType(Buffer.from('Договор № 1\nҚазақша мәтін'), true)).toBe('text/plain; charset=utf-8');
    expect(sniffContentType(Buffer.from([0x00, 0x01, 0x02, 0xfe]), true)).toBe('application/octet-stream');
    expect(sniffContentType(Buffer.alloc(0), true)).toBe('application/octet-stream');
  });

  it('keeps text whose last character is cut by the prefix', () => {
    const text = Buffer.from('Шарт'); // 2 bytes per letter
    expect(sniffContentType(text.subarray(0, text.length - 1), false)).toBe('text/plain; charset=utf-8');
  });

  it('sanitizes file names and encodes them for Content-Disposition', () => {
    expect(sanitizeFileName('C:\\Users\\x\\Шарт "1".pdf')).toBe('Шарт _1_.pdf');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('')).toBe('document');
    // Bidi overrides and isolates, C1 controls and line breaks.
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(sanitizeFileName('a\u2066b\u2069\u202Ac.pdf')).toBe('a_b__c.pdf');
    expect(sanitizeFileName('a\r\nb\u0085.pdf')).toBe('a__b_.pdf');
    expect(contentDisposition('Шарт 1.pdf')).toBe(
      `attachment; filename="____ 1.pdf"; filename*=UTF-8''%D0%A8%D0%B0%D1%80%D1%82%201.pdf`,
    );
  });
});
