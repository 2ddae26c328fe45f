// CRL index: build time, memory and lookup time for a CRL the size of the production NCA GOST CRL
// (~420,000 entries), next to baselines measured in the same run:
//  - a plain Map<hex serial, Date> filled from the same DER walk (the obvious JavaScript approach);
//  - pkijs's object model, on a 10 % sample (the whole CRL as pkijs objects is what we avoid).
// Run: npx ts-node --transpile-only bench/crl-index.bench.ts [entries]
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pkijs from 'pkijs';
import { children, readElement, readTime } from '../src/signing/revocation/der-reader';
import { CrlIndex } from '../src/signing/revocation/crl-index';

const ENTRIES = Number(process.argv[2] ?? 420_000);

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...parts: Buffer[]) => tlvOf(tag, parts);
const tlvOf = (tag: number, parts: Buffer[]) => {
  const value = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(value.length), value]);
};
const utcTime = (date: Date) => tlv(0x17, Buffer.from(date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z', 'latin1'));
const oid = (bytes: number[]) => tlv(0x06, Buffer.from(bytes));
const SHA256_RSA = tlv(0x30, oid([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]), Buffer.from([0x05, 0x00]));
const REASON = tlv(0x30, tlv(0x30, oid([0x55, 0x1d, 0x15]), tlv(0x04, tlv(0x0a, Buffer.from([1])))));

// A syntactically real CRL with random 20-byte serials (signature bytes are filler: the index
// does not verify, the caller does).
function makeCrl(count: number): { der: Buffer; serials: Buffer[] } {
  const serials: Buffer[] = [];
  const entries: Buffer[] = [];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const serial = randomBytes(20);
    serial[0] = (serial[0] & 0x7f) | 0x10; // positive, minimal INTEGER encoding
    serials.push(serial);
    const parts = [tlv(0x02, serial), utcTime(new Date(base + i * 60_000))];
    if (i % 3 === 0) parts.push(REASON);
    entries.push(tlv(0x30, ...parts));
  }
  const issuer = tlv(
    0x30,
    tlv(0x31, tlv(0x30, oid([0x55, 0x04, 0x03]), tlv(0x0c, Buffer.from('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)')))),
  );
  const tbs = tlv(
    0x30,
    tlv(0x02, Buffer.from([1])),
    SHA256_RSA,
    issuer,
    utcTime(new Date(base)),
    utcTime(new Date(base + 86_400_000)),
    tlvOf(0x30, entries),
  );

  return { der: tlv(0x30, tbs, SHA256_RSA, tlv(0x03, Buffer.from([0]), randomBytes(256))), serials };
}

// Several passes: one gc() call does not always reach a full collection.
const collect = () => {
  for (let i = 0; i < 4; i++) global.gc?.();
};

function measure<T>(build: () => T): { value: T; ms: number; bytes: number } {
  collect();
  const before = process.memoryUsage();
  const started = performance.now();
  const value = build();
  const ms = performance.now() - started;
  collect();
  const after = process.memoryUsage();
  return { value, ms, bytes: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers };
}

function mapBaseline(der: Buffer): Map<string, Date> {
  const map = new Map<string, Date>();
  const list = readElement(der, 0);
  const tbs = readElement(der, list.valueStart);
  const revoked = [...children(der, tbs)].find((element, i) => i > 3 && element.tag === 0x30)!;
  for (const entry of children(der, revoked)) {
    const serial = readElement(der, entry.valueStart, entry.end);
    map.set(der.toString('hex', serial.valueStart, serial.end), readTime(der, readElement(der, serial.end, entry.end)));
  }
  return map;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const { der, serials } = makeCrl(ENTRIES);
console.log(
  `CRL: ${ENTRIES.toLocaleString('en')} entries, ${mib(der.length)} DER${global.gc ? '' : ' (run with --expose-gc for exact memory)'}`,
);

const index = measure(() => CrlIndex.fromDer(der));
const baseline = measure(() => mapBaseline(der));
// pkijs on the real 126-entry NCA RSA test CRL, repeated, as a per-entry cost.
const realCrl = readFileSync(path.resolve(__dirname, '../certs/nca-test/ncanode/crl/nca_rsa_test.crl'));
const realEntries = CrlIndex.fromDer(realCrl).size;
const pkijsRepeats = 200;
const pkijsSample = measure(() => {
  const kept = [];
  for (let i = 0; i < pkijsRepeats; i++) {
    kept.push(new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(new Uint8Array(realCrl)).result }));
  }
  return kept;
});
const pkijsPerEntryMs = pkijsSample.ms / (pkijsRepeats * realEntries);
const pkijsPerEntryBytes = pkijsSample.bytes / (pkijsRepeats * realEntries);

function lookupNs(find: (serial: Buffer) => unknown, probes: Buffer[]): number {
  const started = process.hrtime.bigint();
  let found = 0;
  for (const probe of probes) if (find(probe)) found++;
  const elapsed = Number(process.hrtime.bigint() - started) / probes.length;
  if (found === 0) throw new Error('lookups found nothing');
  return elapsed;
}
const probes = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? serials[(i * 7919) % serials.length] : randomBytes(20)));
const indexNs = lookupNs((serial) => index.value.lookup(serial), probes);
const mapNs = lookupNs((serial) => baseline.value.get(serial.toString('hex')), probes);

console.log(
  `CrlIndex           build ${index.ms.toFixed(0)} ms   memory ${mib(index.value.memoryBytes)} (heap+buffers delta ${mib(index.bytes)})   lookup ${(indexNs / 1000).toFixed(2)} µs`,
);
console.log(
  `Map baseline       build ${baseline.ms.toFixed(0)} ms   heap+buffers delta ${mib(baseline.bytes)}   lookup ${(mapNs / 1000).toFixed(2)} µs`,
);
console.log(
  `pkijs objects      ${(pkijsPerEntryMs * 1000).toFixed(1)} µs and ${pkijsPerEntryBytes.toFixed(0)} B per entry → for ${ENTRIES.toLocaleString('en')}: ≈ ${((pkijsPerEntryMs * ENTRIES) / 1000).toFixed(1)} s, ${mib(pkijsPerEntryBytes * ENTRIES)}`,
);
console.log(
  `ratios vs Map: build ×${(index.ms / baseline.ms).toFixed(2)}, memory ×${(index.value.memoryBytes / baseline.bytes).toFixed(2)}, lookup ×${(indexNs / mapNs).toFixed(2)}`,
);
console.log(
  `targets: build < 2 s, < 60 MB, lookup < 10 µs → ${index.ms < 2000 && index.value.memoryBytes < 60e6 && indexNs < 10_000 ? 'met' : 'NOT met'}`,
);
