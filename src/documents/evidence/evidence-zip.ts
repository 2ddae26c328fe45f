// The evidence package of one document as a ZIP, streamed: the original goes from storage through
// a hashing tap into the archive and on to the output, so a large file is never held in memory.
//
// Layout:
//   README.txt                         how to re-verify (ru, kk, en)
//   document/<original name>           the original file
//   signatures/<n>-<role>-<action>.p7s the CMS (DER) as stored
//   signatures/<n>-...statement.txt    for statement signatures: the exact signed bytes
//   reports/<n>-<role>-<action>.json   the verification report made on acceptance
//   events.json, audit.json            the event chain and the audit entries
//   manifest.json                      metadata, SHA-256 of every other file, what each .p7s signs

import { createHash } from 'node:crypto';
import { Transform, TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import archiver, { ArchiverError } from 'archiver';
import { EvidenceDocument, EvidenceSignature, assertEvidenceDocument, toIsoTime } from './evidence-model';
import { ZipNameAllocator, safeFileName } from './evidence-names';
import { summarizeSignature } from './signer-summary';

export const EVIDENCE_MANIFEST_FORMAT = 'edo-evidence-package/v1';

// The original read from storage is not the file the signatures were accepted over: publishing the
// package would present unrelated bytes as signed, so the build stops and the output is destroyed.
export class EvidenceIntegrityError extends Error {
  override readonly name = 'EvidenceIntegrityError';
}

export type EvidenceFileKind = 'readme' | 'original' | 'signature' | 'statement' | 'report' | 'events' | 'audit';

export interface EvidenceManifestFile {
  readonly path: string;
  readonly kind: EvidenceFileKind;
  readonly sha256: string;
  readonly size: number;
}

export interface EvidenceManifestSignature {
  readonly number: number;
  readonly id: string;
  readonly role: EvidenceSignature['role'];
  readonly action: EvidenceSignature['action'];
  readonly signedContent: EvidenceSignature['signedContent'];
  readonly acceptedAt: string;
  // Paths inside the ZIP: the CMS, the detached content it signs, its report.
  readonly cms: string;
  readonly signedData: string;
  readonly signedDataSha256: string;
  readonly report: string;
  readonly indication: string;
  readonly subIndication?: string;
  readonly signer?: { readonly name?: string; readonly iin?: string; readonly bin?: string; readonly organization?: string };
  readonly signingTime?: string;
  readonly timestampGenTime?: string;
  readonly verifyCommand: string;
}

export interface EvidenceManifest {
  readonly format: typeof EVIDENCE_MANIFEST_FORMAT;
  readonly generatedAt: string;
  readonly verifyUrl?: string;
  readonly document: {
    readonly id: string;
    readonly title: string;
    readonly kind: string;
    readonly number?: string;
    readonly date?: string;
    readonly amount?: { readonly minor: string; readonly currency: string };
    readonly contentType: string;
    readonly fileName?: string;
    readonly file: string;
    readonly sha256: string;
    readonly size: number;
    readonly createdAt?: string;
    readonly sender: { readonly name: string; readonly identifier: string };
    readonly recipients: readonly Record<string, unknown>[];
  };
  readonly signatures: readonly EvidenceManifestSignature[];
  // Every file of the package except manifest.json itself.
  readonly files: readonly EvidenceManifestFile[];
}

export interface EvidenceZipOptions {
  // Time written into the manifest and as every entry's modification time; default now.
  readonly generatedAt?: Date;
  // The public verification page of the document, recorded in the manifest and the README.
  readonly verifyUrl?: string;
}

// Formats that are compressed already: deflating them again costs CPU for nothing.
const STORED_TYPES = /^(application\/(zip|gzip|x-7z-compressed|vnd\.openxmlformats)|image\/(jpeg|png|gif|webp))/i;

const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

// Passes bytes through unchanged and reports their SHA-256 and count once the input has ended.
class HashTap extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  readonly result: Promise<{ sha256: string; size: number }>;
  private resolveResult!: (value: { sha256: string; size: number }) => void;

  constructor() {
    super();
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.resolveResult({ sha256: this.hash.digest('hex'), size: this.size });
    callback();
  }
}

// POSIX-shell quoting for the commands printed in the README and the manifest.
const shellQuote = (text: string) => (/^[\w./@:-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

export function verifyCommandFor(cms: string, data: string): string {
  return `npm run verify -- cms ${shellQuote(cms)} --data ${shellQuote(data)} --trust NCA_CA_DIR --json`;
}

const ACTION_SLUG: Record<EvidenceSignature['action'], string> = {
  sign: 'sign',
  receipt: 'receipt',
  refuse: 'refuse',
  request_correction: 'request-correction',
  offer_annulment: 'offer-annulment',
  accept_annulment: 'accept-annulment',
  reject_annulment: 'reject-annulment',
};

interface PlannedSignature {
  readonly number: number;
  readonly signature: EvidenceSignature;
  readonly cmsPath: string;
  readonly statementPath?: string;
  readonly reportPath: string;
}

function planSignatures(doc: EvidenceDocument, names: ZipNameAllocator): PlannedSignature[] {
  return doc.signatures.map((signature, index) => {
    const stem = `${index + 1}-${signature.role}-${ACTION_SLUG[signature.action]}`;
    return {
      number: index + 1,
      signature,
      cmsPath: names.allocate('signatures', `${stem}.p7s`),
      ...(signature.signedContent === 'statement' && { statementPath: names.allocate('signatures', `${stem}.statement.txt`) }),
      reportPath: names.allocate('reports', `${stem}.json`),
    };
  });
}

function readme(
  doc: EvidenceDocument,
  originalPath: string,
  planned: readonly PlannedSignature[],
  options: EvidenceZipOptions,
): string {
  const lines = planned.map((p) => {
    const data = p.statementPath ?? originalPath;
    return `  [${p.number}] ${p.signature.role} / ${p.signature.action} (${toIsoTime(p.signature.acceptedAt, 'acceptedAt')})\n      ${verifyCommandFor(p.cmsPath, data)}`;
  });
  const example = planned[0] ? verifyCommandFor(planned[0].cmsPath, planned[0].statementPath ?? originalPath) : '';
  return [
    `EVIDENCE PACKAGE / ПАКЕТ ДОКАЗАТЕЛЬСТВ / ДӘЛЕЛДЕМЕЛЕР ПАКЕТІ`,
    `Document / Документ / Құжат: ${doc.title} (${doc.id})`,
    `SHA-256: ${doc.sha256}`,
    ...(options.verifyUrl ? [`Online: ${options.verifyUrl}`] : []),
    '',
    '== Русский ==',
    `Пакет содержит исходный файл (${originalPath}), каждую подпись CMS/CAdES в формате DER (signatures/*.p7s),`,
    'для подписанных заявлений (квитанция, отказ, аннулирование) — точный подписанный текст (*.statement.txt, UTF-8),',
    'протокол проверки каждой подписи на момент её приёма (reports/*.json), цепочку событий (events.json),',
    'записи аудита (audit.json) и manifest.json с SHA-256 каждого файла и указанием, что подписывает каждый .p7s.',
    'Подписи откреплённые (detached): проверяйте .p7s вместе с файлом из поля signedData в manifest.json, например',
    `командой из исходного кода сервиса: ${example}`,
    'или любым средством проверки CAdES (NCALayer/Kalkan, NCANode, OpenSSL для RSA). NCA_CA_DIR — папка с',
    'корневым и промежуточными сертификатами НУЦ РК (доверенные), --at <время> для проверки на прошедший момент,',
    '--offline --revocation off, если нет доступа к OCSP/CRL. Код выхода 0 — подпись действительна.',
    '',
    '== Қазақша ==',
    `Пакетте бастапқы файл (${originalPath}), DER пішіміндегі әрбір CMS/CAdES қолтаңбасы (signatures/*.p7s),`,
    'қол қойылған өтініштер (түбіртек, бас тарту, күшін жою) үшін — қол қойылған мәтіннің дәл өзі (*.statement.txt, UTF-8),',
    'әр қолтаңбаның қабылданған сәттегі тексеру хаттамасы (reports/*.json), оқиғалар тізбегі (events.json),',
    'аудит жазбалары (audit.json) және әр файлдың SHA-256 мәні мен әр .p7s неге қол қойылғаны көрсетілген manifest.json бар.',
    'Қолтаңбалар бөлек (detached): .p7s файлын manifest.json ішіндегі signedData өрісіндегі файлмен бірге тексеріңіз,',
    `мысалы, сервистің бастапқы кодындағы командамен: ${example}`,
    'немесе кез келген CAdES тексеру құралымен (NCALayer/Kalkan, NCANode, RSA үшін OpenSSL). NCA_CA_DIR — ҚР ҰКО-ның',
    'сенімді түбірлік және аралық сертификаттары бар қалта, өткен сәтке тексеру үшін --at <уақыт>, OCSP/CRL',
    'қолжетімсіз болса --offline --revocation off. Шығу коды 0 — қолтаңба жарамды.',
    '',
    '== English ==',
    `The package holds the original file (${originalPath}), every CMS/CAdES signature as DER (signatures/*.p7s),`,
    'for signed statements (receipt, refusal, annulment) the exact signed text (*.statement.txt, UTF-8), the',
    'verification report of each signature made when it was accepted (reports/*.json), the event chain',
    '(events.json), the audit entries (audit.json) and manifest.json with the SHA-256 of every file and what each',
    '.p7s signs. The signatures are detached: verify each .p7s together with the file named by signedData in',
    `manifest.json, e.g. with the service's own verifier: ${example}`,
    'or any CAdES tool (NCALayer/Kalkan, NCANode, OpenSSL for RSA). NCA_CA_DIR is a folder with the NCA RK root and',
    'intermediate CA certificates (the trust anchors), --at <time> validates at a past moment, --offline --revocation off',
    'without OCSP/CRL access. Exit code 0 means the signature is valid.',
    '',
    'Signatures / Подписи / Қолтаңбалар:',
    ...lines,
    '',
  ].join('\n');
}

function manifestRecipients(doc: EvidenceDocument): Record<string, unknown>[] {
  return doc.recipients.map((r) => ({
    ...(r.name !== undefined && { name: r.name }),
    identifier: r.identifier,
    ...(r.email !== undefined && { email: r.email }),
    ...(r.statuses && { statuses: r.statuses }),
    // A replaced recipient: its statuses are those it had when it was withdrawn.
    ...(r.withdrawnAt !== undefined && { withdrawnAt: toIsoTime(r.withdrawnAt, 'recipient.withdrawnAt') }),
  }));
}

function eventsJson(doc: EvidenceDocument): string {
  const events = doc.events.map((e, i) => ({
    ...e,
    seq: String(e.seq),
    at: toIsoTime(e.at, `events[${i}].at`),
  }));
  return `${JSON.stringify({ documentId: doc.id, events }, null, 2)}\n`;
}

function auditJson(doc: EvidenceDocument): string {
  const entries = doc.audit.map((a, i) => ({ ...a, at: toIsoTime(a.at, `audit[${i}].at`) }));
  return `${JSON.stringify({ documentId: doc.id, entries }, null, 2)}\n`;
}

// Writes the package to `output` (an HTTP response, a file...) and resolves with the manifest once
// the output has finished. On failure the output is destroyed with the error (a cut-off download,
// never a complete-looking ZIP with wrong content) and the promise rejects.
// Longer than our ~80 lines on purpose: it reads as the package's table of contents, entry by entry
// in the order they are written and listed in the manifest, around one try/finally that owns the
// output stream.
export async function writeEvidenceZip(
  doc: EvidenceDocument,
  output: Writable,
  options: EvidenceZipOptions = {},
): Promise<EvidenceManifest> {
  assertEvidenceDocument(doc);
  const generatedAt = options.generatedAt ?? new Date();
  const names = new ZipNameAllocator();
  // Allocated first so the README and the manifest can name every file before it is written.
  const readmePath = names.allocate('', 'README.txt');
  const originalPath = names.allocate('document', safeFileName(doc.fileName ?? doc.title, 'document', doc.contentType));
  const planned = planSignatures(doc, names);
  const eventsPath = names.allocate('', 'events.json');
  const auditPath = names.allocate('', 'audit.json');
  const manifestPath = names.allocate('', 'manifest.json');
  // Serialize the JSON parts before anything is written, so bad input fails before the first byte.
  const readmeText = readme(doc, originalPath, planned, options);
  const events = eventsJson(doc);
  const audit = auditJson(doc);

  const archive = archiver('zip', { zlib: { level: 6 } });
  const files: EvidenceManifestFile[] = [];
  const add = (path: string, kind: EvidenceFileKind, content: Uint8Array | string) => {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    files.push({ path, kind, sha256: sha256Hex(data), size: data.length });
    archive.append(data, { name: path, date: generatedAt });
  };

  // Warnings from archiver concern missing files of glob/directory sources, which are not used here:
  // any of them means something is wrong with the package.
  archive.on('warning', (warning: ArchiverError) => archive.destroy(warning));
  const written = pipeline(archive, output);
  // Observed below; this keeps an early failure from surfacing as an unhandled rejection meanwhile.
  written.catch(() => undefined);

  try {
    add(readmePath, 'readme', readmeText);

    const content = await doc.openContent();
    const tap = new HashTap();
    // Errors of the storage stream travel into the tap and from it into the archive.
    const tapped = pipeline(content, tap);
    tapped.catch((error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))));
    archive.append(tap, { name: originalPath, date: generatedAt, store: STORED_TYPES.test(doc.contentType) });

    const signatureEntries: EvidenceManifestSignature[] = [];
    for (const p of planned) {
      const { signature } = p;
      add(p.cmsPath, 'signature', signature.cms);
      let signedDataSha256 = doc.sha256;
      if (p.statementPath) {
        const statement = Buffer.from(signature.statementText ?? '', 'utf8');
        signedDataSha256 = sha256Hex(statement);
        add(p.statementPath, 'statement', statement);
      }
      add(p.reportPath, 'report', `${JSON.stringify(signature.report, null, 2)}\n`);
      const summary = summarizeSignature(signature.report);
      const identity = summary.signer;
      const signedData = p.statementPath ?? originalPath;
      signatureEntries.push({
        number: p.number,
        id: signature.id,
        role: signature.role,
        action: signature.action,
        signedContent: signature.signedContent,
        acceptedAt: toIsoTime(signature.acceptedAt, `signatures[${p.number - 1}].acceptedAt`),
        cms: p.cmsPath,
        signedData,
        signedDataSha256,
        report: p.reportPath,
        indication: summary.indication,
        ...(summary.subIndication && { subIndication: summary.subIndication }),
        ...(identity && {
          signer: {
            ...(summary.name && { name: summary.name }),
            ...(identity.iin && { iin: identity.iin }),
            ...(identity.bin && { bin: identity.bin }),
            ...(identity.organization && { organization: identity.organization }),
          },
        }),
        ...(summary.signingTime && { signingTime: summary.signingTime }),
        ...(summary.timestamp?.genTime && { timestampGenTime: summary.timestamp.genTime }),
        verifyCommand: verifyCommandFor(p.cmsPath, signedData),
      });
    }
    add(eventsPath, 'events', events);
    add(auditPath, 'audit', audit);

    // The manifest needs the original's digest, known only once the archive has read it through.
    const original = await Promise.race([
      tap.result,
      written.then(() => Promise.reject(new EvidenceIntegrityError('the archive ended before the original was read'))),
    ]);
    if (original.sha256 !== doc.sha256 || original.size !== doc.size)
      throw new EvidenceIntegrityError(
        `document ${doc.id}: stored file has SHA-256 ${original.sha256} (${original.size} bytes), expected ${doc.sha256} (${doc.size} bytes)`,
      );
    files.splice(1, 0, { path: originalPath, kind: 'original', sha256: original.sha256, size: original.size });

    const manifest: EvidenceManifest = {
      format: EVIDENCE_MANIFEST_FORMAT,
      generatedAt: generatedAt.toISOString(),
      ...(options.verifyUrl && { verifyUrl: options.verifyUrl }),
      document: {
        id: doc.id,
        title: doc.title,
        kind: doc.kind,
        ...(doc.number !== undefined && { number: doc.number }),
        ...(doc.date !== undefined && { date: doc.date }),
        ...(doc.amount && { amount: { minor: doc.amount.minor, currency: doc.amount.currency } }),
        contentType: doc.contentType,
        ...(doc.fileName !== undefined && { fileName: doc.fileName }),
        file: originalPath,
        sha256: doc.sha256,
        size: doc.size,
        ...(doc.createdAt !== undefined && { createdAt: toIsoTime(doc.createdAt, 'createdAt') }),
        sender: { name: doc.sender.name, identifier: doc.sender.identifier },
        recipients: manifestRecipients(doc),
      },
      signatures: signatureEntries,
      files,
    };
    archive.append(`${JSON.stringify(manifest, null, 2)}\n`, { name: manifestPath, date: generatedAt });
    await archive.finalize();
    await written;
    return manifest;
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error));
    archive.destroy(reason);
    // pipeline destroys the output when the archive fails; an output it has not reached yet is
    // destroyed here so the caller's response never ends as if complete.
    if (!output.destroyed) output.destroy(reason);
    await written.catch(() => undefined);
    throw reason;
  }
}
