import {
  CRYPTOPRO_A,
  GOST_2012_EXAMPLE_256,
  GOST_2012_EXAMPLE_512,
  GOST_CURVES,
  GostCurve,
  TC26_256_A,
  TC26_512_A,
  findGostCurveByOid,
} from './curves';
import { GostPoint, clearGostKeyCache, isOnGostCurve, multiplyGostPoint, verifyGost3410 } from './gost-34-10';
import { modInverse } from './scalar-arithmetic';

// An independent, deliberately naive affine implementation: it checks the curve constants and the
// optimised code without sharing any of its arithmetic.
const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

// Fermat inverse: m is prime in every use here.
const inv = (a: bigint, m: bigint): bigint => modPow(a, m - 2n, m);

function refAdd(c: GostCurve, P: GostPoint | null, R: GostPoint | null): GostPoint | null {
  if (!P) return R;
  if (!R) return P;
  let l: bigint;
  if (P.x === R.x) {
    if (mod(P.y + R.y, c.p) === 0n) return null;
    l = mod((3n * P.x * P.x + c.a) * inv(2n * P.y, c.p), c.p);
  } else {
    l = mod((R.y - P.y) * inv(R.x - P.x, c.p), c.p);
  }
  const x = mod(l * l - P.x - R.x, c.p);
  return { x, y: mod(l * (P.x - x) - P.y, c.p) };
}

function refMultiply(c: GostCurve, k: bigint, P: GostPoint): GostPoint | null {
  let acc: GostPoint | null = null;
  for (const bit of k.toString(2)) {
    acc = refAdd(c, acc, acc);
    if (bit === '1') acc = refAdd(c, acc, P);
  }
  return acc;
}

// Miller-Rabin with fixed bases: a typo in p or q almost surely makes it composite.
function isProbablePrime(n: bigint): boolean {
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r++;
  }
  for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let i = 1; i < r && composite; i++) {
      x = (x * x) % n;
      if (x === n - 1n) composite = false;
    }
    if (composite) return false;
  }
  return true;
}

const generator = (c: GostCurve): GostPoint => ({ x: c.gx, y: c.gy });

function mustMultiply(c: GostCurve, k: bigint, P: GostPoint): GostPoint {
  const R = multiplyGostPoint(c, k, P);
  if (!R) throw new Error('unexpected point at infinity');
  return R;
}

// Signing per the standard (§6.1), for tests only: r = x(kG) mod q, s = (r*d + k*e) mod q.
function sign(c: GostCurve, d: bigint, k: bigint, e: bigint): { r: bigint; s: bigint } {
  const eq = mod(e, c.q) || 1n;
  const r = mustMultiply(c, k, generator(c)).x % c.q;
  return { r, s: mod(r * d + k * eq, c.q) };
}

// Deterministic pseudo-random scalars in [1, m) (xorshift64*), so failures reproduce.
function scalarSource(seed: bigint): (m: bigint) => bigint {
  let state = seed;
  const next = (): bigint => {
    state ^= state >> 12n;
    state ^= (state << 25n) & 0xffffffffffffffffn;
    state ^= state >> 27n;
    return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  };
  return (m) => {
    let x = 0n;
    for (let i = 0; i < 10; i++) x = (x << 64n) | next();
    return 1n + (x % (m - 1n));
  };
}

describe('GOST curve constants', () => {
  it.each(GOST_CURVES.map((c) => [c.name, c] as const))('%s: p and q prime, G on the curve, q*G = O', (_, c) => {
    expect(isProbablePrime(c.p)).toBe(true);
    expect(isProbablePrime(c.q)).toBe(true);
    expect(c.size * 8).toBeGreaterThanOrEqual(c.p.toString(2).length);
    const G = generator(c);
    expect(mod(c.gy * c.gy - (c.gx ** 3n + c.a * c.gx + c.b), c.p)).toBe(0n);
    expect(isOnGostCurve(c, G)).toBe(true);
    expect(multiplyGostPoint(c, c.q, G)).toBeNull();
    expect(refMultiply(c, c.q, G)).toBeNull();
    // (q - 1)G = -G.
    expect(multiplyGostPoint(c, c.q - 1n, G)).toEqual({ x: c.gx, y: c.p - c.gy });
    // Hasse: #E = cofactor * q is within p + 1 +- 2 sqrt(p), i.e. (#E - p - 1)^2 <= 4p.
    const trace = c.cofactor * c.q - c.p - 1n;
    expect(trace * trace <= 4n * c.p).toBe(true);
  });

  it('maps Russian and Kazakh parameter-set OIDs to curves', () => {
    expect(findGostCurveByOid('1.2.643.7.1.2.1.2.1')).toBe(TC26_512_A);
    expect(findGostCurveByOid('1.2.398.3.10.1.1.2.2.1')).toBe(TC26_512_A);
    expect(findGostCurveByOid('1.2.643.7.1.2.1.1.1')).toBe(TC26_256_A);
    expect(findGostCurveByOid('1.2.643.2.2.35.1')).toBe(CRYPTOPRO_A);
    expect(findGostCurveByOid('1.2.398.3.10.1.1.1.1.1')).toBe(CRYPTOPRO_A);
    expect(findGostCurveByOid('1.2.398.3.10.1.1.1.1.2')).toBeUndefined();
  });

  it('handles the exceptional additions P + P and P + (-P) inside a multiplication', () => {
    for (const c of GOST_CURVES) {
      const G = generator(c);
      // The chain for q + 2 reaches ((q + 1) / 2) * 2 * G = G and then adds G: a doubling.
      expect(multiplyGostPoint(c, c.q + 2n, G)).toEqual(refMultiply(c, 2n, G));
      expect(multiplyGostPoint(c, c.q + 1n, G)).toEqual(G);
      expect(multiplyGostPoint(c, 0n, G)).toBeNull();
    }
  });

  it('inverts modulo p and q like Fermat (Lehmer inversion)', () => {
    const random = scalarSource(0x5851f42d4c957f2dn);
    for (const c of GOST_CURVES) {
      for (const m of [c.p, c.q]) {
        const values = [1n, 2n, 3n, m - 1n, m - 2n, (m + 1n) / 2n, m / 3n];
        for (let i = 0; i < 40; i++) values.push(random(m), 1n + (random(m) % 1000000n), m - 1n - (random(m) >> 200n));
        for (const v of values) expect(modInverse(v, m)).toBe(inv(v, m));
      }
    }
    expect(() => modInverse(6n, 9n)).toThrow(RangeError);
  });

  it('multiplies like the naive reference implementation', () => {
    const random = scalarSource(0x9e3779b97f4a7c15n);
    for (const c of GOST_CURVES) {
      const P = mustMultiply(c, random(c.q), generator(c));
      for (const k of [1n, 2n, 3n, random(c.q), random(c.q)]) {
        expect(multiplyGostPoint(c, k, P)).toEqual(refMultiply(c, k, P));
      }
    }
  });
});

// The worked examples of GOST R 34.10-2012 Annex A (A.1: 256-bit, A.2: 512-bit), also printed in
// RFC 7091 ("Test Examples", Example 1 and Example 2): private key d, public key Q = dG, e = hash of
// the message as an integer, nonce k, signature (r, s). The test below re-derives Q, r and s from
// d, k and e, so a mistyped digit cannot pass.
const ANNEX_A = [
  {
    curve: GOST_2012_EXAMPLE_256,
    d: 0x7a929ade789bb9be10ed359dd39a72c11b60961f49397eee1d19ce9891ec3b28n,
    Q: {
      x: 0x7f2b49e270db6d90d8595bec458b50c58585ba1d4e9b788f6689dbd8e56fd80bn,
      y: 0x26f1b489d6701dd185c8413a977b3cbbaf64d1c593d26627dffb101a87ff77dan,
    },
    e: 0x2dfbc1b372d89a1188c09c52e0eec61fce52032ab1022e8e67ece6672b043ee5n,
    k: 0x77105c9b20bcd3122823c8cf6fcc7b956de33814e95b7fe64fed924594dceab3n,
    r: 0x41aa28d2f1ab148280cd9ed56feda41974053554a42767b83ad043fd39dc0493n,
    s: 0x01456c64ba4642a1653c235a98a60249bcd6d3f746b631df928014f6c5bf9c40n,
  },
  {
    curve: GOST_2012_EXAMPLE_512,
    d: 0x0ba6048aadae241ba40936d47756d7c93091a0e8514669700ee7508e508b102072e8123b2200a0563322dad2827e2714a2636b7bfd18aadfc62967821fa18dd4n,
    Q: {
      x: 0x115dc5bc96760c7b48598d8ab9e740d4c4a85a65be33c1815b5c320c854621dd5a515856d13314af69bc5b924c8b4ddff75c45415c1d9dd9dd33612cd530efe1n,
      y: 0x37c7c90cd40b0f5621dc3ac1b751cfa0e2634fa0503b3d52639f5d7fb72afd61ea199441d943ffe7f0c70a2759a3cdb84c114e1f9339fdf27f35eca93677beecn,
    },
    e: 0x3754f3cfacc9e0615c4f4a7c4d8dab531b09b6f9c170c533a71d147035b0c5917184ee536593f4414339976c647c5d5a407adedb1d560c4fc6777d2972075b8cn,
    k: 0x0359e7f4b1410feacc570456c6801496946312120b39d019d455986e364f365886748ed7a44b3e794434006011842286212273a6d14cf70ea3af71bb1ae679f1n,
    r: 0x2f86fa60a081091a23dd795e1e3c689ee512a3c82ee0dcc2643c78eea8fcacd35492558486b20f1c9ec197c90699850260c93bcbcd9c5c3317e19344e173ae36n,
    s: 0x1081b394696ffe8e6585e7a9362d26b6325f56778aadbc081c0bfbe933d52ff5823ce288e8c4f362526080df7f70ce406a6eeb1f56919cb92a9853bde73e5b4an,
  },
];

describe('GOST R 34.10-2012 Annex A examples', () => {
  it.each(ANNEX_A.map((v) => [v.curve.name, v] as const))('%s', (_, v) => {
    const { curve: c } = v;
    expect(multiplyGostPoint(c, v.d, generator(c))).toEqual(v.Q);
    expect(refMultiply(c, v.d, generator(c))).toEqual(v.Q);
    expect(sign(c, v.d, v.k, v.e)).toEqual({ r: v.r, s: v.s });
    clearGostKeyCache(c);
    // First use (per-key tables not built yet), second use (builds them), third (cached).
    for (let i = 0; i < 3; i++) expect(verifyGost3410(c, v.e, v.r, v.s, v.Q)).toBe(true);
    expect(verifyGost3410(c, v.e + 1n, v.r, v.s, v.Q)).toBe(false);
  });
});

describe('verifyGost3410', () => {
  const random = scalarSource(0x0123456789abcdefn);

  describe.each(GOST_CURVES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const d = random(c.q);
    const Q = mustMultiply(c, d, generator(c));
    const e = random(c.q);
    const { r, s } = sign(c, d, random(c.q), e);

    it('accepts valid signatures on the first-use and the cached-key paths', () => {
      clearGostKeyCache(c);
      for (let i = 0; i < 4; i++) {
        const ei = e + BigInt(i);
        const sig = sign(c, d, random(c.q), ei);
        expect(verifyGost3410(c, ei, sig.r, sig.s, Q)).toBe(true);
        expect(verifyGost3410(c, ei + 1n, sig.r, sig.s, Q)).toBe(false);
      }
    });

    it('rejects tampered r, s, e and Q', () => {
      for (let i = 0; i < 2; i++) {
        if (i === 1) clearGostKeyCache(c);
        expect(verifyGost3410(c, e, r, s, Q)).toBe(true);
        expect(verifyGost3410(c, e, r + 1n, s, Q)).toBe(false);
        expect(verifyGost3410(c, e, r - 1n, s, Q)).toBe(false);
        expect(verifyGost3410(c, e, r, s + 1n, Q)).toBe(false);
        expect(verifyGost3410(c, e, r, s ^ 0x100n, Q)).toBe(false);
        expect(verifyGost3410(c, e + 1n, r, s, Q)).toBe(false);
        expect(verifyGost3410(c, e ^ (1n << 77n), r, s, Q)).toBe(false);
        expect(verifyGost3410(c, e, r, s, mustMultiply(c, 2n, Q))).toBe(false);
        expect(verifyGost3410(c, e, r, s, generator(c))).toBe(false);
        expect(verifyGost3410(c, e, r, s, { x: Q.x, y: c.p - Q.y })).toBe(false);
      }
    });

    it('rejects r or s out of range', () => {
      expect(verifyGost3410(c, e, 0n, s, Q)).toBe(false);
      expect(verifyGost3410(c, e, r, 0n, Q)).toBe(false);
      expect(verifyGost3410(c, e, c.q, s, Q)).toBe(false);
      expect(verifyGost3410(c, e, r, c.q, Q)).toBe(false);
      expect(verifyGost3410(c, e, r + c.q, s, Q)).toBe(false);
      expect(verifyGost3410(c, e, r, s + c.q, Q)).toBe(false);
      expect(verifyGost3410(c, e, -r, s, Q)).toBe(false);
      expect(verifyGost3410(c, e, r, -s, Q)).toBe(false);
    });

    it('rejects public keys that are not curve points', () => {
      expect(verifyGost3410(c, e, r, s, { x: Q.x, y: mod(Q.y + 1n, c.p) })).toBe(false);
      expect(verifyGost3410(c, e, r, s, { x: Q.x + c.p, y: Q.y })).toBe(false);
      expect(verifyGost3410(c, e, r, s, { x: Q.x, y: Q.y - c.p })).toBe(false);
      expect(verifyGost3410(c, e, r, s, { x: 0n, y: 0n })).toBe(false);
      // The hash is reduced mod q, so e + q is the same message hash.
      expect(verifyGost3410(c, e + c.q, r, s, Q)).toBe(true);
    });

    it('rejects a signature for which z1*G + z2*Q is the point at infinity', () => {
      // C = (s - r*d)/e * G, so s = r*d mod q makes C = O; x(O) is undefined and must not match.
      const rr = random(c.q);
      const ss = mod(rr * d, c.q);
      for (let i = 0; i < 3; i++) expect(verifyGost3410(c, e, rr, ss, Q)).toBe(false);
    });

    it('uses e = 1 when the hash is 0 mod q', () => {
      const sig = sign(c, d, random(c.q), 1n);
      expect(verifyGost3410(c, 0n, sig.r, sig.s, Q)).toBe(true);
      expect(verifyGost3410(c, c.q, sig.r, sig.s, Q)).toBe(true);
      expect(verifyGost3410(c, 1n, sig.r, sig.s, Q)).toBe(true);
      expect(verifyGost3410(c, 2n, sig.r, sig.s, Q)).toBe(false);
    });

    it('handles keys related to G (intermediate sums hit table points and O)', () => {
      for (const dk of [1n, 2n, c.q - 1n, c.q - 2n]) {
        const key = mustMultiply(c, dk, generator(c));
        clearGostKeyCache(c);
        for (let i = 0; i < 3; i++) {
          const ei = random(c.q);
          const sig = sign(c, dk, random(c.q), ei);
          expect(verifyGost3410(c, ei, sig.r, sig.s, key)).toBe(true);
          expect(verifyGost3410(c, ei, sig.r, mod(sig.s + 1n, c.q) || 1n, key)).toBe(false);
        }
      }
    });
  });

  it('keeps verifying correctly after the key cache evicts a key', () => {
    const c = GOST_2012_EXAMPLE_256;
    const d = 777n;
    const Q = mustMultiply(c, d, generator(c));
    const { r, s } = sign(c, d, 4242n, 99n);
    clearGostKeyCache(c);
    expect(verifyGost3410(c, 99n, r, s, Q)).toBe(true);
    expect(verifyGost3410(c, 99n, r, s, Q)).toBe(true);
    // More distinct keys than the cache holds (256): Q is evicted and prepared again.
    let other = generator(c);
    for (let i = 0; i < 300; i++) {
      other = mustMultiply(c, 3n, other);
      expect(verifyGost3410(c, 99n, r, s, other)).toBe(false);
    }
    expect(verifyGost3410(c, 99n, r, s, Q)).toBe(true);
    expect(verifyGost3410(c, 98n, r, s, Q)).toBe(false);
  });

  it('rejects a public key outside the order-q subgroup (cofactor 4 curve)', () => {
    const c = TC26_256_A;
    // p = 3 mod 4, so a square root is a power; find a curve point whose order is not q.
    const sqrt = (v: bigint): bigint => modPow(v, (c.p + 1n) / 4n, c.p);
    let bad: GostPoint | undefined;
    for (let x = 1n; !bad; x++) {
      const rhs = mod(x ** 3n + c.a * x + c.b, c.p);
      const y = sqrt(rhs);
      if ((y * y) % c.p === rhs && multiplyGostPoint(c, c.q, { x, y }) !== null) bad = { x, y };
    }
    expect(isOnGostCurve(c, bad)).toBe(true);
    // q*bad has order 2 or 4; doubling a point of order 2 (y = 0) gives O.
    const small = mustMultiply(c, c.q, bad);
    const twice = multiplyGostPoint(c, 2n, small);
    const order2 = twice ?? small;
    expect(order2.y).toBe(0n);
    expect(multiplyGostPoint(c, 2n, order2)).toBeNull();
    const d = 12345n;
    const { r, s } = sign(c, d, 67890n, 777n);
    expect(verifyGost3410(c, 777n, r, s, mustMultiply(c, d, generator(c)))).toBe(true);
    expect(verifyGost3410(c, 777n, r, s, bad)).toBe(false);
  });
});
