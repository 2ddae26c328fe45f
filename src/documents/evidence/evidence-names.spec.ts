import { ZipNameAllocator, extensionForContentType, safeFileName } from './evidence-names';

describe('safeFileName', () => {
  it.each([
    ['Шарт № 7 (жеткізу).pdf', 'Шарт № 7 (жеткізу).pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['..\\..\\Windows\\system.ini', 'system.ini'],
    ['C:\\Users\\Әлия\\Акт ҚҰ-12.xlsx', 'Акт ҚҰ-12.xlsx'],
    ['/abs/path/ЭСФ.xml', 'ЭСФ.xml'],
    ['..', 'document.pdf'],
    ['', 'document.pdf'],
    ['   .hidden.pdf  ', 'hidden.pdf'],
    ['report.pdf. . ', 'report.pdf'],
    ['CON.pdf', '_CON.pdf'],
    ['lpt1', '_lpt1.pdf'],
    ['a<b>c:d"e|f?g*h.pdf', 'a_b_c_d_e_f_g_h.pdf'],
    ['line\nbreak\u0000.pdf', 'line_break_.pdf'],
    // A right-to-left override would display "invoice\u202Efdp.exe" as "invoiceexe.pdf".
    ['invoice\u202Efdp.exe', 'invoice_fdp.exe'],
    // NFD (as macOS writes names) becomes NFC: й is one code point afterwards.
    ['Айдана й.pdf'.normalize('NFD'), 'Айдана й.pdf'],
  ])('%j → %j', (raw, expected) => {
    expect(safeFileName(raw, 'document', 'application/pdf')).toBe(expected);
  });

  it('keeps the extension and stays within 150 UTF-8 bytes, never splitting a character', () => {
    const name = safeFileName(`${'Қ'.repeat(200)}.docx`, 'document');
    expect(name.endsWith('Қ.docx')).toBe(true);
    expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(150);
    expect(name).not.toContain('\ufffd');
  });

  it('adds an extension from the content type only when the name has none', () => {
    expect(safeFileName('invoice', 'document', 'application/xml')).toBe('invoice.xml');
    expect(safeFileName('invoice.txt', 'document', 'application/xml')).toBe('invoice.txt');
    expect(safeFileName(undefined, 'document', 'application/x-unknown')).toBe('document.bin');
    expect(extensionForContentType('application/pdf; charset=binary')).toBe('.pdf');
  });
});

describe('ZipNameAllocator', () => {
  it('numbers names that collide, ignoring case and Unicode normalization', () => {
    const names = new ZipNameAllocator();
    expect(names.allocate('document', 'Акт.pdf')).toBe('document/Акт.pdf');
    expect(names.allocate('document', 'акт.PDF')).toBe('document/акт (2).PDF');
    expect(names.allocate('document', 'Акт.pdf')).toBe('document/Акт (3).pdf');
    expect(names.allocate('signatures', 'Акт.pdf')).toBe('signatures/Акт.pdf');
    expect(names.allocate('', 'README.txt')).toBe('README.txt');
    expect(names.allocate('', 'readme.txt')).toBe('readme (2).txt');
  });
});
