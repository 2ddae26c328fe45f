// Parsed X.509 certificates, cached by SHA-256 of their DER: the same NCA intermediates and
// signer certificates arrive again and again, and the pkijs object model is the expensive part
// of a verification (perf-baseline.md §C). Entries are immutable after construction apart from
// lazily derived values (public key object), so sharing them between requests is safe.

import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { KZ_GOST_PUBLIC_KEY_ALGORITHMS, KzGostAlgorithm, unwrapKzGostPublicKey } from '../gost/kz-gost';
import { berStructureProblem } from '../revocation/der-reader';
import { certificateExtensionProblems } from './extensions';
import { X509_OID } from './oids';

export type PublicKeyInfo =
  | { readonly kind: 'node'; readonly keyType: string; readonly key: KeyObject }
  | { readonly kind: 'gost'; readonly algorithm: KzGostAlgorithm; readonly key: Uint8Array }
  | { readonly kind: 'unsupported'; readonly algorithm: string; readonly reason: string };

// RFC 5280 §4.2.1.3 bit order.
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageBit = (typeof KEY_USAGE_BITS)[number];

export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes)
    .toString('hex')
    .toUpperCase();
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').toUpperCase();
}

// Serial numbers compare as integers: strip DER sign-padding zeros.
export function serialHex(serial: asn1js.Integer): string {
  const hex = toHex(serial.valueBlock.valueHexView);
  return hex.replace(/^(00)+(?=.)/, '');
}

export class CertificateInfo {
  readonly sha256: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  // undefined = no keyUsage extension (any usage allowed by RFC 5280).
  readonly keyUsage?: ReadonlySet<KeyUsageBit>;
  readonly extendedKeyUsage?: readonly string[];
  readonly isCa: boolean;
  readonly pathLength?: number;
  readonly isSelfIssued: boolean;
  private publicKeyCache?: PublicKeyInfo;
  private extensionProblemsCache?: readonly string[];

  constructor(
    readonly der: Uint8Array,
    readonly certificate: pkijs.Certificate,
  ) {
    this.sha256 = sha256Hex(der);
    this.serialNumber = serialHex(certificate.serialNumber);
    this.notBefore = certificate.notBefore.value;
    this.notAfter = certificate.notAfter.value;
    const ext = (oid: string) => certificate.extensions?.find((e) => e.extnID === oid);
    const ski = ext(X509_OID.subjectKeyIdentifier)?.parsedValue;
    if (ski instanceof asn1js.OctetString) this.subjectKeyId = toHex(ski.valueBlock.valueHexView);
    const aki = ext(X509_OID.authorityKeyIdentifier)?.parsedValue;
    if (aki instanceof pkijs.AuthorityKeyIdentifier && aki.keyIdentifier)
      this.authorityKeyId = toHex(aki.keyIdentifier.valueBlock.valueHexView);
    const ku = ext(X509_OID.keyUsage)?.parsedValue;
    if (ku instanceof asn1js.BitString) this.keyUsage = decodeKeyUsage(ku);
    const eku = ext(X509_OID.extKeyUsage)?.parsedValue;
    if (eku instanceof pkijs.ExtKeyUsage) this.extendedKeyUsage = [...eku.keyPurposes];
    const bc = ext(X509_OID.basicConstraints)?.parsedValue;
    this.isCa = bc instanceof pkijs.BasicConstraints && bc.cA === true;
    if (bc instanceof pkijs.BasicConstraints && bc.pathLenConstraint !== undefined) {
      const len = bc.pathLenConstraint;
      this.pathLength = typeof len === 'number' ? len : len.valueBlock.valueDec;
    }
    this.isSelfIssued = namesEqual(certificate.subject, certificate.issuer);
  }

  get publicKey(): PublicKeyInfo {
    this.publicKeyCache ??= derivePublicKey(this.certificate);
    return this.publicKeyCache;
  }

  // Why the certificate must not be used whatever the path (extensions.ts): unrecognized critical
  // extensions, repeated or malformed ones. Empty when none.
  get extensionProblems(): readonly string[] {
    this.extensionProblemsCache ??= certificateExtensionProblems(this.certificate);
    return this.extensionProblemsCache;
  }

  validAt(time: Date): boolean {
    return time.getTime() >= this.notBefore.getTime() && time.getTime() <= this.notAfter.getTime();
  }
}

function decodeKeyUsage(bits: asn1js.BitString): Set<KeyUsageBit> {
  const bytes = bits.valueBlock.valueHexView;
  const usage = new Set<KeyUsageBit>();
  KEY_USAGE_BITS.forEach((name, i) => {
    if ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) usage.add(name);
  });
  return usage;
}

function derivePublicKey(certificate: pkijs.Certificate): PublicKeyInfo {
  const spki = certificate.subjectPublicKeyInfo;
  const algorithm = spki.algorithm.algorithmId;
  const gost = KZ_GOST_PUBLIC_KEY_ALGORITHMS.get(algorithm);
  try {
    if (gost) return { kind: 'gost', algorithm: gost, key: unwrapKzGostPublicKey(spki.subjectPublicKey.valueBlock.valueHexView) };
    const der = new Uint8Array(spki.toSchema().toBER(false));
    const key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    const refused = key.asymmetricKeyType === 'rsa' ? rsaKeyProblem(key) : undefined;
    if (refused) return { kind: 'unsupported', algorithm, reason: refused };
    return { kind: 'node', keyType: key.asymmetricKeyType ?? 'unknown', key };
  } catch (error) {
    return { kind: 'unsupported', algorithm, reason: error instanceof Error ? error.message : String(error) };
  }
}

// RSA keys a verification will use. The cost of an RSA verification grows with the exponent's
// bit length (one squaring per bit) and with the square of the modulus length: a self-made key
// with a 3064-bit exponent costs ~180 times a normal one (e = 65537, 17 bits), and a 16384-bit
// modulus ~64 times a 2048-bit one. Real PKIs use e = 65537 (NCA, the CA/Browser Forum's
// 2^16+1..2^256-1; Windows CryptoAPI cannot even hold an exponent over 32 bits), so: e odd,
// 3 ≤ e < 2^32, modulus 1024..8192 bits (1024 for old archived signatures; 8192 bounds the cost).
export const RSA_LIMITS = Object.freeze({ minModulusBits: 1024, maxModulusBits: 8192, maxExponentBits: 32 });

function rsaKeyProblem(key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails;
  const bits = details?.modulusLength;
  const exponent = details?.publicExponent;
  if (bits === undefined || exponent === undefined) return 'RSA key without modulus or exponent';
  if (bits < RSA_LIMITS.minModulusBits || bits > RSA_LIMITS.maxModulusBits)
    return `RSA modulus of ${bits} bits (accepted: ${RSA_LIMITS.minModulusBits}–${RSA_LIMITS.maxModulusBits})`;
  if (exponent < 3n || exponent % 2n === 0n || exponent.toString(2).length > RSA_LIMITS.maxExponentBits)
    return `RSA public exponent of ${exponent.toString(2).length} bits${exponent % 2n === 0n ? ', even' : ''} (accepted: odd, 3 ≤ e < 2^${RSA_LIMITS.maxExponentBits})`;
  return undefined;
}

// Byte-equal DER first (the normal case inside one PKI); otherwise RFC 5280 §7.1-style
// comparison as pkijs implements it (case and whitespace folding of string values). Never by
// CN text alone: the whole ordered list of attributes must match.
//
// Path building compares the same cached names on every request, mostly unequal ones (which
// take pkijs's slow string-prep comparison), so outcomes are remembered per pair of name objects.
const nameComparisons = new WeakMap<pkijs.RelativeDistinguishedNames, WeakMap<pkijs.RelativeDistinguishedNames, boolean>>();

export function namesEqual(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  if (a === b) return true;
  let known = nameComparisons.get(a);
  const cached = known?.get(b);
  if (cached !== undefined) return cached;
  const da = a.valueBeforeDecode;
  const db = b.valueBeforeDecode;
  const equal = (da.byteLength > 0 && da.byteLength === db.byteLength && Buffer.from(da).equals(Buffer.from(db))) || a.isEqual(b);
  if (!known) {
    known = new WeakMap();
    nameComparisons.set(a, known);
  }
  known.set(b, equal);
  return equal;
}

class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as recently used.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

const CERTIFICATE_CACHE_LIMIT = 1024;
const certificateCache = new BoundedCache<CertificateInfo>(CERTIFICATE_CACHE_LIMIT);

// Verified "issuer signed subject" links (key: issuer sha256 + subject sha256). A GOST-512
// verification costs milliseconds, and the same intermediate links recur on every request.
export const verifiedLinks = new BoundedCache<true>(4096);

export function certificateCacheSize(): number {
  return certificateCache.size;
}

export function clearCertificateCaches(): void {
  certificateCache.clear();
  verifiedLinks.clear();
}

// The bytes are not BER at all (as opposed to BER that is not a certificate).
export class CertificateDerError extends Error {}

// Throws on a malformed certificate. The cached object must not share memory with the caller's
// buffer (pkijs keeps views such as tbsView into the bytes it parsed, and a reused request buffer
// would silently change a cached certificate), so a cache miss parses a private copy.
export function parseCertificate(der: Uint8Array): CertificateInfo {
  const key = sha256Hex(der);
  const cached = certificateCache.get(key);
  if (cached) return cached;
  const copy = new Uint8Array(der); // Buffer#slice would be a view, not a copy
  const structure = berStructureProblem(copy);
  if (structure) throw new CertificateDerError(`certificate: malformed DER (${structure})`);
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(copy);
  } catch (error) {
    // asn1js throws (instead of reporting) on some broken primitives.
    throw new CertificateDerError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.offset !== copy.byteLength || parsed.result.error) throw new CertificateDerError('certificate: malformed DER');
  const info = new CertificateInfo(copy, new pkijs.Certificate({ schema: parsed.result }));
  certificateCache.set(key, info);
  return info;
}

// Certificates given by callers (trust anchors, extra intermediates): DER, or PEM text with one
// or more CERTIFICATE blocks. Returns the parsed ones and the reasons for the rest.
export function loadCertificates(inputs: readonly (Uint8Array | string)[]): {
  certificates: CertificateInfo[];
  errors: string[];
} {
  const certificates: CertificateInfo[] = [];
  const errors: string[] = [];
  inputs.forEach((input, index) => {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
    const blocks = text.includes('-----BEGIN')
      ? [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)]
          .filter((m) => m[1] === 'CERTIFICATE' || m[1] === 'X509 CERTIFICATE')
          .map((m) => new Uint8Array(Buffer.from(m[2].replace(/\s+/g, ''), 'base64')))
      : [typeof input === 'string' ? new Uint8Array(Buffer.from(input, 'base64')) : input];
    if (blocks.length === 0) errors.push(`certificate #${index}: no CERTIFICATE block`);
    for (const der of blocks) {
      try {
        certificates.push(parseCertificate(der));
      } catch (error) {
        errors.push(`certificate #${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  return { certificates, errors };
}
