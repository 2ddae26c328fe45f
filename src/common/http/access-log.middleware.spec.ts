import { redactPath } from './access-log.middleware';

describe('access log path redaction', () => {
  const token = 'AbCdEf0123456789_-AbCdEf0123456789_-AbCdEfG';

  it('keeps only the first 6 characters of a document link token', () => {
    expect(redactPath(`/l/${token}`)).toBe('/l/AbCdEf…');
    expect(redactPath(`/api/v1/links/${token}/actions/sign`)).toBe('/api/v1/links/AbCdEf…/actions/sign');
    expect(redactPath(`/api/v1/links/${token}`)).not.toContain(token.slice(6));
  });

  it('redacts the token whatever the letter case and repeated slashes Express routes alike', () => {
    for (const prefix of ['/API/V1/LINKS/', '/Api/v1/Links/', '/L/', '//api/v1/links/', '/api//v1///links//', '//l/', '///L//']) {
      const redacted = redactPath(`${prefix}${token}/content`);
      expect(redacted).not.toContain(token.slice(6));
      expect(redacted).toBe(`${prefix}AbCdEf…/content`);
    }
    expect(redactPath('/l/abc')).toBe('/l/abc…');
  });

  it('leaves other paths alone', () => {
    expect(redactPath('/api/v1/documents/6f1c2a3b-1111-4222-8333-944455556666')).toBe(
      '/api/v1/documents/6f1c2a3b-1111-4222-8333-944455556666',
    );
    expect(redactPath('/api/v1/links')).toBe('/api/v1/links');
    expect(redactPath('/api/v1/linksx/abcdefgh')).toBe('/api/v1/linksx/abcdefgh');
    expect(redactPath('/login/abcdefgh')).toBe('/login/abcdefgh');
  });
});
