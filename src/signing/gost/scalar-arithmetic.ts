// Scalar arithmetic of the GOST 34.10 verifier (gost-34-10.ts): modular inverses mod q and the
// width-w NAF the interleaved doubling chain consumes.

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

// Plain extended Euclid; a in [1, m), coprime to m.
function euclidInverse(a: bigint, m: bigint): bigint {
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

// floor(u / v) for integers |u| < 2^52, 0 < v < 2^52: the float quotient can be off by one.
function floorDiv(u: number, v: number): number {
  let q = Math.floor(u / v);
  if (q * v > u) q--;
  else if ((q + 1) * v <= u) q++;
  return q;
}

// a^-1 mod m by Lehmer's extended Euclid (Knuth, TAOCP vol. 2, 4.5.2, Algorithm L): Euclid steps are
// simulated on the leading ~48 bits in floating point (exact below 2^53) while both bracketing
// quotients agree, then applied to the BigInts as one 2x2 matrix. Three times faster than plain
// Euclid for 512-bit values (~40 us vs ~130 us here), and each verification needs one inversion.
// Invariant: r0 = s0*a and r1 = s1*a (mod m), and every matrix is a product of Euclid steps, so
// r0 = 1 at the end proves s0 is the inverse; anything else falls back to plain Euclid.
export function modInverse(a: bigint, m: bigint): bigint {
  let r0 = m;
  let r1 = a;
  let s0 = 0n;
  let s1 = 1n;
  while (r1 !== 0n) {
    // Number(r0) is finite and its log2 within one of the bit length for m < 2^1000.
    const shift = BigInt(Math.max(0, Math.floor(Math.log2(Number(r0))) - 47));
    let x = Number(r0 >> shift);
    let y = Number(r1 >> shift);
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    while (y + C > 0 && y + D > 0) {
      const q = floorDiv(x + A, y + C);
      if (q !== floorDiv(x + B, y + D)) break;
      const t = A - q * C;
      A = C;
      C = t;
      const u = B - q * D;
      B = D;
      D = u;
      const w = x - q * y;
      x = y;
      y = w;
    }
    if (B === 0) {
      // No simulated step was safe: one full-precision step.
      const q = r0 / r1;
      const r2 = r0 - q * r1;
      r0 = r1;
      r1 = r2;
      const s2 = s0 - q * s1;
      s0 = s1;
      s1 = s2;
    } else {
      const a1 = BigInt(A);
      const b1 = BigInt(B);
      const c1 = BigInt(C);
      const d1 = BigInt(D);
      const r2 = a1 * r0 + b1 * r1;
      r1 = c1 * r0 + d1 * r1;
      r0 = r2;
      const s2 = a1 * s0 + b1 * s1;
      s1 = c1 * s0 + d1 * s1;
      s0 = s2;
    }
  }
  if (r0 !== 1n) return euclidInverse(a, m);
  s0 %= m;
  return s0 < 0n ? s0 + m : s0;
}

// Width-w NAF of k >= 0: digits are 0 or odd with |d| < 2^(w-1), and of any w consecutive digits at
// most one is nonzero. Digit i has weight 2^i; length must be at least bitLength(k) + 1.
export function toWnaf(k: bigint, w: number, length: number): Int16Array {
  const bin = k.toString(2);
  if (bin.length >= length) throw new RangeError('scalar too long for its NAF');
  // Room for the carry a negative digit pushes past the top bit.
  const bits = new Uint8Array(length + w + 1);
  for (let i = 0; i < bin.length; i++) bits[i] = bin.charCodeAt(bin.length - 1 - i) - 48;
  const out = new Int16Array(length);
  const full = 1 << w;
  const half = full >> 1;
  for (let i = 0; i < bits.length;) {
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
