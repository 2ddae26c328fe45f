// Full CMS/CAdES-BES verification throughput with verifyCms, next to "the floor" measured in the
// same run (shared/docs/perf-baseline.md, node-min without chain): a hand-written DER walk plus
// node:crypto for the RSA case, i.e. what any correct verifier in Node pays at least.
// Run: npx ts-node --transpile-only bench/verify.bench.ts [seconds per case]
//
// Signatures are made here with the committed test PKI (certs/test-pki) through cades.ts:
// signer → issuing CA (carried in the CMS) → root (the trust anchor). verifyCms runs with
// revocation off and a fixed validation time, so nothing goes to the network and the result does
// not depend on the day the benchmark is run. Its certificate and verified-link caches are warm
// after the warm-up, which is the steady state of a service that sees the same CAs all day.
// Every timed verification must pass (TOTAL_PASSED, or true for the floor): a benchmark of
// failing verifications measures the early exit, not the verifier.

import { X509Certificate, createHash, verify as nodeVerify } from 'node:crypto';
import * as path from 'node:path';
import { createCadesBes } from '../src/signing/test-pki/cades';
import { TestKeyAlgorithm, digestOidOf } from '../src/signing/test-pki/keys';
import { TestPki, loadTestPki } from '../src/signing/test-pki/manifest';
import { Hierarchy } from '../src/signing/test-pki/profiles';
import { computeDigest, digestAlgorithm } from '../src/signing/verification/algorithms';
import { VerifyCmsInput, verifyCms } from '../src/signing/verification/cms-verifier';

const SECONDS = Number(process.argv[2] ?? 3);
// A 10 MiB GOST case hashes in pure JS (~0.6-0.9 s per op, and that moves by ±30 % within one
// run): a fixed time alone would give one or two samples, so every case runs at least this many
// timed ops. Its hashing share is then only good to "about all of it" (it can print above 100 %).
const MIN_OPS = 3;
const WARMUP_SECONDS = 0.5;
const VALIDATION_TIME = new Date('2026-01-01T00:00:00Z');
const SIGNING_TIME = new Date('2025-12-01T00:00:00Z');
const GOST2015_TARGET = 300;
const OPENSSL_GOST_REFERENCE = 1400;

// ---------------------------------------------------------------------------------------------
// The floor: minimal RSA CAdES verifier. DER only (no BER, no indefinite lengths), SHA-256 with
// RSA PKCS#1 v1.5 only, the signer found by issuerAndSerialNumber, no chain, no policy.

interface Tlv {
  readonly tag: number;
  // Offset of the tag byte, of the value, and one past the value.
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
}

function tlv(der: Uint8Array, offset: number, limit = der.length): Tlv {
  if (offset + 2 > limit) throw new Error(`floor: truncated TLV at ${offset}`);
  const tag = der[offset];
  // Every tag CMS uses here has a number below 31: a high-tag-number form means this is not the
  // structure we expect.
  if ((tag & 0x1f) === 0x1f) throw new Error(`floor: high tag number at ${offset}`);
  let length = der[offset + 1];
  let valueStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error(`floor: unsupported length form at ${offset}`);
    if (valueStart + count > limit) throw new Error(`floor: truncated length at ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[valueStart + i];
    valueStart += count;
  }
  const end = valueStart + length;
  if (end > limit) throw new Error(`floor: value overruns its parent at ${offset}`);
  return { tag, start: offset, valueStart, end };
}

// The next element after `previous`, inside `parent`.
const next = (der: Uint8Array, previous: Tlv, parent: Tlv): Tlv => tlv(der, previous.end, parent.end);
const first = (der: Uint8Array, parent: Tlv): Tlv => tlv(der, parent.valueStart, parent.end);

function expectTag(element: Tlv, tag: number, what: string): Tlv {
  if (element.tag !== tag) throw new Error(`floor: ${what}: tag 0x${element.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  return element;
}

const bytesOf = (der: Uint8Array, element: Tlv): Buffer =>
  Buffer.from(der.buffer, der.byteOffset + element.start, element.end - element.start);
const valueOf = (der: Uint8Array, element: Tlv): Buffer =>
  Buffer.from(der.buffer, der.byteOffset + element.valueStart, element.end - element.valueStart);

// OID value bytes, compared as bytes so the floor never decodes an OID.
const OID_SIGNED_DATA = Buffer.from('2a864886f70d010702', 'hex');
const OID_MESSAGE_DIGEST = Buffer.from('2a864886f70d010904', 'hex');
const OID_SHA256 = Buffer.from('608648016503040201', 'hex');
const OID_RSA = Buffer.from('2a864886f70d010101', 'hex');
const OID_SHA256_RSA = Buffer.from('2a864886f70d01010b', 'hex');

// issuer and serialNumber TLVs of a certificate, for matching the SignerInfo's sid.
function issuerAndSerial(der: Uint8Array, cert: Tlv): { issuer: Buffer; serial: Buffer } {
  const tbs = expectTag(first(der, cert), 0x30, 'tbsCertificate');
  let element = first(der, tbs);
  if (element.tag === 0xa0) element = next(der, element, tbs); // [0] version
  const serial = expectTag(element, 0x02, 'serialNumber');
  const signature = expectTag(next(der, serial, tbs), 0x30, 'tbs signature');
  const issuer = expectTag(next(der, signature, tbs), 0x30, 'issuer');
  return { issuer: bytesOf(der, issuer), serial: bytesOf(der, serial) };
}

// true: messageDigest matches and the signature verifies with the signer certificate's key.
function floorVerifyRsa(der: Uint8Array, detached?: Uint8Array): boolean {
  const contentInfo = expectTag(tlv(der, 0), 0x30, 'ContentInfo');
  const contentType = expectTag(first(der, contentInfo), 0x06, 'contentType');
  if (!valueOf(der, contentType).equals(OID_SIGNED_DATA)) throw new Error('floor: not SignedData');
  const explicit = expectTag(next(der, contentType, contentInfo), 0xa0, 'content');
  const signedData = expectTag(first(der, explicit), 0x30, 'SignedData');
  const version = expectTag(first(der, signedData), 0x02, 'version');
  const digestAlgorithms = expectTag(next(der, version, signedData), 0x31, 'digestAlgorithms');
  const encap = expectTag(next(der, digestAlgorithms, signedData), 0x30, 'encapContentInfo');

  let content = detached;
  const eContentType = expectTag(first(der, encap), 0x06, 'eContentType');
  if (eContentType.end < encap.end) {
    const wrapper = expectTag(next(der, eContentType, encap), 0xa0, 'eContent');
    // A constructed (chunked) OCTET STRING is BER: out of scope for the floor.
    content = valueOf(der, expectTag(first(der, wrapper), 0x04, 'eContent OCTET STRING'));
  }
  if (!content) throw new Error('floor: detached signature and no data');

  let element = next(der, encap, signedData);
  let certificates: Tlv | undefined;
  if (element.tag === 0xa0) {
    certificates = element;
    element = next(der, element, signedData);
  }
  if (element.tag === 0xa1) element = next(der, element, signedData); // crls
  const signerInfos = expectTag(element, 0x31, 'signerInfos');
  const signerInfo = expectTag(first(der, signerInfos), 0x30, 'SignerInfo');
  if (signerInfo.end !== signerInfos.end) throw new Error('floor: one signer only');

  const siVersion = expectTag(first(der, signerInfo), 0x02, 'SignerInfo version');
  const sid = expectTag(next(der, siVersion, signerInfo), 0x30, 'sid (issuerAndSerialNumber)');
  const sidIssuer = expectTag(first(der, sid), 0x30, 'sid issuer');
  const sidSerial = expectTag(next(der, sidIssuer, sid), 0x02, 'sid serial');
  const digestAlgorithm = expectTag(next(der, sid, signerInfo), 0x30, 'digestAlgorithm');
  if (!valueOf(der, expectTag(first(der, digestAlgorithm), 0x06, 'digest OID')).equals(OID_SHA256))
    throw new Error('floor: SHA-256 only');
  const signedAttrs = expectTag(next(der, digestAlgorithm, signerInfo), 0xa0, 'signedAttrs');
  const signatureAlgorithm = expectTag(next(der, signedAttrs, signerInfo), 0x30, 'signatureAlgorithm');
  const signatureOid = valueOf(der, expectTag(first(der, signatureAlgorithm), 0x06, 'signature OID'));
  if (!signatureOid.equals(OID_SHA256_RSA) && !signatureOid.equals(OID_RSA)) throw new Error('floor: RSA only');
  const signature = valueOf(der, expectTag(next(der, signatureAlgorithm, signerInfo), 0x04, 'signature'));

  let messageDigest: Buffer | undefined;
  for (let attr = first(der, signedAttrs); ; attr = next(der, attr, signedAttrs)) {
    const type = expectTag(first(der, attr), 0x06, 'attribute type');
    if (valueOf(der, type).equals(OID_MESSAGE_DIGEST)) {
      const values = expectTag(next(der, type, attr), 0x31, 'attribute values');
      messageDigest = valueOf(der, expectTag(first(der, values), 0x04, 'messageDigest'));
      break;
    }
    if (attr.end === signedAttrs.end) break;
  }
  if (!messageDigest) throw new Error('floor: no messageDigest attribute');
  if (!createHash('sha256').update(content).digest().equals(messageDigest)) return false;

  if (!certificates) throw new Error('floor: no certificates in the CMS');
  const issuer = bytesOf(der, sidIssuer);
  const serial = bytesOf(der, sidSerial);
  let signerCert: Buffer | undefined;
  for (let cert = first(der, certificates); ; cert = next(der, cert, certificates)) {
    const id = issuerAndSerial(der, cert);
    if (id.serial.equals(serial) && id.issuer.equals(issuer)) {
      signerCert = bytesOf(der, cert);
      break;
    }
    if (cert.end === certificates.end) break;
  }
  if (!signerCert) throw new Error('floor: signer certificate not in the CMS');

  // The signature covers the DER of SET OF Attribute: the same bytes with the [0] IMPLICIT tag
  // replaced by SET (RFC 5652 §5.4). Lengths are unchanged, so only the first byte differs.
  const signedBytes = Buffer.from(bytesOf(der, signedAttrs));
  signedBytes[0] = 0x31;
  return nodeVerify('sha256', signedBytes, new X509Certificate(signerCert).publicKey, signature);
}

// ---------------------------------------------------------------------------------------------
// Timing

interface Measurement {
  readonly ops: number;
  readonly ns: number;
}

const perSecond = (m: Measurement): number => (m.ops * 1e9) / m.ns;
const msPerOp = (m: Measurement): number => m.ns / 1e6 / m.ops;

// One op at a time (no concurrency), each op awaited: throughput of a single request stream.
async function measure(op: () => Promise<void> | void, seconds: number, minOps: number): Promise<Measurement> {
  const limit = BigInt(Math.round(seconds * 1e9));
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < limit || ops < minOps) {
    await op();
    ops++;
    elapsed = process.hrtime.bigint() - start;
  }
  return { ops, ns: Number(elapsed) };
}

async function warmUp(op: () => Promise<void> | void): Promise<void> {
  await measure(op, WARMUP_SECONDS, 2);
}

// Alternates the measurements in short rounds so that they all see the same machine state: on a
// noisy guest, a ratio of two figures taken seconds apart mostly measures the noise (a first run
// that timed the hash on its own gave hashing shares above 100 %).
async function interleaved(ops: readonly (() => Promise<void> | void)[], seconds: number, rounds = 3): Promise<Measurement[]> {
  const totals = ops.map(() => ({ ops: 0, ns: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, op] of ops.entries()) {
      const m = await measure(op, seconds / rounds, 1);
      totals[i].ops += m.ops;
      totals[i].ns += m.ns;
    }
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Cases

interface Case {
  readonly label: string;
  readonly algorithm: TestKeyAlgorithm;
  readonly cms: Uint8Array;
  readonly data?: Uint8Array;
  readonly anchors: readonly Uint8Array[];
}

const HIERARCHY: Record<TestKeyAlgorithm, Hierarchy> = {
  'rsa-sha256': 'rsa',
  'gost2015-512': 'gost2015',
  gost2004: 'gost2004',
};

const ALGORITHM_LABEL: Record<TestKeyAlgorithm, string> = {
  'rsa-sha256': 'RSA-2048',
  'gost2015-512': 'GOST-2015-512',
  gost2004: 'GOST-2004',
};

async function makeCase(pki: TestPki, algorithm: TestKeyAlgorithm, size: 'small' | 'large'): Promise<Case> {
  const hierarchy = HIERARCHY[algorithm];
  const signer = pki.get(`${hierarchy}/individual-sign`);
  const ca = pki.issuerOf(signer);
  const root = pki.issuerOf(ca);
  // Not all zeros and not all the same byte, so no hash takes a lucky path on trivial input.
  const content = Buffer.alloc(size === 'small' ? 1024 : 10 * 1024 * 1024);
  for (let i = 0; i < content.length; i++) content[i] = (i * 2654435761) >>> 24;
  const detached = size === 'large';
  const cms = await createCadesBes(signer, content, { detached, signingTime: SIGNING_TIME, extraCertificates: [ca.der] });
  return {
    label: `${ALGORITHM_LABEL[algorithm]} ${size === 'small' ? '1 KiB attached' : '10 MiB detached'}`,
    algorithm,
    cms,
    ...(detached && { data: content }),
    anchors: [root.der],
  };
}

// Each op starts from its own copy of the CMS, like a request body; detached data stays in place
// (a service would hash it as it arrives, not copy it).
function verifyCmsOp(c: Case): () => Promise<void> {
  const input: Omit<VerifyCmsInput, 'cms'> = {
    ...(c.data && { data: c.data }),
    trustAnchors: c.anchors,
    validationTime: VALIDATION_TIME,
    policy: { revocation: 'off', revocationOnline: false },
  };
  return async () => {
    const report = await verifyCms({ cms: Buffer.from(c.cms), ...input });
    if (report.indication !== 'TOTAL_PASSED') {
      const detail = report.signers[0]?.subIndication ?? report.subIndication ?? report.error?.message ?? '';
      throw new Error(`${c.label}: verifyCms gave ${report.indication} ${detail}`);
    }
  };
}

function floorOp(c: Case): () => void {
  return () => {
    if (!floorVerifyRsa(Buffer.from(c.cms), c.data)) throw new Error(`${c.label}: the floor rejected the signature`);
  };
}

// The floor must say no to a wrong document, or its "yes" means nothing.
function checkFloorRejects(c: Case): void {
  const content = c.data ? Buffer.from(c.data) : undefined;
  const cms = Buffer.from(c.cms);
  if (content) content[content.length >> 1] ^= 0x01;
  else cms[cms.length - 10] ^= 0x01; // inside the signature value, the last field of the CMS
  let accepted: boolean;
  try {
    accepted = floorVerifyRsa(cms, content);
  } catch {
    accepted = false;
  }
  if (accepted) throw new Error(`${c.label}: the floor accepted a tampered signature`);
}

interface Row {
  readonly label: string;
  readonly verifyCms: Measurement;
  readonly floor?: Measurement;
  // Hashing the content alone, with the verifier's own hash code path (for SHA-256 that is
  // createHash, the same call the floor makes).
  readonly hash?: Measurement;
}

async function runCase(c: Case): Promise<Row> {
  const verifyOp = verifyCmsOp(c);
  // The first call fills the certificate and verified-link caches (and the GOST key cache).
  await verifyOp();
  await warmUp(verifyOp);
  const ops: (() => Promise<void> | void)[] = [verifyOp];
  const rsa = c.algorithm === 'rsa-sha256';
  if (rsa) {
    checkFloorRejects(c);
    const floor = floorOp(c);
    await warmUp(floor);
    ops.push(floor);
  }
  const data = c.data;
  if (data) {
    const digest = digestAlgorithm(digestOidOf(c.algorithm));
    if (!digest) throw new Error(`${c.label}: no digest algorithm`);
    const hash = (): void => {
      computeDigest(digest, data);
    };
    hash();
    ops.push(hash);
  }
  const measured = await interleaved(ops, SECONDS * ops.length);
  const [verify, ...rest] = measured;
  if (verify.ops < MIN_OPS) {
    // Only the slow GOST 10 MiB cases get here: top up so the figure rests on a few samples.
    const more = await measure(verifyOp, 0, MIN_OPS - verify.ops);
    measured[0] = { ops: verify.ops + more.ops, ns: verify.ns + more.ns };
  }
  return {
    label: c.label,
    verifyCms: measured[0],
    ...(rsa && { floor: rest[0] }),
    ...(data && { hash: rest[rsa ? 1 : 0] }),
  };
}

const fmtRate = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1)).padStart(8);
const fmtMs = (n: number): string => (n >= 10 ? n.toFixed(1) : n.toFixed(3)).padStart(9);
const pct = (n: number): string => `${(n * 100).toFixed(0)} %`.padStart(6);

async function main(): Promise<void> {
  const pki = loadTestPki(path.resolve(__dirname, '../certs/test-pki'));
  console.log(
    `Node ${process.version}, ${SECONDS} s per case (min ${MIN_OPS} ops), validation time ${VALIDATION_TIME.toISOString()}, revocation off`,
  );
  const rows: Row[] = [];
  for (const algorithm of ['rsa-sha256', 'gost2015-512', 'gost2004'] as const) {
    for (const size of ['small', 'large'] as const) {
      const c = await makeCase(pki, algorithm, size);
      const row = await runCase(c);
      rows.push(row);
      // Progress on the way: the GOST 10 MiB cases take a while.
      console.log(`  done: ${row.label} (${row.verifyCms.ops} ops)`);
    }
  }

  console.log('');
  console.log(
    `${'case'.padEnd(30)} ${'verifyCms/s'.padStart(11)} ${'ms/op'.padStart(9)} ${'floor/s'.padStart(8)} ${'ms/op'.padStart(9)} ${'ratio'.padStart(6)}  hashing share (verifyCms | floor)`,
  );
  for (const row of rows) {
    const floor = row.floor;
    const cells = [
      row.label.padEnd(30),
      fmtRate(perSecond(row.verifyCms)).padStart(11),
      fmtMs(msPerOp(row.verifyCms)),
      floor ? fmtRate(perSecond(floor)) : '-'.padStart(8),
      floor ? fmtMs(msPerOp(floor)) : '-'.padStart(9),
      floor ? pct(perSecond(row.verifyCms) / perSecond(floor)) : '-'.padStart(6),
    ];
    let share = '';
    if (row.hash) {
      const hashMs = msPerOp(row.hash);
      share = `${pct(hashMs / msPerOp(row.verifyCms)).trim()}`;
      if (floor) share += ` | ${pct(hashMs / msPerOp(floor)).trim()}`;
      share += `  (hash alone ${hashMs.toFixed(1)} ms)`;
    }
    console.log(`${cells.join(' ')}  ${share}`);
  }
  console.log('ratio = verifyCms ops/s ÷ floor ops/s (RSA only). All figures of a case are measured interleaved.');
  console.log(
    'A ratio above 100 % is possible: verifyCms keeps parsed certificates (and the signer key object) in its cache, ' +
      'while the floor parses the signer certificate with X509Certificate on every op.',
  );
  console.log("hashing share = hashing the content alone (the verifier's own hash code) ÷ one verification.");

  const gost = rows.find((r) => r.label.startsWith('GOST-2015-512 1 KiB'));
  if (gost) {
    const rate = perSecond(gost.verifyCms);
    console.log(
      `GOST-2015-512 1 KiB: ${rate.toFixed(0)}/s; target ≥ ${GOST2015_TARGET}/s → ${rate >= GOST2015_TARGET ? 'met' : 'NOT met'} ` +
        `(reference: OpenSSL's native GOST engine ≈ ${OPENSSL_GOST_REFERENCE.toLocaleString('en')}/s for the signature alone, implementation-notes.md)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
