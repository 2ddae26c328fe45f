import { checkWebhookUrl, isPrivateAddress } from './webhook-url';

const production = { production: true, allowPrivateAddresses: false };
const development = { production: false, allowPrivateAddresses: false };
const privateAllowed = { production: false, allowPrivateAddresses: true };

describe('webhook URL policy', () => {
  it('accepts a public https URL everywhere and drops the fragment', () => {
    expect(checkWebhookUrl('https://erp.example.kz/hooks/edo?x=1#part', production)).toEqual({
      url: 'https://erp.example.kz/hooks/edo?x=1',
    });
    expect(checkWebhookUrl('https://203.0.113.10:8443/h', production)).toEqual({ url: 'https://203.0.113.10:8443/h' });
  });

  it('refuses other schemes, credentials and garbage in every environment', () => {
    for (const policy of [production, development]) {
      expect(checkWebhookUrl('ftp://example.kz/x', policy)).toEqual({ problem: 'only http and https URLs are allowed' });
      expect(checkWebhookUrl('file:///etc/passwd', policy)).toEqual({ problem: 'only http and https URLs are allowed' });
      expect(checkWebhookUrl('javascript:alert(1)', policy)).toEqual({ problem: 'only http and https URLs are allowed' });
      expect(checkWebhookUrl('https://user:pass@example.kz/', policy)).toEqual({
        problem: 'credentials in the URL are not allowed',
      });
      expect(checkWebhookUrl('https://token@example.kz/', policy)).toEqual({ problem: 'credentials in the URL are not allowed' });
      expect(checkWebhookUrl('not a url', policy)).toEqual({ problem: 'not a URL' });
      expect(checkWebhookUrl(`https://example.kz/${'a'.repeat(2000)}`, policy)).toEqual({ problem: 'the URL is too long' });
    }
  });

  it('requires https in production only, and a public address in every mode unless private addresses are allowed', () => {
    expect(checkWebhookUrl('http://erp.example.kz/h', production)).toEqual({ problem: 'https is required' });
    expect(checkWebhookUrl('http://erp.example.kz/h', development)).toEqual({ url: 'http://erp.example.kz/h' });
    expect(checkWebhookUrl('http://127.0.0.1:8080/h', privateAllowed)).toEqual({ url: 'http://127.0.0.1:8080/h' });
    expect(checkWebhookUrl('http://localhost:8080/h', privateAllowed)).toEqual({ url: 'http://localhost:8080/h' });
    for (const url of [
      'https://127.0.0.1/h',
      'https://localhost/h',
      'https://api.localhost/h',
      'https://10.1.2.3/h',
      'https://172.16.0.1/h',
      'https://192.168.1.1/h',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/h',
      'https://[fd00::1]/h',
      'https://[fe80::1]/h',
      'https://[::ffff:10.0.0.1]/h',
      'https://0.0.0.0/h',
      // Alternative spellings of loopback are normalized by the URL parser first.
      'https://2130706433/h',
      'https://0x7f.1/h',
    ]) {
      for (const policy of [production, development]) {
        expect([url, checkWebhookUrl(url, policy)]).toEqual([
          url,
          { problem: 'private, loopback and link-local addresses are not allowed' },
        ]);
      }
    }
  });

  it('classifies addresses', () => {
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('172.32.0.1')).toBe(false);
    expect(isPrivateAddress('100.64.0.1')).toBe(true);
    expect(isPrivateAddress('2001:4860:4860::8888')).toBe(false);
    expect(isPrivateAddress('::ffff:127.0.0.1')).toBe(true);
    // NAT64 addresses are judged by the IPv4 address they carry; site-local fec0::/10 is private.
    expect(isPrivateAddress('64:ff9b::a9fe:a9fe')).toBe(true); // 169.254.169.254
    expect(isPrivateAddress('64:ff9b::169.254.169.254')).toBe(true);
    expect(isPrivateAddress('64:ff9b:1::a00:1')).toBe(true); // 10.0.0.1
    expect(isPrivateAddress('64:ff9b::808:808')).toBe(false); // 8.8.8.8
    expect(isPrivateAddress('fec0::1')).toBe(true);
    expect(isPrivateAddress('example.kz')).toBe(false);
  });
});
