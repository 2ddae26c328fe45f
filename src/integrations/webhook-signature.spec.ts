import { createHmac } from 'node:crypto';
import { signWebhookPayload, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const BODY = '{"id":"e1","seq":"7","type":"document.received","data":{"title":"Шарт № 15"}}';

describe('webhook signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>', () => {
    const header = signWebhookPayload(SECRET, 1_795_300_000, BODY);
    // Recomputed independently, as a receiver in any language would.
    const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8'))
      .update(Buffer.from(`1795300000.${BODY}`, 'utf8'))
      .digest('hex');
    expect(header).toBe(`t=1795300000,v1=${expected}`);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('verifies a genuine header within the replay window', () => {
    const header = signWebhookPayload(SECRET, 1000, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY, 1000 + 299)).toEqual({ valid: true, timestamp: 1000 });
    expect(verifyWebhookSignature(SECRET, header, BODY, 1000 - 299)).toEqual({ valid: true, timestamp: 1000 });
  });

  it('refuses a changed body, another secret, an old timestamp and a forged time', () => {
    const header = signWebhookPayload(SECRET, 1000, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY.replace('15', '16'), 1000)).toEqual({
      valid: false,
      reason: 'signature mismatch',
    });
    expect(verifyWebhookSignature(`${SECRET}x`, header, BODY, 1000).valid).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY, 1000 + 301)).toEqual({
      valid: false,
      reason: 'timestamp outside the window',
    });
    // Moving the time forward to pass the window breaks the MAC, which covers it.
    const replayed = header.replace('t=1000', 't=5000');
    expect(verifyWebhookSignature(SECRET, replayed, BODY, 5000)).toEqual({ valid: false, reason: 'signature mismatch' });
  });

  it('refuses missing or malformed headers and accepts any one of several v1 values (rotation)', () => {
    expect(verifyWebhookSignature(SECRET, undefined, BODY, 1000).valid).toBe(false);
    expect(verifyWebhookSignature(SECRET, 'garbage', BODY, 1000).valid).toBe(false);
    expect(verifyWebhookSignature(SECRET, 'v1=abcd', BODY, 1000)).toEqual({ valid: false, reason: 'no timestamp' });
    expect(verifyWebhookSignature(SECRET, 't=1000,v1=zz', BODY, 1000).valid).toBe(false);
    const good = signWebhookPayload(SECRET, 1000, BODY).split(',')[1];
    expect(verifyWebhookSignature(SECRET, `t=1000,v1=${'0'.repeat(64)},${good}`, BODY, 1000).valid).toBe(true);
  });
});
