// GOST R 34.10-2012 / GOST R 34.10-2001 / KZ GOST 34.310-2004 signature verification (standard §6.2):
// check 0 < r, s < q; e = hash mod q (1 if 0); v = e^-1 mod q; z1 = s*v, z2 = -r*v mod q;
// C = z1*G + z2*Q; accept iff x(C) mod q = r. Integers only: byte conventions live in kz-gost.ts.
//
// Speed (BigInt; a 512x512-bit BigInt product alone costs ~0.45 us on this VM):
// - Jacobian coordinates, mixed additions with affine table points, no field inversion in the loop
//   (x(C) mod q = r is tested as X = r*Z^2 mod p).
// - Pseudo-Mersenne reduction for p = 2^k -/+ c (all production curves): two folds instead of '%'.
//   Field elements are kept only loosely reduced, possibly negative, |v| < 2^(k+1) after each
//   reduction; they are made canonical only where compared.
// - Both scalars in width-w NAF, evaluated in one interleaved doubling chain (Shamir's trick).
// - Splitting: scalar digits at positions j*L..j*L+L-1 are applied to the base 2^(j*L)*P, so the
//   chain needs only L = (bits+1)/8 doublings. The bases and their odd-multiple tables are computed
//   once per curve for G (lazily) and once per public key for Q (cached, LRU of 256 keys).
// - A key seen for the first time is verified without the split tables (one 512-doubling chain);
//   the split tables are built on its second use, so one-off signer keys do not pay for them.
//
// Measured with bench/gost-verify.bench.ts (node 20, 2-core Xeon dev VM):
//   TC26 512 A, cached key: ~470 verifications/s; first-seen key: ~160/s.
//   CryptoPro-A (256), cached key: ~1,600/s; first-seen key: ~650/s.
// See the benchmark output for the current figures.

import { GostCurve } from './curves';

export interface GostPoint {
  readonly x: bigint;
  readonly y: bigint;
}

// Number of parts a scalar is split into, and NAF widths for Q (per key) and G (per curve).
const SPLIT_PARTS = 16;
const Q_WINDOW = 6;
const G_WINDOW = 10;
// Narrower table for a first-seen key: its cost is paid by one verification only.
const Q_COLD_WINDOW = 5;
// The split tables of a key are built on this use (counting from 1).
const HOT_AFTER_USES = 2;
const KEY_CACHE_SIZE = 256;

// Accumulator in Jacobian coordinates: (X/Z^2, Y/Z^3), or the point at infinity.
interface Jacobian {
  x: bigint;
  y: bigint;
  z: bigint;
  inf: boolean;
}

// Odd multiples (2i+1)*B, i = 0..n-1, in canonical affine coordinates.
interface OddMultiples {
  readonly xs: readonly bigint[];
  readonly ys: readonly bigint[];
}

// parts[j] holds the odd multiples of 2^(j*span)*B.
interface SplitTable {
  readonly span: number;
  readonly width: number;
  readonly parts: readonly OddMultiples[];
}

interface PreparedKey {
  readonly point: GostPoint;
  uses: number;
  cold?: OddMultiples;
  hot?: SplitTable;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

// Extended Euclid; a must be in [1, m) and coprime to m.
function modInverse(a: bigint, m: bigint): bigint {
  let r0 = a;
  let r1 = m;
  let s0 = 1n;
  let s1 = 0n;
  while (r1 !== 0n) {
    const t = r0 / r1;
    const r2 = r0 - t * r1;
    r0 = r1;
    r1 = r2;
    const s2 = s0 - t * s1;
    s0 = s1;
    s1 = s2;
  }
  if (r0 !== 1n) throw new RangeError('value is not invertible');
  return s0 < 0n ? s0 + m : s0;
}

// Width-w NAF of k >= 0: digits are 0 or odd with |d| < 2^(w-1), and of any w consecutive digits at
// most one is nonzero. Digit i has weight 2^i; length must be at least bitLength(k) + 1.
function toWnaf(k: bigint, w: number, length: number): Int16Array {
  const bin = k.toString(2);
  if (bin.length >= length) throw new RangeError('scalar too long for its NAF');
  // Room for the carry a negative digit pushes past the top bit.
  const bits = new Uint8Array(length + w + 1);
  for (let i = 0; i < bin.length; i++) bits[i] = bin.charCodeAt(bin.length - 1 - i) - 48;
  const out = new Int16Array(length);
  const full = 1 << w;
  const half = full >> 1;
  for (let i = 0; i < bits.length; ) {
    if (bits[i] === 0) {
      i++;
      continue;
    }
    let v = 0;
    for (let j = 0; j < w; j++) {
      v |= bits[i + j] << j;
      bits[i + j] = 0;
    }
    if (v >= half) {
      // k - v with v negative: add 2^w at position i + w.
      v -= full;
      let c = i + w;
      while (bits[c] === 1) bits[c++] = 0;
      bits[c] = 1;
    }
    if (i >= length) throw new RangeError('scalar too long for its NAF');
    out[i] = v;
    i += w;
  }
  return out;
}

// Arithmetic on one curve plus its lazily built G tables and per-key cache.
class CurveEngine {
  private readonly p: bigint;
  private readonly q: bigint;
  private readonly a: bigint;
  private readonly aIsMinus3: boolean;
  // p = 2^k - c with |c| small (c may be negative); c = 0n selects plain '%' reduction.
  private readonly k: bigint = 0n;
  private readonly mask: bigint = 0n;
  private readonly c: bigint = 0n;
  // Digits per scalar: bit length of q plus one for the NAF carry.
  private readonly digits: number;
  private readonly span: number;
  private gTable?: SplitTable;
  private gCold?: OddMultiples;
  private readonly keys = new Map<string, PreparedKey>();

  constructor(readonly curve: GostCurve) {
    this.p = curve.p;
    this.q = curve.q;
    this.a = ((curve.a % curve.p) + curve.p) % curve.p;
    this.aIsMinus3 = this.a === curve.p - 3n;
    const bits = bitLength(curve.p);
    // Try p = 2^bits - c (c > 0) and p = 2^(bits-1) - c (c < 0, e.g. 2^255 + 1073).
    for (const k of [bits, bits - 1]) {
      const c = (1n << BigInt(k)) - curve.p;
      if (c < 1n << 32n && -c < 1n << 32n) {
        this.k = BigInt(k);
        this.mask = (1n << BigInt(k)) - 1n;
        this.c = c;
        break;
      }
    }
    this.digits = bitLength(curve.q) + 1;
    this.span = Math.ceil(this.digits / SPLIT_PARTS);
  }

  // Loose reduction: for |x| < 2^(2k+12) the result is congruent to x mod p with |result| < 2^(k+1).
  // With x = hi*2^k + lo (hi = x >> k floors, lo = x & mask in [0, 2^k)) and 2^k = c mod p,
  // x = lo + hi*c; two folds shrink |hi| from ~2^(k+12) to below 2^50.
  private red(x: bigint): bigint {
    const c = this.c;
    if (c === 0n) return x % this.p;
    const k = this.k;
    const mask = this.mask;
    x = (x & mask) + (x >> k) * c;
    return (x & mask) + (x >> k) * c;
  }

  private canon(x: bigint): bigint {
    const r = x % this.p;
    return r < 0n ? r + this.p : r;
  }

  isOnCurve(P: GostPoint): boolean {
    const { p } = this;
    if (P.x < 0n || P.x >= p || P.y < 0n || P.y >= p) return false;
    return (P.y * P.y - (P.x * P.x * P.x + this.a * P.x + this.curve.b)) % p === 0n;
  }

  // P = 2P in place (dbl-2001-b for a = -3, dbl-2007-bl shape otherwise; Z3 = 2YZ).
  private dbl(P: Jacobian): void {
    if (P.inf) return;
    const { x: X, y: Y, z: Z } = P;
    const YY = this.red(Y * Y);
    const S = this.red(X * YY) << 2n;
    const ZZ = this.red(Z * Z);
    const M = this.aIsMinus3
      ? this.red((X - ZZ) * (X + ZZ) * 3n)
      : this.red(X * X * 3n + this.a * this.red(ZZ * ZZ));
    const X3 = this.red(M * M - (S << 1n));
    P.y = this.red(M * (S - X3) - (this.red(YY * YY) << 3n));
    P.z = this.red(Y * Z) << 1n;
    P.x = X3;
    // Y = 0 means a point of order 2; impossible in the prime-order subgroup, kept for exactness.
    if (P.z % this.p === 0n) P.inf = true;
  }

  // P = P + (x2, y2) in place, (x2, y2) affine (y2 may be a negated table value).
  private madd(P: Jacobian, x2: bigint, y2: bigint): void {
    if (P.inf) {
      P.x = x2;
      P.y = y2;
      P.z = 1n;
      P.inf = false;
      return;
    }
    const { x: X1, y: Y1, z: Z1 } = P;
    const Z1Z1 = this.red(Z1 * Z1);
    const H = this.red(x2 * Z1Z1) - X1;
    const R = this.red(y2 * this.red(Z1 * Z1Z1)) - Y1;
    if (H % this.p === 0n) {
      // Same x: either the same point (double it) or its negative (sum is O).
      if (R % this.p === 0n) this.dbl(P);
      else P.inf = true;
      return;
    }
    const HH = this.red(H * H);
    const HHH = this.red(H * HH);
    const V = this.red(X1 * HH);
    const X3 = this.red(R * R - HHH - (V << 1n));
    P.y = this.red(R * (V - X3) - Y1 * HHH);
    P.z = this.red(Z1 * H);
    P.x = X3;
  }

  // Canonical affine coordinates of Jacobian points with one field inversion (Montgomery's trick).
  private normalize(points: readonly Jacobian[]): GostPoint[] {
    const { p } = this;
    const n = points.length;
    const prefix: bigint[] = new Array<bigint>(n);
    let acc = 1n;
    for (let i = 0; i < n; i++) {
      if (points[i].inf) throw new Error('internal: point at infinity in a precomputed table');
      acc = this.canon(acc * points[i].z);
      prefix[i] = acc;
    }
    let inv = modInverse(acc, p);
    const out: GostPoint[] = new Array<GostPoint>(n);
    for (let i = n - 1; i >= 0; i--) {
      const zInv = i > 0 ? this.canon(inv * prefix[i - 1]) : inv;
      inv = this.canon(inv * points[i].z);
      const zz = this.canon(zInv * zInv);
      out[i] = { x: this.canon(points[i].x * zz), y: this.canon(points[i].y * this.canon(zz * zInv)) };
    }
    return out;
  }

  // Odd multiples B, 3B, ..., (2^(w-1) - 1)B of each base, all normalized together.
  private oddMultiples(bases: readonly GostPoint[], w: number): OddMultiples[] {
    const count = 1 << (w - 2);
    const twice = this.normalize(
      bases.map((b) => {
        const J: Jacobian = { x: b.x, y: b.y, z: 1n, inf: false };
        this.dbl(J);
        return J;
      }),
    );
    const jac: Jacobian[] = [];
    bases.forEach((b, j) => {
      const J: Jacobian = { x: b.x, y: b.y, z: 1n, inf: false };
      jac.push({ ...J });
      for (let i = 1; i < count; i++) {
        this.madd(J, twice[j].x, twice[j].y);
        jac.push({ ...J });
      }
    });
    const flat = this.normalize(jac);
    return bases.map((_, j) => {
      const slice = flat.slice(j * count, (j + 1) * count);
      return { xs: slice.map((P) => P.x), ys: slice.map((P) => P.y) };
    });
  }

  private splitTable(B: GostPoint, w: number): SplitTable {
    const bases: Jacobian[] = [{ x: B.x, y: B.y, z: 1n, inf: false }];
    for (let j = 1; j < SPLIT_PARTS; j++) {
      const J = { ...bases[j - 1] };
      for (let i = 0; i < this.span; i++) this.dbl(J);
      bases.push(J);
    }
    return { span: this.span, width: w, parts: this.oddMultiples(this.normalize(bases), w) };
  }

  private generatorTable(): SplitTable {
    this.gTable ??= this.splitTable({ x: this.curve.gx, y: this.curve.gy }, G_WINDOW);
    return this.gTable;
  }

  private generatorCold(): OddMultiples {
    // Part 0 of the split table holds the odd multiples of G itself.
    this.gCold ??= this.generatorTable().parts[0];
    return this.gCold;
  }

  // sum over terms of scalar * base, where a term's NAF digit i is applied to part floor(i / span)
  // of its table at chain position i mod span. All terms share one chain of `span` doublings.
  private evaluate(span: number, terms: readonly { wnaf: Int16Array; parts: readonly OddMultiples[] }[]): Jacobian {
    const acc: Jacobian = { x: 0n, y: 0n, z: 0n, inf: true };
    for (let pos = span - 1; pos >= 0; pos--) {
      this.dbl(acc);
      for (const { wnaf, parts } of terms) {
        for (let j = 0; j < parts.length; j++) {
          const i = j * span + pos;
          if (i >= wnaf.length) break;
          const d = wnaf[i];
          if (d === 0) continue;
          const t = parts[j];
          if (d > 0) this.madd(acc, t.xs[(d - 1) >> 1], t.ys[(d - 1) >> 1]);
          else this.madd(acc, t.xs[(-d - 1) >> 1], -t.ys[(-d - 1) >> 1]);
        }
      }
    }
    return acc;
  }

  // Validated, cached per-key state; undefined when Q is not a valid public key.
  private prepare(Q: GostPoint): PreparedKey | undefined {
    const id = `${Q.x.toString(16)},${Q.y.toString(16)}`;
    let key = this.keys.get(id);
    if (key) {
      // Map order is insertion order: re-inserting marks the key as most recently used.
      this.keys.delete(id);
      this.keys.set(id, key);
      return key;
    }
    if (!this.isOnCurve(Q)) return undefined;
    // With a cofactor the point must also lie in the order-q subgroup.
    if (this.curve.cofactor !== 1n && this.multiply(this.q, Q) !== null) return undefined;
    key = { point: { x: Q.x, y: Q.y }, uses: 0 };
    this.keys.set(id, key);
    if (this.keys.size > KEY_CACHE_SIZE) {
      const oldest = this.keys.keys().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    return key;
  }

  verify(e: bigint, r: bigint, s: bigint, Q: GostPoint): boolean {
    const { q, p } = this;
    if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
    const key = this.prepare(Q);
    if (!key) return false;
    let eq = ((e % q) + q) % q;
    if (eq === 0n) eq = 1n;
    const v = modInverse(eq, q);
    const z1 = (s * v) % q;
    const z2 = q - ((r * v) % q);

    key.uses++;
    let C: Jacobian;
    if (key.hot || key.uses >= HOT_AFTER_USES) {
      key.hot ??= this.splitTable(key.point, Q_WINDOW);
      const g = this.generatorTable();
      const length = SPLIT_PARTS * this.span;
      C = this.evaluate(this.span, [
        { wnaf: toWnaf(z1, g.width, length), parts: g.parts },
        { wnaf: toWnaf(z2, key.hot.width, length), parts: key.hot.parts },
      ]);
    } else {
      key.cold ??= this.oddMultiples([key.point], Q_COLD_WINDOW)[0];
      C = this.evaluate(this.digits, [
        { wnaf: toWnaf(z1, G_WINDOW, this.digits), parts: [this.generatorCold()] },
        { wnaf: toWnaf(z2, Q_COLD_WINDOW, this.digits), parts: [key.cold] },
      ]);
    }
    if (C.inf) return false;
    // x(C) = X/Z^2 lies in [0, p); x(C) mod q = r iff X = (r + t*q) * Z^2 for some r + t*q < p.
    const zz = this.red(C.z * C.z);
    for (let cand = r; cand < p; cand += q) {
      if ((C.x - cand * zz) % p === 0n) return true;
    }
    return false;
  }

  // k*P by plain double-and-add; null is the point at infinity. Not constant time: verification only.
  multiply(k: bigint, P: GostPoint): GostPoint | null {
    if (k < 0n) throw new RangeError('scalar must be non-negative');
    const acc: Jacobian = { x: 0n, y: 0n, z: 0n, inf: true };
    const bin = k.toString(2);
    for (let i = 0; i < bin.length; i++) {
      this.dbl(acc);
      if (bin.charCodeAt(i) === 49) this.madd(acc, P.x, P.y);
    }
    return acc.inf ? null : this.normalize([acc])[0];
  }

  clearKeys(): void {
    this.keys.clear();
  }
}

// One engine per curve object; curves are a handful of module constants.
const engines = new Map<GostCurve, CurveEngine>();

function engineFor(curve: GostCurve): CurveEngine {
  let engine = engines.get(curve);
  if (!engine) {
    engine = new CurveEngine(curve);
    engines.set(curve, engine);
  }
  return engine;
}

// e: the hash as an integer (already converted with the protocol's byte order); r, s: the signature
// halves as integers; Q: the signer's public key. Returns false for any invalid input, including a
// public key that is not a point of the curve's order-q subgroup.
export function verifyGost3410(curve: GostCurve, e: bigint, r: bigint, s: bigint, Q: GostPoint): boolean {
  return engineFor(curve).verify(e, r, s, Q);
}

export function isOnGostCurve(curve: GostCurve, P: GostPoint): boolean {
  return engineFor(curve).isOnCurve(P);
}

// k*P (null = the point at infinity). P must be on the curve. Variable time: never use with secrets.
export function multiplyGostPoint(curve: GostCurve, k: bigint, P: GostPoint): GostPoint | null {
  const engine = engineFor(curve);
  if (!engine.isOnCurve(P)) throw new RangeError('point is not on the curve');
  return engine.multiply(k, P);
}

// Drops the per-key precomputation (benchmarks of first-seen keys; memory pressure).
export function clearGostKeyCache(curve?: GostCurve): void {
  if (curve) engines.get(curve)?.clearKeys();
  else for (const engine of engines.values()) engine.clearKeys();
}
