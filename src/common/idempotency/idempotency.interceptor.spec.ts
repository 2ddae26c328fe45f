import { requestFingerprint } from './idempotency.interceptor';

describe('request fingerprint for Idempotency-Key', () => {
  it('does not depend on the order of fields', () => {
    expect(requestFingerprint('POST', '/x', { a: 1, b: { c: [1, 2], d: 'е' } })).toBe(
      requestFingerprint('POST', '/x', { b: { d: 'е', c: [1, 2] }, a: 1 }),
    );
  });

  it('changes with the method, the path, a value or the order of an array', () => {
    const base = requestFingerprint('POST', '/x', { a: [1, 2] });
    expect(requestFingerprint('PUT', '/x', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint('POST', '/y', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint('POST', '/x', { a: [2, 1] })).not.toBe(base);
    expect(requestFingerprint('POST', '/x', { a: [1, 2], b: null })).not.toBe(base);
  });
});
