// Shared by the evidence specs: a document with real CAdES signatures from the committed test PKI
// (so the CLI can re-verify them against the same CA files), a small ZIP reader and a small PDF
// text extractor, both written here so the specs need no system tools.

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { REPO_ROOT, loadTrustStores } from '../../signing/api/trust-stores';
import { createCadesBes } from '../../signing/test-pki/cades';
import { TestPki, loadTestPki } from '../../signing/test-pki/manifest';
import { TestTsa, inProcessTimestamper } from '../../signing/test-pki/test-tsa';
import { verifyCms } from '../../signing/verification/cms-verifier';
import type { VerificationReport } from '../../signing/verification/report';
import { testPkiRevocationFetcher } from '../../signing/api/bundled-crls';
import type { EvidenceDocument, EvidenceSignature } from './evidence-model';

export const TEST_PKI_DIR = path.join(REPO_ROOT, 'certs/test-pki');

// Every uppercase letter of the Kazakh alphabet that Russian lacks.
export const KAZAKH_CAPITALS = 'ӘҒҚҢӨҰҮҺІ';

export const SIGNED_AT = new Date('2026-03-15T09:30:00Z');

export const REFUSAL_TEXT = 'Бас тарту / Отказ: сома шартқа сәйкес келмейді; сумма не соответствует договору. Құжат: № 7-Ә.\n';

// The CA certificate files of the committed test PKI: what `--trust` gets in the CLI runs.
export function testPkiCaFiles(pki: TestPki): string[] {
  return pki.entities
    .filter((e) => e.role === 'root-ca' || e.role === 'issuing-ca')
    .map((e) => path.join(TEST_PKI_DIR, e.certificateFile));
}

export function pdfLikeContent(): Buffer {
  return Buffer.from(
    '%PDF-1.7\n% Шарт № 7 / Жеткізу шарты\n1 0 obj << /Type /Catalog >> endobj\n' + 'x'.repeat(2000) + '\n%%EOF\n',
    'utf8',
  );
}

// One long function on purpose (over 80 lines): it builds one complete signed document step by step
// as the flow does, and the specs read it as that document's story; cut into pieces it would pass a
// dozen shared values around.
export async function signedFixture(): Promise<{ pki: TestPki; content: Buffer; doc: EvidenceDocument }> {
  const pki = loadTestPki(TEST_PKI_DIR);
  const anchors = loadTrustStores(['test-pki']);
  const content = pdfLikeContent();
  const stamp = (offsetSeconds: number) =>
    inProcessTimestamper(new TestTsa(pki, { clock: () => new Date(SIGNED_AT.getTime() + offsetSeconds * 1000) }));

  const revocationFetcher = testPkiRevocationFetcher(undefined, {
    fetch: (url) => Promise.reject(new Error(`not a test-PKI address: ${url}`)),
  });
  const report = (cms: Uint8Array, data: Uint8Array, at: Date): Promise<VerificationReport> =>
    // Revocation checked as the service checks it (the test PKI's CRLs, in-process): a report
    // without it would be no TOTAL_PASSED in the card and manifest (signatureVerdict).
    verifyCms({
      cms,
      data,
      validationTime: at,
      trustAnchors: anchors,
      policy: { revocation: 'require', revocationOnline: true },
      revocationFetcher,
    });

  const make = async (
    id: string,
    entity: string,
    offsetSeconds: number,
    rest: Pick<EvidenceSignature, 'role' | 'action' | 'signedContent' | 'statementText'>,
  ): Promise<EvidenceSignature> => {
    const data = rest.signedContent === 'statement' ? Buffer.from(rest.statementText ?? '', 'utf8') : content;
    const signingTime = new Date(SIGNED_AT.getTime() + offsetSeconds * 1000);
    const cms = await createCadesBes(pki.get(entity), data, { detached: true, signingTime, timestamp: stamp(offsetSeconds + 1) });
    const acceptedAt = new Date(signingTime.getTime() + 5000);
    return { id, cms, report: await report(cms, data, acceptedAt), acceptedAt, ...rest };
  };

  const signatures = [
    await make('sig-1', 'rsa/ceo-sign', 0, { role: 'sender', action: 'sign', signedContent: 'document' }),
    await make('sig-2', 'gost2015/can-sign-sign', 3600, { role: 'recipient', action: 'sign', signedContent: 'document' }),
    await make('sig-3', 'gost2015/employee-sign', 7200, {
      role: 'recipient',
      action: 'refuse',
      signedContent: 'statement',
      statementText: REFUSAL_TEXT,
    }),
  ];

  const doc: EvidenceDocument = {
    id: '5d0c7a4e-8d0f-4a51-9a3c-2f1de1a0c007',
    title: `Жеткізу шарты № 7 — ${KAZAKH_CAPITALS}`,
    kind: 'contract',
    number: '7-Ә',
    date: '2026-03-14',
    amount: { minor: '123456789', currency: 'KZT' },
    sha256: createHash('sha256').update(content).digest('hex'),
    size: content.length,
    contentType: 'application/pdf',
    fileName: '../Шарт № 7 (жеткізу).pdf',
    createdAt: new Date(SIGNED_AT.getTime() - 60_000),
    sender: { name: 'ТОО "ЭДО ТЕСТ"', identifier: '150140001235' },
    recipients: [
      {
        name: 'ЖШС «Ұлы Дала Құрылыс»',
        identifier: '200340012345',
        email: 'buh@example.kz',
        statuses: { status: 'signed_by_both', receipt: 'opened', response: 'signed', annulment: 'none' },
      },
      {
        name: 'ЖШС «Өрнек»',
        identifier: '190240054321',
        statuses: { status: 'refused', receipt: 'opened', response: 'refused', annulment: 'none' },
      },
    ],
    signatures,
    events: [
      {
        seq: '1',
        type: 'document.uploaded',
        at: new Date(SIGNED_AT.getTime() - 60_000),
        actorType: 'user',
        actorName: 'Нұрланов Е.',
        organizationName: 'ТОО "ЭДО ТЕСТ"',
      },
      { seq: '2', type: 'document.signed_by_sender', at: signatures[0].acceptedAt, actorType: 'user', actorName: 'Нұрланов Е.' },
      { seq: '3', type: 'document.sent', at: signatures[0].acceptedAt, actorType: 'user', actorName: 'Нұрланов Е.' },
      {
        seq: '4',
        type: 'document.signed_by_recipient',
        at: signatures[1].acceptedAt,
        actorType: 'user',
        actorName: 'Смирнова А.',
      },
      {
        seq: '5',
        type: 'document.refused',
        at: signatures[2].acceptedAt,
        actorType: 'link',
        actorName: 'Омаров Д.',
        actorIdentifier: '850315300128',
        reason: 'Сома шартқа сәйкес келмейді',
        data: { recipientId: 'r-2' },
      },
    ],
    audit: [{ id: 'a-1', at: SIGNED_AT, action: 'document.download', actor: 'user:42', ip: '10.0.0.7' }],
    openContent: () => Promise.resolve(Readable.from([content])),
  };
  return { pki, content, doc };
}

// ---- ZIP -------------------------------------------------------------------------------------

export interface ZipEntry {
  readonly name: string;
  readonly utf8Name: boolean;
  readonly method: number;
  readonly data: Buffer;
}

// Reads the central directory (APPNOTE 4.3.12, 4.3.16) and inflates every entry, checking its CRC.
export function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`${name}: bad local header`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? inflateRawSync(raw) : method === 0 ? Buffer.from(raw) : undefined;
    if (!data) throw new Error(`${name}: unsupported method ${method}`);
    if (data.length !== size) throw new Error(`${name}: size ${data.length}, expected ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, utf8Name: (flags & 0x0800) !== 0, method, data });
  }
  return entries;
}

// ---- PDF -------------------------------------------------------------------------------------

interface PdfObject {
  readonly id: number;
  readonly dict: string;
  readonly stream?: Buffer;
}

export function pdfObjects(pdf: Buffer): PdfObject[] {
  const text = pdf.toString('latin1');
  const objects: PdfObject[] = [];
  const header = /(\d+) 0 obj\s*/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const bodyStart = header.lastIndex;
    const endObj = text.indexOf('endobj', bodyStart);
    const streamAt = text.indexOf('stream', bodyStart);
    if (streamAt < 0 || streamAt > endObj) {
      objects.push({ id: Number(match[1]), dict: text.slice(bodyStart, endObj) });
      continue;
    }
    // Binary stream data may contain anything, "endobj" included: /Length says where it ends.
    const dict = text.slice(bodyStart, streamAt);
    const length = /\/Length (\d+)/.exec(dict);
    if (!length) throw new Error(`object ${match[1]}: stream without a direct /Length`);
    const start = streamAt + 'stream'.length + (text[streamAt + 6] === '\r' ? 2 : 1);
    let data = pdf.subarray(start, start + Number(length[1]));
    if (/\/Filter\s*\/FlateDecode/.test(dict)) data = inflateSync(data);
    objects.push({ id: Number(match[1]), dict, stream: data });
    header.lastIndex = text.indexOf('endobj', start + Number(length[1]));
  }
  return objects;
}

// bfchar / bfrange entries of a ToUnicode CMap: glyph code → text.
function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  // Hex strings may contain white space (pdfkit writes a ligature as <0066 0069>).
  const utf16 = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, src, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g))
      map.set(parseInt(src, 16), utf16(dst));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const from = parseInt(lo, 16);
      const to = parseInt(hi, 16);
      if (rest.startsWith('[')) {
        const targets = [...rest.matchAll(/<([0-9a-fA-F\s]+)>/g)].map((m) => m[1]);
        targets.forEach((dst, i) => map.set(from + i, utf16(dst)));
      } else {
        const base = parseInt(rest.slice(1, -1).replace(/\s+/g, ''), 16);
        for (let code = from; code <= to; code++) map.set(code, String.fromCodePoint(base + code - from));
      }
    }
  }
  return map;
}

export interface PdfText {
  // One entry per text-showing operator, in content order, across all pages.
  readonly lines: string[];
  // Every code point some embedded font maps a glyph to.
  readonly mappedCodePoints: Set<number>;
  readonly fontNames: string[];
  readonly pageCount: number;
}

// Enough of a PDF text extractor for pdfkit's output: font resources → ToUnicode CMaps, then the
// Tf / Tj / TJ operators of every content stream decoded through the current font's map.
export function extractPdfText(pdf: Buffer): PdfText {
  const objects = pdfObjects(pdf);
  const byId = new Map(objects.map((o) => [o.id, o]));
  const fontMaps = new Map<string, Map<number, string>>();
  const fontNames: string[] = [];
  const mappedCodePoints = new Set<number>();
  for (const object of objects) {
    for (const [, resource, ref] of object.dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const font = byId.get(Number(ref));
      const toUnicodeRef = font && /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict);
      const stream = toUnicodeRef && byId.get(Number(toUnicodeRef[1]))?.stream;
      if (stream && !fontMaps.has(resource)) {
        const map = parseToUnicode(stream.toString('latin1'));
        fontMaps.set(resource, map);
        for (const text of map.values()) for (const char of text) mappedCodePoints.add(char.codePointAt(0) ?? 0);
      }
    }
    const base = /\/BaseFont\s*\/([^\s/]+)/.exec(object.dict);
    if (base && /\/Type\s*\/Font/.test(object.dict)) fontNames.push(base[1]);
  }
  const pageIds = objects.filter((o) => /\/Type\s*\/Page\b/.test(o.dict)).map((o) => o.id);
  const lines: string[] = [];
  for (const pageId of pageIds) {
    const page = byId.get(pageId);
    const contents = page && /\/Contents\s+(\d+) 0 R/.exec(page.dict);
    const stream = contents && byId.get(Number(contents[1]))?.stream;
    if (!stream) continue;
    let map: Map<number, string> | undefined;
    const decode = (hex: string) => {
      let out = '';
      for (let i = 0; i + 4 <= hex.length; i += 4) out += map?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd';
      return out;
    };
    const ops = /\/(F\d+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ/g;
    const content = stream.toString('latin1');
    for (let op = ops.exec(content); op; op = ops.exec(content)) {
      if (op[1]) map = fontMaps.get(op[1]);
      else if (op[2] !== undefined) lines.push(decode(op[2]));
      else if (op[3] !== undefined) lines.push([...op[3].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => decode(m[1])).join(''));
    }
  }
  return { lines, mappedCodePoints, fontNames, pageCount: pageIds.length };
}
