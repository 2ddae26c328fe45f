// GOST R 34.10-2012 / GOST R 34.10-2001 / KZ GOST 34.310-2004 signature verification (standard §6.2):
// check 0 < r, s < q; e = hash mod q (1 if 0); v = e^-1 mod q; z1 = s*v, z2 = -r*v mod q;
// C = z1*G + z2*Q; accept iff x(C) mod q = r. Integers only: byte conventions live in kz-gost.ts.
// Nothing here handles secrets, so nothing is constant time.
//
// Speed. BigInt is the only practical big-number type here (a 24-bit-limb Float64Array product was
// 5x slower than a BigInt one); a 512x512-bit BigInt product costs ~0.45 us on the dev VM and every
// other BigInt operation ~0.05-0.1 us, so the work is counted in BigInt operations:
// - Jacobian coordinates, mixed additions with affine table points, no field inversion in the
//   loop: x(C) mod q = r is tested as X = (r + t*q) * Z^2 mod p.
// - p = 2^k - c with small c (all production curves): reduction by two folds, not '%'.
// - Both scalars in width-w NAF, evaluated in one interleaved doubling chain (Shamir's trick).
// - Splitting: NAF digits j*L..j*L+L-1 are applied to the base 2^(j*L)*P, so the chain needs only
//   L = (bits + 1) / 16 doublings. Bases and odd-multiple tables are built once per curve for G
//   (lazily, ~0.1 s and ~2 MB for 512 bits) and once per public key for Q (cached, LRU of 128 keys,
//   ~135 KB per 512-bit key). Widths 7 (Q) and 11 (G) instead of 6 and 10: ~10-15 % more cached-key
//   verifications per second in alternating runs, for twice the memory per key (hence 128 keys).
// - A key seen for the first time is verified with a small table of its own and one full-length
//   doubling chain; its split tables are built on its second use, so one-off signer keys do not pay
//   for them and CA keys pay once.
//
// Measured with bench/gost-verify.bench.ts (node 20, 2-core Xeon dev VM shared with other jobs: the
// same code measures 2-3x lower when the machine is busy, so these are quiet-machine figures):
//   TC26 512 A (GOST 2015):   ~1,900-2,300 verifications/s with a cached key, ~500-640/s first-seen;
//   CryptoPro-A (GOST 2004):  ~5,500-6,700/s cached, ~1,400-1,800/s first-seen.
// The first-seen figure is bound by the ~512 doublings any method needs without precomputation.

import { GostCurve } from './curves';
import { bitLength, modInverse, toWnaf } from './scalar-arithmetic';

export interface GostPoint {
  readonly x: bigint;
  readonly y: bigint;
}

// Number of parts a scalar is split into, and NAF widths for Q (per key) and G (per curve).
const SPLIT_PARTS = 16;
const Q_WINDOW = 7;
const G_WINDOW = 11;
// Narrower table for a first-seen key: its cost is paid by one verification only.
const Q_COLD_WINDOW = 5;
// The split tables of a key are built on this use (counting from 1).
const HOT_AFTER_USES = 2;
const KEY_CACHE_SIZE = 128;

// Accumulator in Jacobian coordinates: (X/Z^2, Y/Z^3), or the point at infinity.
interface Jacobian {
  x: bigint;
  y: bigint;
  z: bigint;
  inf: boolean;
}

// Odd multiples (2i+1)*B, i = 0..n-1, in canonical affine coordinates; negYs = p - ys, so a
// negative NAF digit costs nothing extra.
interface OddMultiples {
  readonly xs: readonly bigint[];
  readonly ys: readonly bigint[];
  readonly negYs: readonly bigint[];
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

// Arithmetic on one curve plus its lazily built G tables and per-key cache.
//
// Field elements are always canonical, in [0, p): V8 multiplies a 512-bit BigInt (8 digits) ~40%
// faster than a 513-bit one (9 digits), and a negative operand costs extra too, so sums and
// differences are corrected with one compare instead of being left loose. Expressions that
// subtract inside a double-width value add a multiple of p (p2, p3, pp, pp8) to stay non-negative.
class CurveEngine {
  private readonly p: bigint;
  private readonly q: bigint;
  private readonly a: bigint;
  private readonly aIsMinus3: boolean;
  private readonly p2: bigint;
  private readonly p3: bigint;
  private readonly pp: bigint;
  private readonly pp8: bigint;
  // p = 2^k - c with 0 < c < 2^16 (all production curves); c = 0n selects plain '%' reduction.
  private readonly k: bigint = 0n;
  private readonly mask: bigint = 0n;
  private readonly c: bigint = 0n;
  // Digits per scalar: bit length of q plus one for the NAF carry.
  private readonly digits: number;
  private readonly span: number;
  private gTable?: SplitTable;
  private readonly keys = new Map<string, PreparedKey>();

  constructor(readonly curve: GostCurve) {
    const { p } = curve;
    this.p = p;
    this.q = curve.q;
    this.a = ((curve.a % p) + p) % p;
    this.aIsMinus3 = this.a === p - 3n;
    this.p2 = 2n * p;
    this.p3 = 3n * p;
    this.pp = p * p;
    this.pp8 = 8n * p * p;
    const k = bitLength(p);
    const c = (1n << BigInt(k)) - p;
    if (c < 1n << 16n) {
      this.k = BigInt(k);
      this.mask = (1n << BigInt(k)) - 1n;
      this.c = c;
    }
    this.digits = bitLength(curve.q) + 1;
    this.span = Math.ceil(this.digits / SPLIT_PARTS);
  }

  // x mod p for 0 <= x < 2^(2k+8). With x = hi*2^k + lo and 2^k = c (mod p), x = lo + hi*c:
  // the first fold leaves < 2^(k+25), the second < 2^k + 2^41, one subtraction finishes.
  private red(x: bigint): bigint {
    const c = this.c;
    if (c === 0n) return x % this.p;
    const k = this.k;
    const mask = this.mask;
    x = (x & mask) + (x >> k) * c;
    x = (x & mask) + (x >> k) * c;
    return x >= this.p ? x - this.p : x;
  }

  private add(a: bigint, b: bigint): bigint {
    const s = a + b;
    return s >= this.p ? s - this.p : s;
  }

  private sub(a: bigint, b: bigint): bigint {
    const d = a - b;
    return d < 0n ? d + this.p : d;
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
    const S = this.red((X * YY) << 2n);
    const ZZ = this.red(Z * Z);
    const M = this.aIsMinus3
      ? this.red(this.sub(X, ZZ) * this.add(X, ZZ) * 3n)
      : this.red(X * X * 3n + this.a * this.red(ZZ * ZZ));
    // 2S < 2p and 8*YY^2 < 8p^2, so the added multiples keep both sides non-negative.
    const X3 = this.red(M * M + this.p2 - (S << 1n));
    P.y = this.red(M * this.sub(S, X3) + this.pp8 - ((YY * YY) << 3n));
    P.z = this.red((Y * Z) << 1n);
    P.x = X3;
    // Y = 0 means a point of order 2; impossible in the prime-order subgroup, kept for exactness.
    if (P.z === 0n) P.inf = true;
  }

  // P = P + (x2, y2) in place, (x2, y2) affine and canonical.
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
    const H = this.sub(this.red(x2 * Z1Z1), X1);
    const R = this.sub(this.red(y2 * this.red(Z1 * Z1Z1)), Y1);
    if (H === 0n) {
      // Same x: either the same point (double it) or its negative (sum is O).
      if (R === 0n) this.dbl(P);
      else P.inf = true;
      return;
    }
    const HH = this.red(H * H);
    const HHH = this.red(H * HH);
    const V = this.red(X1 * HH);
    // HHH + 2V < 3p and Y1*HHH < p^2.
    const X3 = this.red(R * R + this.p3 - HHH - (V << 1n));
    P.y = this.red(R * this.sub(V, X3) + this.pp - Y1 * HHH);
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
      acc = this.red(acc * points[i].z);
      prefix[i] = acc;
    }
    let inv = modInverse(acc, p);
    const out: GostPoint[] = new Array<GostPoint>(n);
    for (let i = n - 1; i >= 0; i--) {
      const zInv = i > 0 ? this.red(inv * prefix[i - 1]) : inv;
      inv = this.red(inv * points[i].z);
      const zz = this.red(zInv * zInv);
      out[i] = { x: this.red(points[i].x * zz), y: this.red(points[i].y * this.red(zz * zInv)) };
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
      return { xs: slice.map((P) => P.x), ys: slice.map((P) => P.y), negYs: slice.map((P) => this.p - P.y) };
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

  // Sum over terms of scalar * base, where a term's NAF digit i is applied to part floor(i / span)
  // of its table at chain position i mod span. All terms share one chain of `span` doublings.
  private evaluate(span: number, terms: readonly { wnaf: Int16Array; parts: readonly OddMultiples[] }[]): Jacobian {
    const acc: Jacobian = { x: 0n, y: 0n, z: 0n, inf: true };
    for (let pos = span - 1; pos >= 0; pos--) {
      this.dbl(acc);
      for (const { wnaf, parts } of terms) {
        for (let j = 0; j < parts.length; j++) {
          // Every NAF has parts.length * span digits, so the index is in range.
          const d = wnaf[j * span + pos];
          if (d === 0) continue;
          const t = parts[j];
          if (d > 0) this.madd(acc, t.xs[(d - 1) >> 1], t.ys[(d - 1) >> 1]);
          else this.madd(acc, t.xs[(-d - 1) >> 1], t.negYs[(-d - 1) >> 1]);
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
      if (!key.hot) {
        key.hot = this.splitTable(key.point, Q_WINDOW);
        key.cold = undefined;
      }
      const g = this.generatorTable();
      const length = SPLIT_PARTS * this.span;
      C = this.evaluate(this.span, [
        { wnaf: toWnaf(z1, g.width, length), parts: g.parts },
        { wnaf: toWnaf(z2, key.hot.width, length), parts: key.hot.parts },
      ]);
    } else {
      key.cold ??= this.oddMultiples([key.point], Q_COLD_WINDOW)[0];
      C = this.evaluate(this.digits, [
        // Part 0 of the split table holds the odd multiples of G itself.
        { wnaf: toWnaf(z1, G_WINDOW, this.digits), parts: [this.generatorTable().parts[0]] },
        { wnaf: toWnaf(z2, Q_COLD_WINDOW, this.digits), parts: [key.cold] },
      ]);
    }
    if (C.inf) return false;
    // x(C) = X/Z^2 lies in [0, p); x(C) mod q = r iff X = (r + t*q) * Z^2 for some r + t*q < p.
    const zz = this.red(C.z * C.z);
    for (let cand = r; cand < p; cand += q) {
      if (this.red(cand * zz) === C.x) return true;
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
// public key that is not a point of the curve's order-q subgroup. The point at infinity has no
// affine form; (0, 0), its usual stand-in, is not on any of these curves (b != 0).
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
