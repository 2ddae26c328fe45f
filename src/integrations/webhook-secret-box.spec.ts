import { randomBytes } from 'node:crypto';
import { newWebhookSecret, WebhookSecretBox } from './webhook-secret-box';

describe('webhook secret box (AES-256-GCM)', () => {
  const box = new WebhookSecretBox(randomBytes(32));
  const id = '3f1c2a4e-1111-4222-8333-444455556666';

  it('round-trips a secret and never stores it in clear', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const sealed = box.seal(secret, id);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealed).not.toBe(box.seal(secret, id));
    expect(box.open(sealed, id)).toBe(secret);
  });

  it('refuses another key, another webhook id and a tampered ciphertext', () => {
    const sealed = box.seal('whsec_x', id);
    expect(() => new WebhookSecretBox(randomBytes(32)).open(sealed, id)).toThrow();
    expect(() => box.open(sealed, '3f1c2a4e-1111-4222-8333-444455556667')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('whsec_y').toString('base64url');
    expect(() => box.open(parts.join('.'), id)).toThrow();
    expect(() => box.open('v0.a.b.c', id)).toThrow(/format/);
    expect(() => new WebhookSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
