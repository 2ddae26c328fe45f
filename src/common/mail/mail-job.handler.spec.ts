import { mailSubject } from './mail-job.handler';

describe('mail subject', () => {
  it('is one line without bidi controls whatever title went into it', () => {
    expect(mailSubject('Документ: Акт\r\nBcc: victim@example.kz')).toBe('Документ: Акт Bcc: victim@example.kz');
    expect(mailSubject('Счёт \u202Efdp.exe\u202C')).toBe('Счёт fdp.exe');
    expect(mailSubject('a\u2066b\u2069\tc\u0000')).toBe('a b c');
    expect(mailSubject('\r\n')).toBe('-');
    expect(mailSubject('Договор № 7 «Поставка»')).toBe('Договор № 7 «Поставка»');
  });
});
