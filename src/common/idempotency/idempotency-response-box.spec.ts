import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { IdempotencyResponseBox } from './idempotency-response-box';

const boxWith = (webhookSecretKey?: Buffer, isProduction = false) =>
  new IdempotencyResponseBox({ integrations: { webhookSecretKey }, isProduction } as AppConfig);

describe('idempotent responses sealed at rest', () => {
  const record = { scope: 'api_key:1b2c', key: 'create-1' };
  // Values long enough that random base64 never contains them by chance (a two-letter id did).
  const body = { id: 'key-identifier-0b5d', secret: 'edo_abc.very-secret-value', rights: { documents: 'read' } };

  it('keeps no plain part of the body, and opens it for the same record', () => {
    const box = boxWith(randomBytes(32));
    const stored = box.seal(body, record);
    expect(Object.keys(stored)).toEqual(['sealed']);
    expect(stored.sealed).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain('very-secret-value');
    expect(JSON.stringify(stored)).not.toContain('key-identifier-0b5d');
    expect(box.open(JSON.parse(JSON.stringify(stored)), record)).toEqual(body);
    expect(box.open(box.seal(undefined, record), record)).toBeNull();
  });

  it('does not open a body moved to another scope or key, changed, or sealed under another key', () => {
    const key = randomBytes(32);
    const stored = boxWith(key).seal(body, record);
    expect(() => boxWith(key).open(stored, { ...record, scope: 'api_key:other' })).toThrow(/does not open/);
    expect(() => boxWith(key).open(stored, { ...record, key: 'create-2' })).toThrow(/does not open/);
    const [version, iv, tag, ciphertext] = stored.sealed.split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => boxWith(key).open({ sealed: [version, iv, tag, flipped.toString('base64url')].join('.') }, record)).toThrow(
      /does not open/,
    );
    expect(() => boxWith(randomBytes(32)).open(stored, record)).toThrow(/does not open/);
  });

  it('replays a body stored plain before sealing as it is', () => {
    const box = boxWith(randomBytes(32));
    expect(box.open(body, record)).toEqual(body);
    expect(box.open(null, record)).toBeNull();
    expect(box.open([1, 2], record)).toEqual([1, 2]);
  });

  it('needs WEBHOOK_SECRET_KEY in production', () => {
    expect(() => boxWith(undefined, true)).toThrow(/WEBHOOK_SECRET_KEY/);
  });
});
