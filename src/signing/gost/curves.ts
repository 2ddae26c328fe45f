// Domain parameters of the GOST R 34.10 / GOST 34.310 elliptic curves we verify on.
//
// Curve: y^2 = x^3 + a*x + b over GF(p); G = (gx, gy) generates the subgroup of prime order q;
// cofactor = #E / q. Every curve is checked by the unit tests: G on the curve and q*G = O,
// which catches a mistyped constant.
//
// Sources of the numbers:
// - CryptoPro-A: RFC 4357 §11.4 (id-GostR3410-2001-CryptoPro-A-ParamSet).
// - TC26 256 A / 512 A: the TC 26 parameter sets (Р 50.1.114-2016); kz-pki.md §2.3 quotes 512 A.
//   512 A and CryptoPro-A are also confirmed by real NCA RK signatures (kz-gost.spec.ts).
// - The two example curves: GOST R 34.10-2012 Annex A (A.1: 256-bit, A.2: 512-bit), reproduced in
//   RFC 7091 Appendix A. The 256-bit one is also id-GostR3410-2001-TestParamSet (RFC 4357 §11.4).

export interface GostCurve {
  readonly name: string;
  // Object identifiers that name this curve (Russian and Kazakh arcs).
  readonly oids: readonly string[];
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly q: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  readonly cofactor: bigint;
  // Bytes per coordinate / per signature half in the wire encodings (32 or 64).
  readonly size: 32 | 64;
}

// Kazakh key parameter-set OIDs (kz-pki.md §2.1). 1.2.398.3.10.1.1.1.1.1 (GOST 34.310-2004 set A) is
// CryptoPro-A, checked against the NCA test vectors; 1.2.398.3.10.1.1.2.2.1 (34.10-2015 512 set A) is
// TC26 512 A, also checked. 1.2.398.3.10.1.1.2.1.1 (34.10-2015 256 set A) -> TC26 256 A is asserted by
// third-party code only: no KZ 256-bit vector exists to confirm it. The 2004 sets B, C, D are not mapped
// because nothing tells us which curves they are.
export const KZ_GOST2004_PARAMSET_A_OID = '1.2.398.3.10.1.1.1.1.1';
export const KZ_GOST2015_256_PARAMSET_A_OID = '1.2.398.3.10.1.1.2.1.1';
export const KZ_GOST2015_512_PARAMSET_A_OID = '1.2.398.3.10.1.1.2.2.1';

export const CRYPTOPRO_A: GostCurve = {
  name: 'id-GostR3410-2001-CryptoPro-A-ParamSet',
  oids: ['1.2.643.2.2.35.1', '1.2.643.2.2.36.0', KZ_GOST2004_PARAMSET_A_OID],
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97n,
  a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd94n,
  b: 0xa6n,
  q: 0xffffffffffffffffffffffffffffffff6c611070995ad10045841b09b761b893n,
  gx: 0x1n,
  gy: 0x8d91e471e0989cda27df505a453f2b7635294f2ddf23e3b122acc99c9e9f1e14n,
  cofactor: 1n,
  size: 32,
};

export const TC26_256_A: GostCurve = {
  name: 'id-tc26-gost-3410-12-256-paramSetA',
  oids: ['1.2.643.7.1.2.1.1.1', KZ_GOST2015_256_PARAMSET_A_OID],
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97n,
  a: 0xc2173f1513981673af4892c23035a27ce25e2013bf95aa33b22c656f277e7335n,
  b: 0x295f9bae7428ed9ccc20e7c359a9d41a22fccd9108e17bf7ba9337a6f8ae9513n,
  q: 0x400000000000000000000000000000000fd8cddfc87b6635c115af556c360c67n,
  gx: 0x91e38443a5e82c0d880923425712b2bb658b9196932e02c78b2582fe742daa28n,
  gy: 0x32879423ab1a0375895786c4bb46e9565fde0b5344766740af268adb32322e5cn,
  // A twisted Edwards curve in Weierstrass form, hence the cofactor 4.
  cofactor: 4n,
  size: 32,
};

export const TC26_512_A: GostCurve = {
  name: 'id-tc26-gost-3410-12-512-paramSetA',
  oids: ['1.2.643.7.1.2.1.2.1', KZ_GOST2015_512_PARAMSET_A_OID],
  // p = 2^512 - 569, a = p - 3.
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc7n,
  a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc4n,
  b: 0xe8c2505dedfc86ddc1bd0b2b6667f1da34b82574761cb0e879bd081cfd0b6265ee3cb090f30d27614cb4574010da90dd862ef9d4ebee4761503190785a71c760n,
  q: 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff27e69532f48d89116ff22b8d4e0560609b4b38abfad2b85dcacdb1411f10b275n,
  gx: 0x3n,
  gy: 0x7503cfe87a836ae3a61b8816e25450e6ce5e1c93acf1abc1778064fdcbefa921df1626be4fd036e93d75e6a50e3a41e98028fe5fc235f5b889a589cb5215f2a4n,
  cofactor: 1n,
  size: 64,
};

// GOST R 34.10-2012 Annex A.1 example curve (= id-GostR3410-2001-TestParamSet). Test use only.
export const GOST_2012_EXAMPLE_256: GostCurve = {
  name: 'GOST R 34.10-2012 Annex A.1 example (256)',
  oids: ['1.2.643.2.2.35.0'],
  p: 0x8000000000000000000000000000000000000000000000000000000000000431n,
  a: 0x7n,
  b: 0x5fbff498aa938ce739b8e022fbafef40563f6e6a3472fc2a514c0ce9dae23b7en,
  q: 0x8000000000000000000000000000000150fe8a1892976154c59cfc193accf5b3n,
  gx: 0x2n,
  gy: 0x08e2a8a0e65147d4bd6316030e16d19c85c97f0a9ca267122b96abbcea7e8fc8n,
  cofactor: 1n,
  size: 32,
};

// GOST R 34.10-2012 Annex A.2 example curve (= id-tc26-gost-3410-12-512-paramSetTest). Test use only.
export const GOST_2012_EXAMPLE_512: GostCurve = {
  name: 'GOST R 34.10-2012 Annex A.2 example (512)',
  oids: ['1.2.643.7.1.2.1.2.0'],
  p: 0x4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15df1d852741af4704a0458047e80e4546d35b8336fac224dd81664bbf528be6373n,
  a: 0x7n,
  b: 0x1cff0806a31116da29d8cfa54e57eb748bc5f377e49400fdd788b649eca1ac4361834013b2ad7322480a89ca58e0cf74bc9e540c2add6897fad0a3084f302adcn,
  q: 0x4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15da82f2d7ecb1dbac719905c5eecc423f1d86e25edbe23c595d644aaf187e6e6dfn,
  gx: 0x24d19cc64572ee30f396bf6ebbfd7a6c5213b3b3d7057cc825f91093a68cd762fd60611262cd838dc6b60aa7eee804e28bc849977fac33b4b530f1b120248a9an,
  gy: 0x2bb312a43bd2ce6e0d020613c857acddcfbf061e91e5f2c3f32447c259f39b2c83ab156d77f1496bf7eb3351e1ee4e43dc1a18b91b24640b6dbb92cb1add371en,
  cofactor: 1n,
  size: 64,
};

export const GOST_CURVES: readonly GostCurve[] = [
  TC26_512_A,
  TC26_256_A,
  CRYPTOPRO_A,
  GOST_2012_EXAMPLE_256,
  GOST_2012_EXAMPLE_512,
];

const CURVES_BY_OID = new Map<string, GostCurve>(GOST_CURVES.flatMap((c) => c.oids.map((oid) => [oid, c] as const)));

// Looks a curve up by a parameter-set OID (Russian or Kazakh); undefined when unknown.
export function findGostCurveByOid(oid: string): GostCurve | undefined {
  return CURVES_BY_OID.get(oid);
}
