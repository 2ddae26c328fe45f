import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PassThrough, Readable, Writable } from 'node:stream';
import { runVerifyCli } from '../../signing/cli/verify-cli';
import type { VerificationReport } from '../../signing/verification/report';
import type { EvidenceDocument } from './evidence-model';
import { EvidenceInputError } from './evidence-model';
import { REFUSAL_TEXT, ZipEntry, readZip, signedFixture, testPkiCaFiles } from './evidence-spec-support';
import { EVIDENCE_MANIFEST_FORMAT, EvidenceIntegrityError, EvidenceManifest, writeEvidenceZip } from './evidence-zip';
import type { TestPki } from '../../signing/test-pki/manifest';

const GENERATED_AT = new Date('2026-11-20T08:00:00Z');
const VERIFY_URL = 'https://edo.example.kz/verify/5d0c7a4e-8d0f-4a51-9a3c-2f1de1a0c007';

async function zipOf(doc: EvidenceDocument): Promise<{ zip: Buffer; manifest: EvidenceManifest }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const manifest = await writeEvidenceZip(doc, sink, { generatedAt: GENERATED_AT, verifyUrl: VERIFY_URL });
  return { zip: Buffer.concat(chunks), manifest };
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

let pki: TestPki;
let doc: EvidenceDocument;
let content: Buffer;
let zip: Buffer;
let manifest: EvidenceManifest;
let entries: Map<string, ZipEntry>;
let workDir: string;

beforeAll(async () => {
  ({ pki, doc, content } = await signedFixture());
  ({ zip, manifest } = await zipOf(doc));
  entries = new Map(readZip(zip).map((e) => [e.name, e]));
  workDir = mkdtempSync(path.join(tmpdir(), 'evidence-zip-'));
  for (const entry of entries.values()) {
    const target = path.join(workDir, entry.name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
  }
}, 120_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const entry = (name: string) => {
  const found = entries.get(name);
  if (!found) throw new Error(`${name} is not in the ZIP (${[...entries.keys()].join(', ')})`);
  return found;
};

describe('writeEvidenceZip: layout and manifest', () => {
  it('holds the original under a safe Unicode name, every CMS, statements, reports, events, audit, README and manifest', () => {
    expect([...entries.keys()]).toEqual([
      'README.txt',
      'document/Шарт № 7 (жеткізу).pdf',
      'signatures/1-sender-sign.p7s',
      'reports/1-sender-sign.json',
      'signatures/2-recipient-sign.p7s',
      'reports/2-recipient-sign.json',
      'signatures/3-recipient-refuse.p7s',
      'signatures/3-recipient-refuse.statement.txt',
      'reports/3-recipient-refuse.json',
      'events.json',
      'audit.json',
      'manifest.json',
    ]);
    expect(entry('document/Шарт № 7 (жеткізу).pdf').utf8Name).toBe(true);
    expect(entry('document/Шарт № 7 (жеткізу).pdf').data.equals(content)).toBe(true);
    expect(entry('signatures/1-sender-sign.p7s').data.equals(Buffer.from(doc.signatures[0].cms))).toBe(true);
    expect(entry('signatures/3-recipient-refuse.statement.txt').data.equals(Buffer.from(REFUSAL_TEXT, 'utf8'))).toBe(true);
  });

  it('the manifest lists the SHA-256 and size of every other file, and they match the extracted bytes', () => {
    const written = JSON.parse(entry('manifest.json').data.toString('utf8')) as EvidenceManifest;
    expect(written).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(written.format).toBe(EVIDENCE_MANIFEST_FORMAT);
    expect(written.files.map((f) => f.path).sort()).toEqual([...entries.keys()].filter((n) => n !== 'manifest.json').sort());
    for (const file of written.files) {
      expect({ path: file.path, sha256: sha256(entry(file.path).data), size: entry(file.path).data.length }).toEqual({
        path: file.path,
        sha256: file.sha256,
        size: file.size,
      });
    }
    expect(written.document).toMatchObject({
      id: doc.id,
      sha256: doc.sha256,
      size: content.length,
      file: 'document/Шарт № 7 (жеткізу).pdf',
      amount: { minor: '123456789', currency: 'KZT' },
    });
  });

  it('says which content each .p7s signs, with the signer from the report', () => {
    expect(manifest.signatures.map((s) => [s.cms, s.signedData, s.report, s.indication])).toEqual([
      ['signatures/1-sender-sign.p7s', 'document/Шарт № 7 (жеткізу).pdf', 'reports/1-sender-sign.json', 'TOTAL_PASSED'],
      ['signatures/2-recipient-sign.p7s', 'document/Шарт № 7 (жеткізу).pdf', 'reports/2-recipient-sign.json', 'TOTAL_PASSED'],
      [
        'signatures/3-recipient-refuse.p7s',
        'signatures/3-recipient-refuse.statement.txt',
        'reports/3-recipient-refuse.json',
        'TOTAL_PASSED',
      ],
    ]);
    expect(manifest.signatures[2].signedDataSha256).toBe(sha256(Buffer.from(REFUSAL_TEXT, 'utf8')));
    expect(manifest.signatures[0].signer).toMatchObject({
      name: expect.stringContaining('НҰРЛАНОВ'),
      iin: expect.stringMatching(/^\d{12}$/),
    });
    expect(manifest.signatures[0].signer?.bin).toMatch(/^\d{12}$/);
    expect(manifest.signatures[0].timestampGenTime).toBe('2026-03-15T09:30:01.000Z');
  });

  it('reports, events and audit are the given data as JSON, times in ISO 8601', () => {
    const report = JSON.parse(entry('reports/2-recipient-sign.json').data.toString('utf8')) as VerificationReport;
    expect(report).toEqual(JSON.parse(JSON.stringify(doc.signatures[1].report)));
    const events = JSON.parse(entry('events.json').data.toString('utf8')) as {
      documentId: string;
      events: { seq: string; at: string }[];
    };
    expect(events.documentId).toBe(doc.id);
    expect(events.events.map((e) => e.seq)).toEqual(['1', '2', '3', '4', '5']);
    expect(events.events[4]).toMatchObject({
      type: 'document.refused',
      reason: 'Сома шартқа сәйкес келмейді',
      data: { recipientId: 'r-2' },
    });
    const audit = JSON.parse(entry('audit.json').data.toString('utf8')) as { entries: { at: string }[] };
    expect(audit.entries).toEqual([expect.objectContaining({ at: '2026-03-15T09:30:00.000Z', action: 'document.download' })]);
  });

  it('the README explains re-verification in Russian, Kazakh and English with a command per signature', () => {
    const readme = entry('README.txt').data.toString('utf8');
    expect(readme).toContain('== Русский ==');
    expect(readme).toContain('== Қазақша ==');
    expect(readme).toContain('== English ==');
    expect(readme).toContain(
      "npm run verify -- cms signatures/1-sender-sign.p7s --data 'document/Шарт № 7 (жеткізу).pdf' --trust NCA_CA_DIR --json",
    );
    expect(readme).toContain('--data signatures/3-recipient-refuse.statement.txt');
    expect(readme).toContain(VERIFY_URL);
  });
});

describe('the evidence ZIP re-verifies with the CLI', () => {
  async function cli(cms: string, data: string): Promise<{ code: number; report?: VerificationReport; err: string }> {
    let out = '';
    let err = '';
    const trust = testPkiCaFiles(pki).flatMap((file) => ['--trust', file]);
    const code = await runVerifyCli(
      [
        'cms',
        path.join(workDir, cms),
        '--data',
        path.join(workDir, data),
        ...trust,
        '--offline',
        '--revocation',
        'off',
        '--json',
      ],
      { out: (t) => (out += t), err: (t) => (err += t) },
    );
    return { code, err, ...(out && { report: JSON.parse(out) as VerificationReport }) };
  }

  it.each([0, 1, 2])(
    'signature %i: exit code 0 and TOTAL_PASSED with the extracted data file, time-stamp included',
    async (index) => {
      const signature = manifest.signatures[index];
      const result = await cli(signature.cms, signature.signedData);
      expect(result.err).toBe('');
      expect(result.report?.indication).toBe('TOTAL_PASSED');
      expect(result.report?.signers[0].adesLevel).toBe('B-T');
      expect(result.code).toBe(0);
    },
  );

  it('a changed byte in the extracted original makes the CLI fail (HASH_FAILURE, exit code 1)', async () => {
    const tampered = Buffer.from(content);
    tampered[20] ^= 0x01;
    writeFileSync(path.join(workDir, 'tampered.pdf'), tampered);
    const result = await cli('signatures/1-sender-sign.p7s', 'tampered.pdf');
    expect(result.report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(result.code).toBe(1);
  });

  it('a statement signature does not verify against the original (each .p7s needs its own content)', async () => {
    const result = await cli('signatures/3-recipient-refuse.p7s', manifest.document.file);
    expect(result.report?.subIndication).toBe('HASH_FAILURE');
    expect(result.code).toBe(1);
  });
});

// Deterministic incompressible bytes, produced chunk by chunk so the test itself holds none of it.
function* noise(total: number, chunkSize = 64 * 1024): Generator<Buffer> {
  let state = 0x9e3779b9;
  for (let produced = 0; produced < total; produced += chunkSize) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkSize, total - produced));
    for (let i = 0; i < chunk.length; i += 4) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      chunk.writeInt32LE(state | 0, i);
    }
    yield chunk;
  }
}

describe('writeEvidenceZip: streaming', () => {
  it('a 50 MiB original passes through without being held in memory', async () => {
    const size = 50 * 1024 * 1024;
    const hash = createHash('sha256');
    for (const chunk of noise(size)) hash.update(chunk);
    const big: EvidenceDocument = {
      ...doc,
      sha256: hash.digest('hex'),
      size,
      contentType: 'application/octet-stream',
      fileName: 'big.bin',
      openContent: () => Promise.resolve(Readable.from(noise(size))),
    };
    // Live memory, not garbage waiting for the next scavenge: collect before each sample.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const memory = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = memory();
    let peak = Number.NEGATIVE_INFINITY;
    let written = 0;
    let nextSample = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        if (written >= nextSample) {
          peak = Math.max(peak, memory());
          nextSample = written + 2 * 1024 * 1024;
        }
        callback();
      },
    });
    const result = await writeEvidenceZip(big, sink, { generatedAt: GENERATED_AT });
    const growthMiB = (peak - baseline) / 1024 / 1024;
    // Holding the original (or the compressed archive) would add at least 50 MiB.
    expect(growthMiB).toBeLessThan(8);
    expect(written).toBeGreaterThan(size);
    expect(result.files.find((f) => f.kind === 'original')).toMatchObject({ path: 'document/big.bin', size, sha256: big.sha256 });
    process.stdout.write(
      `evidence ZIP of a 50 MiB original: ${written} bytes written, largest live heap+buffers sample ${growthMiB.toFixed(1)} MiB above the start\n`,
    );
  }, 120_000);
});

describe('writeEvidenceZip: refusals', () => {
  function failingSink(): { sink: PassThrough; bytes: () => number } {
    let bytes = 0;
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => (bytes += chunk.length));
    return { sink, bytes: () => bytes };
  }

  it('a stored file that is not the signed one stops the package and destroys the output', async () => {
    const other = Buffer.from(content);
    other[0] ^= 0xff;
    const { sink } = failingSink();
    const changed: EvidenceDocument = { ...doc, openContent: () => Promise.resolve(Readable.from([other])) };
    await expect(writeEvidenceZip(changed, sink)).rejects.toThrow(EvidenceIntegrityError);
    expect(sink.destroyed).toBe(true);
  });

  it('a storage read error rejects and destroys the output', async () => {
    const { sink } = failingSink();
    const broken: EvidenceDocument = {
      ...doc,
      openContent: () =>
        Promise.resolve(
          new Readable({
            read() {
              this.destroy(new Error('object storage: connection reset'));
            },
          }),
        ),
    };
    await expect(writeEvidenceZip(broken, sink)).rejects.toThrow('connection reset');
    expect(sink.destroyed).toBe(true);
  });

  it('inconsistent input is refused before anything is written', async () => {
    const { sink, bytes } = failingSink();
    const bad: EvidenceDocument = {
      ...doc,
      sha256: 'ABC',
      signatures: [{ ...doc.signatures[2], statementText: undefined }],
    };
    await expect(writeEvidenceZip(bad, sink)).rejects.toThrow(EvidenceInputError);
    await expect(writeEvidenceZip(bad, sink)).rejects.toThrow(
      /sha256 must be.*signatures\[0\]: a statement signature needs statementText/,
    );
    expect(bytes()).toBe(0);
  });
});
