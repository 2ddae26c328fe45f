// GOST signature verification throughput: npx ts-node bench/gost-verify.bench.ts [seconds per case]
//
// For each production curve it signs a few messages (test-only signing code below), then measures
// - cached key: the same public key over and over (CA keys, repeat signers), and
// - first-seen key: the key cache is cleared before every verification (one-off signer keys).
// The one-time table for G is built before timing. Then the pure-TypeScript hashes' throughput
// (Streebog-512/256 and GOST R 34.11-94 with the test S-box) over a 4 MiB buffer, best of 5.

import { CRYPTOPRO_A, GostCurve, TC26_512_A } from '../src/signing/gost/curves';
import { clearGostKeyCache, multiplyGostPoint, verifyGost3410 } from '../src/signing/gost/gost-34-10';
import { GostR341194, TEST_SBOX } from '../src/signing/gost/gost-r-34-11-94';
import { Streebog } from '../src/signing/gost/streebog';

interface Case {
  e: bigint;
  r: bigint;
  s: bigint;
}

const seconds = Number(process.argv[2] ?? 3);

// Fixed pseudo-random scalars (not secret): the benchmark only needs valid signatures.
function scalar(curve: GostCurve, seed: number): bigint {
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 10; i++) x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 520n);
  return 1n + (x % (curve.q - 1n));
}

function makeCases(curve: GostCurve, d: bigint, count: number): Case[] {
  const G = { x: curve.gx, y: curve.gy };
  return Array.from({ length: count }, (_, i) => {
    const e = scalar(curve, 1000 + i);
    const k = scalar(curve, 2000 + i);
    const R = multiplyGostPoint(curve, k, G);
    if (!R) throw new Error('unexpected point at infinity');
    const r = R.x % curve.q;
    return { e, r, s: (r * d + k * e) % curve.q };
  });
}

function measure(label: string, run: (i: number) => boolean): void {
  // Warm-up so the JIT has settled.
  for (let i = 0; i < 20; i++) if (!run(i)) throw new Error(`${label}: verification failed`);
  let n = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < limit) {
    if (!run(n)) throw new Error(`${label}: verification failed`);
    n++;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label.padEnd(44)} ${(n / elapsed).toFixed(0).padStart(6)} verifications/s`);
}

const CURVES: readonly [string, GostCurve][] = [
  ['GOST 2015, TC26 512 A', TC26_512_A],
  ['GOST 2004, CryptoPro-A (256)', CRYPTOPRO_A],
];

for (const [name, curve] of CURVES) {
  const d = scalar(curve, 7);
  const Q = multiplyGostPoint(curve, d, { x: curve.gx, y: curve.gy });
  if (!Q) throw new Error('unexpected point at infinity');
  const cases = makeCases(curve, d, 16);
  const t0 = process.hrtime.bigint();
  verifyGost3410(curve, cases[0].e, cases[0].r, cases[0].s, Q);
  const setupMs = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${name}: first call, builds the G table: ${setupMs.toFixed(0)} ms`);
  measure(`${name}, cached key`, (i) => {
    const c = cases[i % cases.length];
    return verifyGost3410(curve, c.e, c.r, c.s, Q);
  });
  measure(`${name}, first-seen key`, (i) => {
    const c = cases[i % cases.length];
    clearGostKeyCache(curve);
    return verifyGost3410(curve, c.e, c.r, c.s, Q);
  });
}
clearGostKeyCache();

const HASH_BYTES = 4 * 1024 * 1024;
const hashInput = new Uint8Array(HASH_BYTES);
for (let i = 0; i < HASH_BYTES; i++) hashInput[i] = (i * 2654435761) >>> 24;
const HASHES: readonly [string, () => { update(data: Uint8Array): unknown; digest(): Uint8Array }][] = [
  ['Streebog-512 (GOST R 34.11-2015)', () => new Streebog(512)],
  ['Streebog-256 (GOST R 34.11-2015)', () => new Streebog(256)],
  ['GOST R 34.11-94, test S-box (GOST 34.311-95)', () => new GostR341194(TEST_SBOX)],
];
for (const [name, create] of HASHES) {
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    const hash = create();
    hash.update(hashInput);
    hash.digest();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  console.log(`${name.padEnd(44)} ${(HASH_BYTES / 1024 / 1024 / best).toFixed(1).padStart(6)} MiB/s`);
}
