// GOST 34.10 signing with the Kazakh byte conventions (kz-pki.md §2.3), for the keys of our own
// test PKI only (src/signing/test-pki). Real NCA keys never leave Kalkan, and their PKCS#8 value
// is not the plain scalar anyway (kz-pki.md §2.3 caveat), so production never signs GOST here.
// The point multiplication is the verifier's variable-time double-and-add: it leaks the scalar
// through timing, which is acceptable for throwaway test keys and nothing else.

import { randomBytes } from 'node:crypto';
import { GostCurve } from './curves';
import { multiplyGostPoint } from './gost-34-10';
import { KzGostAlgorithm, kzGostCurve, kzGostDigest } from './kz-gost';

export interface KzGostKeyPair {
  readonly algorithm: KzGostAlgorithm;
  // The scalar d, 1 <= d < q.
  readonly privateKey: bigint;
  // x_LE || y_LE, as inside the SPKI OCTET STRING.
  readonly publicKey: Uint8Array;
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

// Uniform in [1, q-1] by rejection: draw bitLength(q) random bits until the value fits.
function randomScalar(q: bigint): bigint {
  const bits = bitLength(q);
  const bytes = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const k = BigInt(`0x${randomBytes(bytes).toString('hex')}`) & mask;
    if (k > 0n && k < q) return k;
  }
}

export function bigIntToLittleEndian(value: bigint, size: number): Uint8Array {
  if (value < 0n || bitLength(value) > size * 8) throw new RangeError(`value does not fit in ${size} bytes`);
  const out = new Uint8Array(size);
  let v = value;
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function littleEndianToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

function baseMultiply(curve: GostCurve, k: bigint): { x: bigint; y: bigint } {
  const point = multiplyGostPoint(curve, k, { x: curve.gx, y: curve.gy });
  // k is in [1, q-1] and G has order q, so k*G is never the point at infinity.
  if (!point) throw new Error('internal: k*G is the point at infinity');
  return point;
}

// Q = d*G encoded x_LE || y_LE. Throws for d outside [1, q-1].
export function kzGostPublicKeyFromPrivate(algorithm: KzGostAlgorithm, privateKey: bigint): Uint8Array {
  const curve = kzGostCurve(algorithm);
  if (privateKey <= 0n || privateKey >= curve.q) throw new RangeError('GOST private key must be in [1, q-1]');
  const Q = baseMultiply(curve, privateKey);
  const out = new Uint8Array(2 * curve.size);
  out.set(bigIntToLittleEndian(Q.x, curve.size), 0);
  out.set(bigIntToLittleEndian(Q.y, curve.size), curve.size);
  return out;
}

export function generateKzGostKeyPair(algorithm: KzGostAlgorithm): KzGostKeyPair {
  const d = randomScalar(kzGostCurve(algorithm).q);
  return { algorithm, privateKey: d, publicKey: kzGostPublicKeyFromPrivate(algorithm, d) };
}

// GOST R 34.10-2012 §6.1 over a precomputed digest; returns r_LE || s_LE. The digest is the hash
// output as produced by createKzGostHash/kzGostDigest (Streebog or GOST R 34.11-94 bytes).
export function signKzGostDigest(algorithm: KzGostAlgorithm, digest: Uint8Array, privateKey: bigint): Uint8Array {
  const curve = kzGostCurve(algorithm);
  const { q, size } = curve;
  if (digest.length !== size) throw new RangeError(`${algorithm}: digest must be ${size} bytes, got ${digest.length}`);
  if (privateKey <= 0n || privateKey >= q) throw new RangeError('GOST private key must be in [1, q-1]');
  let e = littleEndianToBigInt(digest) % q;
  if (e === 0n) e = 1n;
  for (;;) {
    const k = randomScalar(q);
    const r = baseMultiply(curve, k).x % q;
    if (r === 0n) continue;
    const s = (r * privateKey + k * e) % q;
    if (s === 0n) continue;
    const out = new Uint8Array(2 * size);
    out.set(bigIntToLittleEndian(r, size), 0);
    out.set(bigIntToLittleEndian(s, size), size);
    return out;
  }
}

export function signKzGostMessage(algorithm: KzGostAlgorithm, message: Uint8Array, privateKey: bigint): Uint8Array {
  return signKzGostDigest(algorithm, kzGostDigest(algorithm, message), privateKey);
}
