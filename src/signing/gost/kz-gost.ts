// Kazakh (NCA RK) GOST signature conventions on top of the integer-level verifier (kz-pki.md §2.3):
// - public key: x_LE || y_LE (32 or 64 bytes each), inside the SPKI BIT STRING as an OCTET STRING;
// - signature: r_LE || s_LE, i.e. the byte reversal of the RFC 4491 encoding (s_BE || r_BE);
// - e: the digest bytes, as output by the hash, read as a little-endian integer;
// - hashes: Streebog-512/256 for GOST 34.10-2015, GOST R 34.11-94 with the *test* S-box for
//   GOST 34.310-2004 (GOST 34.311-95), not the CryptoPro S-box of Russian CMS.

import { CRYPTOPRO_A, GostCurve, TC26_256_A, TC26_512_A } from './curves';
import { GostPoint, verifyGost3410 } from './gost-34-10';
import { GostR341194, TEST_SBOX } from './gost-r-34-11-94';
import { Streebog } from './streebog';

export type KzGostAlgorithm = 'gost2015-512' | 'gost2015-256' | 'gost2004';

export interface KzGostHash {
  update(data: Uint8Array): KzGostHash;
  digest(): Uint8Array;
}

interface KzGostProfile {
  readonly curve: GostCurve;
  readonly createHash: () => { update(data: Uint8Array): unknown; digest(): Uint8Array };
}

const PROFILES: Readonly<Record<KzGostAlgorithm, KzGostProfile>> = {
  'gost2015-512': { curve: TC26_512_A, createHash: () => new Streebog(512) },
  // Curve mapping for 2015-256 is third-party information only (no KZ 256-bit vector seen).
  'gost2015-256': { curve: TC26_256_A, createHash: () => new Streebog(256) },
  gost2004: { curve: CRYPTOPRO_A, createHash: () => new GostR341194(TEST_SBOX) },
};

// Signature algorithm OIDs (certificates, CRLs, OCSP, CMS signatureAlgorithm), kz-pki.md §2.1.
export const KZ_GOST_SIGNATURE_ALGORITHMS: ReadonlyMap<string, KzGostAlgorithm> = new Map([
  ['1.2.398.3.10.1.1.2.3.2', 'gost2015-512'],
  ['1.2.398.3.10.1.1.2.3.1', 'gost2015-256'],
  ['1.2.398.3.10.1.1.1.2', 'gost2004'],
  // Older OID for GOST 34.310-2004 signatures (registry; used by a TSA policy).
  ['1.3.6.1.4.1.6801.1.2.2', 'gost2004'],
]);

// CMS digestAlgorithm OIDs: the hash of the algorithm with the same name.
export const KZ_GOST_DIGEST_ALGORITHMS: ReadonlyMap<string, KzGostAlgorithm> = new Map([
  ['1.2.398.3.10.1.3.3', 'gost2015-512'],
  ['1.2.398.3.10.1.3.2', 'gost2015-256'],
  ['1.2.398.3.10.1.3.1', 'gost2004'],
]);

// SubjectPublicKeyInfo algorithm OIDs.
export const KZ_GOST_PUBLIC_KEY_ALGORITHMS: ReadonlyMap<string, KzGostAlgorithm> = new Map([
  ['1.2.398.3.10.1.1.2.2', 'gost2015-512'],
  ['1.2.398.3.10.1.1.2.1', 'gost2015-256'],
  ['1.2.398.3.10.1.1.1.1', 'gost2004'],
]);

export function kzGostCurve(algorithm: KzGostAlgorithm): GostCurve {
  return PROFILES[algorithm].curve;
}

// Incremental hash for documents that are hashed as a stream; feed the digest to verifyKzGostDigest.
export function createKzGostHash(algorithm: KzGostAlgorithm): KzGostHash {
  const inner = PROFILES[algorithm].createHash();
  const hash: KzGostHash = {
    update(data) {
      inner.update(data);
      return hash;
    },
    digest: () => inner.digest(),
  };
  return hash;
}

export function kzGostDigest(algorithm: KzGostAlgorithm, message: Uint8Array): Uint8Array {
  return createKzGostHash(algorithm).update(message).digest();
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function littleEndianToBigInt(bytes: Uint8Array, start: number, end: number): bigint {
  let hex = '0x0';
  for (let i = end - 1; i >= start; i--) hex += HEX[bytes[i]];
  return BigInt(hex);
}

// x_LE || y_LE -> point; undefined for a wrong length (the curve check happens in verification).
export function decodeKzGostPublicKey(algorithm: KzGostAlgorithm, publicKey: Uint8Array): GostPoint | undefined {
  const n = PROFILES[algorithm].curve.size;
  if (publicKey.length !== 2 * n) return undefined;
  return { x: littleEndianToBigInt(publicKey, 0, n), y: littleEndianToBigInt(publicKey, n, 2 * n) };
}

// The SPKI BIT STRING of a KZ GOST key holds a DER OCTET STRING with x_LE || y_LE; returns its content.
export function unwrapKzGostPublicKey(subjectPublicKey: Uint8Array): Uint8Array {
  if (subjectPublicKey.length < 2 || subjectPublicKey[0] !== 0x04)
    throw new RangeError('GOST public key: expected an OCTET STRING');
  let length = subjectPublicKey[1];
  let offset = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 2) throw new RangeError('GOST public key: unsupported length encoding');
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | (subjectPublicKey[offset + i] ?? 0);
    offset += count;
  }
  if (offset + length !== subjectPublicKey.length) throw new RangeError('GOST public key: length mismatch');
  return subjectPublicKey.subarray(offset);
}

// digest: the hash output bytes (e.g. from createKzGostHash); signature: r_LE || s_LE;
// publicKey: x_LE || y_LE. A malformed signature or key gives false; a digest of the wrong length
// is a caller bug and throws.
export function verifyKzGostDigest(
  algorithm: KzGostAlgorithm,
  digest: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  const { curve } = PROFILES[algorithm];
  const n = curve.size;
  if (digest.length !== n) throw new RangeError(`${algorithm}: digest must be ${n} bytes, got ${digest.length}`);
  if (signature.length !== 2 * n) return false;
  const Q = decodeKzGostPublicKey(algorithm, publicKey);
  if (!Q) return false;
  const e = littleEndianToBigInt(digest, 0, n);
  const r = littleEndianToBigInt(signature, 0, n);
  const s = littleEndianToBigInt(signature, n, 2 * n);
  return verifyGost3410(curve, e, r, s, Q);
}

export function verifyKzGostSignature(
  algorithm: KzGostAlgorithm,
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  return verifyKzGostDigest(algorithm, kzGostDigest(algorithm, message), signature, publicKey);
}
