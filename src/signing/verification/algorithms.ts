// Digest and signature algorithms the verifier accepts, and the one place where signatures are
// checked: RSA/ECDSA through node:crypto, KZ GOST through gost/kz-gost (kz-pki.md §2.1, §2.3).

import { constants, createHash, publicDecrypt, verify as nodeVerify } from 'node:crypto';
import {
  KZ_GOST_DIGEST_ALGORITHMS,
  KZ_GOST_SIGNATURE_ALGORITHMS,
  KzGostAlgorithm,
  createKzGostHash,
  verifyKzGostDigest,
} from '../gost/kz-gost';
import { currentBudget } from './budget';
import type { PublicKeyInfo } from './certificates';
import { ALGORITHM_OID } from './oids';

export interface DigestAlgorithmInfo {
  readonly oid: string;
  readonly name: string;
  // weak: still verified, but reported (and rejected when the policy says so).
  readonly strength: 'strong' | 'weak';
  readonly nodeName?: string;
  readonly gost?: KzGostAlgorithm;
}

const DIGESTS: readonly DigestAlgorithmInfo[] = [
  { oid: ALGORITHM_OID.sha1, name: 'SHA-1', strength: 'weak', nodeName: 'sha1' },
  { oid: ALGORITHM_OID.sha256, name: 'SHA-256', strength: 'strong', nodeName: 'sha256' },
  { oid: ALGORITHM_OID.sha384, name: 'SHA-384', strength: 'strong', nodeName: 'sha384' },
  { oid: ALGORITHM_OID.sha512, name: 'SHA-512', strength: 'strong', nodeName: 'sha512' },
  { oid: ALGORITHM_OID.gost2015Digest512, name: 'GOST R 34.11-2015 (Streebog-512)', strength: 'strong', gost: 'gost2015-512' },
  { oid: ALGORITHM_OID.gost2015Digest256, name: 'GOST R 34.11-2015 (Streebog-256)', strength: 'strong', gost: 'gost2015-256' },
  { oid: ALGORITHM_OID.gost2004Digest, name: 'GOST 34.311-95', strength: 'strong', gost: 'gost2004' },
];
const DIGEST_BY_OID = new Map(DIGESTS.map((d) => [d.oid, d]));

export function digestAlgorithm(oid: string): DigestAlgorithmInfo | undefined {
  return DIGEST_BY_OID.get(oid);
}

export interface Hasher {
  update(data: Uint8Array): Hasher;
  digest(): Uint8Array;
}

export function createHasher(algorithm: DigestAlgorithmInfo): Hasher {
  if (algorithm.gost) return createKzGostHash(algorithm.gost);
  const hash = createHash(algorithm.nodeName ?? 'unreachable');
  const hasher: Hasher = {
    update(data) {
      hash.update(data);
      return hasher;
    },
    digest: () => new Uint8Array(hash.digest()),
  };
  return hasher;
}

export function computeDigest(algorithm: DigestAlgorithmInfo, data: Uint8Array): Uint8Array {
  return createHasher(algorithm).update(data).digest();
}

type SignatureFamily = 'rsa' | 'ecdsa' | 'gost';

interface SignatureAlgorithmInfo {
  readonly name: string;
  readonly family: SignatureFamily;
  // The hash the algorithm OID fixes; undefined for rsaEncryption (hash = the CMS digestAlgorithm).
  readonly digestOid?: string;
  readonly gost?: KzGostAlgorithm;
}

const GOST_DIGEST_OID = new Map([...KZ_GOST_DIGEST_ALGORITHMS].map(([oid, alg]) => [alg, oid]));

const GOST_NAMES: Record<KzGostAlgorithm, string> = {
  'gost2015-512': 'GOST 34.10-2015 (512)',
  'gost2015-256': 'GOST 34.10-2015 (256)',
  gost2004: 'GOST 34.310-2004',
};

const SIGNATURES = new Map<string, SignatureAlgorithmInfo>([
  [ALGORITHM_OID.rsaEncryption, { name: 'RSA', family: 'rsa' }],
  [ALGORITHM_OID.sha1WithRsa, { name: 'SHA-1 with RSA', family: 'rsa', digestOid: ALGORITHM_OID.sha1 }],
  [ALGORITHM_OID.sha256WithRsa, { name: 'SHA-256 with RSA', family: 'rsa', digestOid: ALGORITHM_OID.sha256 }],
  [ALGORITHM_OID.sha384WithRsa, { name: 'SHA-384 with RSA', family: 'rsa', digestOid: ALGORITHM_OID.sha384 }],
  [ALGORITHM_OID.sha512WithRsa, { name: 'SHA-512 with RSA', family: 'rsa', digestOid: ALGORITHM_OID.sha512 }],
  [ALGORITHM_OID.ecdsaWithSha256, { name: 'ECDSA with SHA-256', family: 'ecdsa', digestOid: ALGORITHM_OID.sha256 }],
  [ALGORITHM_OID.ecdsaWithSha384, { name: 'ECDSA with SHA-384', family: 'ecdsa', digestOid: ALGORITHM_OID.sha384 }],
  [ALGORITHM_OID.ecdsaWithSha512, { name: 'ECDSA with SHA-512', family: 'ecdsa', digestOid: ALGORITHM_OID.sha512 }],
  ...[...KZ_GOST_SIGNATURE_ALGORITHMS].map(([oid, gost]): [string, SignatureAlgorithmInfo] => [
    oid,
    { name: GOST_NAMES[gost], family: 'gost', gost, digestOid: GOST_DIGEST_OID.get(gost) },
  ]),
]);

// Known by name, not verified here: reported as "unsupported" with a readable name.
const UNSUPPORTED_SIGNATURE_NAMES = new Map([
  ['1.2.840.113549.1.1.10', 'RSASSA-PSS'],
  ['1.3.101.112', 'Ed25519'],
  ['1.3.101.113', 'Ed448'],
  ['1.2.840.10040.4.3', 'DSA with SHA-1'],
  ['2.16.840.1.101.3.4.3.2', 'DSA with SHA-256'],
  ['1.2.643.7.1.1.3.2', 'GOST R 34.10-2012 (256, Russian)'],
  ['1.2.643.7.1.1.3.3', 'GOST R 34.10-2012 (512, Russian)'],
]);

export function signatureAlgorithmName(oid: string): string {
  return SIGNATURES.get(oid)?.name ?? UNSUPPORTED_SIGNATURE_NAMES.get(oid) ?? oid;
}

export function isSupportedSignatureAlgorithm(oid: string): boolean {
  return SIGNATURES.has(oid);
}

// The hash fixed by a signature OID (certificates, CRLs, OCSP name it only there).
export function signatureDigestOid(oid: string): string | undefined {
  return SIGNATURES.get(oid)?.digestOid;
}

export type HashResolution =
  | { readonly ok: true; readonly digest: DigestAlgorithmInfo; readonly family: SignatureFamily; readonly gost?: KzGostAlgorithm }
  | { readonly ok: false; readonly reason: 'unsupported' | 'inconsistent'; readonly message: string };

// The hash that the signature itself is computed with. A signature OID that names a hash must
// agree with the CMS digestAlgorithm (RFC 5754 §3): a mismatch is a malformed signer, not a guess.
export function resolveSignatureHash(signatureOid: string, digestOid: string): HashResolution {
  const signature = SIGNATURES.get(signatureOid);
  if (!signature) {
    const name = UNSUPPORTED_SIGNATURE_NAMES.get(signatureOid);
    return {
      ok: false,
      reason: 'unsupported',
      message: `unsupported signature algorithm ${name ? `${name} (${signatureOid})` : signatureOid}`,
    };
  }
  const digest = digestAlgorithm(digestOid);
  if (!digest) return { ok: false, reason: 'unsupported', message: `unsupported digest algorithm ${digestOid}` };
  if (signature.digestOid && signature.digestOid !== digestOid)
    return {
      ok: false,
      reason: 'inconsistent',
      message: `digest algorithm ${digest.name} does not match signature algorithm ${signature.name}`,
    };
  if (signature.family === 'rsa' && digest.gost)
    return { ok: false, reason: 'inconsistent', message: `RSA signature with GOST digest ${digest.name}` };
  return { ok: true, digest, family: signature.family, ...(signature.gost && { gost: signature.gost }) };
}

export type SignatureOutcome =
  | { readonly status: 'valid' }
  | { readonly status: 'invalid'; readonly message: string }
  | { readonly status: 'unsupported'; readonly message: string }
  // Not attempted: the verification call spent its budget (budget.ts).
  | { readonly status: 'over-budget'; readonly message: string };

export type SignedInput = { readonly data: Uint8Array } | { readonly digest: Uint8Array };

const invalid = (message: string): SignatureOutcome => ({ status: 'invalid', message });

// Never throws: every malformed key, signature or digest ends as 'invalid' or 'unsupported'.
export function verifySignature(
  signatureOid: string,
  digestOid: string,
  key: PublicKeyInfo,
  signature: Uint8Array,
  input: SignedInput,
): SignatureOutcome {
  const hash = resolveSignatureHash(signatureOid, digestOid);
  if (!hash.ok) return { status: 'unsupported', message: hash.message };
  if (key.kind === 'unsupported')
    return { status: 'unsupported', message: `unsupported public key ${key.algorithm}: ${key.reason}` };
  const overBudget = currentBudget()?.spendSignature();
  if (overBudget) return { status: 'over-budget', message: overBudget };
  try {
    if (hash.family === 'gost') {
      if (key.kind !== 'gost' || key.algorithm !== hash.gost)
        return invalid(`public key (${key.kind === 'gost' ? key.algorithm : key.keyType}) does not fit ${hash.gost}`);
      const digest = 'digest' in input ? input.digest : computeDigest(hash.digest, input.data);
      return verifyKzGostDigest(key.algorithm, digest, signature, key.key)
        ? { status: 'valid' }
        : invalid('GOST signature does not verify');
    }
    const expectedType = hash.family === 'rsa' ? 'rsa' : 'ec';
    if (key.kind !== 'node' || key.keyType !== expectedType)
      return invalid(
        `public key (${key.kind === 'node' ? key.keyType : key.algorithm}) does not fit ${hash.family.toUpperCase()}`,
      );
    if ('data' in input) {
      const ok = nodeVerify(hash.digest.nodeName ?? '', input.data, key.key, signature);
      return ok ? { status: 'valid' } : invalid(`${hash.family.toUpperCase()} signature does not verify`);
    }
    if (hash.family !== 'rsa') return { status: 'unsupported', message: 'ECDSA over a precomputed digest is not supported' };
    return verifyRsaDigest(hash.digest, input.digest, key, signature);
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
}

// PKCS #1 v1.5 over a digest the caller computed (detached content hashed as a stream and no
// signed attributes): recover the DigestInfo and compare it byte for byte.
function verifyRsaDigest(
  algorithm: DigestAlgorithmInfo,
  digest: Uint8Array,
  key: Extract<PublicKeyInfo, { kind: 'node' }>,
  signature: Uint8Array,
): SignatureOutcome {
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key: key.key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return invalid('RSA signature does not verify');
  }
  const accepted = [digestInfo(algorithm.oid, digest, true), digestInfo(algorithm.oid, digest, false)];
  return accepted.some((d) => d.equals(recovered)) ? { status: 'valid' } : invalid('RSA signature does not verify');
}

function digestInfo(oid: string, digest: Uint8Array, withNull: boolean): Buffer {
  const oidBody = encodeOid(oid);
  const algId = Buffer.concat([
    Buffer.from([0x06, oidBody.length]),
    oidBody,
    withNull ? Buffer.from([0x05, 0x00]) : Buffer.alloc(0),
  ]);
  const algSeq = Buffer.concat([Buffer.from([0x30, algId.length]), algId]);
  const octets = Buffer.concat([Buffer.from([0x04, digest.length]), digest]);
  const body = Buffer.concat([algSeq, octets]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

function encodeOid(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return Buffer.from(out);
}
