import { isOnGostCurve } from './gost-34-10';
import {
  bigIntToLittleEndian,
  generateKzGostKeyPair,
  kzGostPublicKeyFromPrivate,
  littleEndianToBigInt,
  signKzGostDigest,
  signKzGostMessage,
} from './gost-sign';
import {
  KzGostAlgorithm,
  decodeKzGostPublicKey,
  kzGostCurve,
  kzGostDigest,
  verifyKzGostDigest,
  verifyKzGostSignature,
} from './kz-gost';

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

const ALGORITHMS: readonly KzGostAlgorithm[] = ['gost2015-512', 'gost2004', 'gost2015-256'];
const message = new TextEncoder().encode('Құжат / Документ / document');

describe.each(ALGORITHMS)('KZ GOST signing, %s', (algorithm) => {
  const keys = generateKzGostKeyPair(algorithm);
  const curve = kzGostCurve(algorithm);

  it('generates d in [1, q-1] and Q = d*G as x_LE || y_LE on the curve', () => {
    expect(keys.privateKey > 0n && keys.privateKey < curve.q).toBe(true);
    expect(keys.publicKey.length).toBe(2 * curve.size);
    const Q = decodeKzGostPublicKey(algorithm, keys.publicKey);
    expect(Q && isOnGostCurve(curve, Q)).toBe(true);
    expect(kzGostPublicKeyFromPrivate(algorithm, keys.privateKey)).toEqual(keys.publicKey);
  });

  it('signs so that the existing verifier accepts r_LE || s_LE', () => {
    const signature = signKzGostMessage(algorithm, message, keys.privateKey);
    expect(signature.length).toBe(2 * curve.size);
    expect(verifyKzGostSignature(algorithm, message, signature, keys.publicKey)).toBe(true);
    const digest = kzGostDigest(algorithm, message);
    expect(verifyKzGostDigest(algorithm, digest, signKzGostDigest(algorithm, digest, keys.privateKey), keys.publicKey)).toBe(
      true,
    );
  });

  it('rejects a tampered message, signature or key', () => {
    const signature = signKzGostMessage(algorithm, message, keys.privateKey);
    expect(verifyKzGostSignature(algorithm, flipBit(message, 11), signature, keys.publicKey)).toBe(false);
    expect(verifyKzGostSignature(algorithm, message, flipBit(signature, 3), keys.publicKey)).toBe(false);
    expect(verifyKzGostSignature(algorithm, message, flipBit(signature, 8 * signature.length - 2), keys.publicKey)).toBe(false);
    const other = generateKzGostKeyPair(algorithm);
    expect(verifyKzGostSignature(algorithm, message, signature, other.publicKey)).toBe(false);
    // The RFC 4491 order (byte reversal) is a different signature.
    expect(verifyKzGostSignature(algorithm, message, signature.slice().reverse(), keys.publicKey)).toBe(false);
  });

  it('uses a fresh k per signature', () => {
    const a = signKzGostMessage(algorithm, message, keys.privateKey);
    const b = signKzGostMessage(algorithm, message, keys.privateKey);
    expect(a).not.toEqual(b);
    expect(verifyKzGostSignature(algorithm, message, b, keys.publicKey)).toBe(true);
  });

  it('maps e = 0 (mod q) to 1, as the verifier does', () => {
    const zero = new Uint8Array(curve.size);
    expect(verifyKzGostDigest(algorithm, zero, signKzGostDigest(algorithm, zero, keys.privateKey), keys.publicKey)).toBe(true);
    // A digest equal to q read little-endian is also e = 0; only possible when q fits the digest size.
    if (curve.q < 1n << BigInt(8 * curve.size)) {
      const q = bigIntToLittleEndian(curve.q, curve.size);
      expect(verifyKzGostDigest(algorithm, q, signKzGostDigest(algorithm, q, keys.privateKey), keys.publicKey)).toBe(true);
    }
  });

  it('refuses a wrong digest length or an out-of-range key', () => {
    expect(() => signKzGostDigest(algorithm, new Uint8Array(curve.size + 1), keys.privateKey)).toThrow(RangeError);
    expect(() => signKzGostDigest(algorithm, new Uint8Array(curve.size), 0n)).toThrow(RangeError);
    expect(() => signKzGostDigest(algorithm, new Uint8Array(curve.size), curve.q)).toThrow(RangeError);
    expect(() => kzGostPublicKeyFromPrivate(algorithm, curve.q)).toThrow(RangeError);
  });
});

describe('little-endian helpers', () => {
  it('round-trip and reject values that do not fit', () => {
    const v = 0x0102030405n;
    const bytes = bigIntToLittleEndian(v, 8);
    expect(Array.from(bytes)).toEqual([5, 4, 3, 2, 1, 0, 0, 0]);
    expect(littleEndianToBigInt(bytes)).toBe(v);
    expect(() => bigIntToLittleEndian(1n << 64n, 8)).toThrow(RangeError);
  });
});
