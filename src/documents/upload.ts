// POST /api/v1/documents as multipart/form-data: metadata fields and one part named "file", in
// either order. The file is streamed straight into object storage (never held in memory), so when
// it comes first it is stored before the fields that follow it are known: they are validated once
// the request ends, and if they fail the stored object is deleted before the error is answered
// (the document row is only inserted after this resolves). Fields that came before the file are
// checked as soon as the file starts, so a bad value there stores nothing at all. A second file
// (UPLOAD_MULTIPLE_FILES) or an empty one (DOCUMENT_EMPTY) is refused and nothing is kept. The
// storage adapter computes size and SHA-256 on the way; the first bytes are kept aside for sniffing.
import busboy from 'busboy';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { Request } from 'express';
import { Transform, TransformCallback } from 'node:stream';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { DocumentsErrorCode } from './documents.errors';
import type { ObjectStorage, StoredObject } from '../common/storage/object-storage.port';
import { sanitizeFileName, SNIFF_BYTES, sniffContentType } from '../common/files/content-sniffer';
import { UploadMetadataDto } from './dto';

export interface ReceivedUpload {
  metadata: UploadMetadataDto;
  stored: StoredObject;
  fileName: string;
  contentType: string;
}

// Exported for the contract spec, which holds the documented multipart body to this list.
export const METADATA_FIELDS = new Set(['title', 'kind', 'number', 'documentDate', 'amountMinor', 'currency', 'tags']);

const invalid = (fields: { field: string; problems: string[] }[]) =>
  new DomainError(CommonErrorCode.ValidationFailed, { fields });

function fieldProblems(errors: ValidationError[]) {
  return errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? {}) }));
}

// The problems of the metadata received so far; `complete` once the request has ended (a field
// not yet seen is then missing, not merely still to come).
function metadataProblems(fields: Record<string, string | string[]>, complete: boolean) {
  const metadata = plainToInstance(UploadMetadataDto, fields);
  return fieldProblems(validateSync(metadata, { whitelist: true, forbidNonWhitelisted: true, skipMissingProperties: !complete }));
}

// Passes bytes through and remembers the first `limit` of them.
class PrefixCapture extends Transform {
  private readonly chunks: Buffer[] = [];
  private captured = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    if (this.captured < this.limit) {
      const part = chunk.subarray(0, this.limit - this.captured);
      this.chunks.push(Buffer.from(part));
      this.captured += part.length;
    }
    callback(null, chunk);
  }

  prefix(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

class UploadTooLarge extends Error {}

export function isMultipart(request: Request): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

// Resolves once the whole request is consumed. On any failure the stored object (if any) is
// deleted before the promise rejects, so nothing half-written stays behind.
// Longer than our ~80 lines on purpose: busboy's handlers (fields, the file, its limit, errors,
// the end) share one state — what arrived, whether the object is stored, the first failure — and
// their order decides what is kept; split apart, that order would be spread over several places.
export function receiveUpload(request: Request, storage: ObjectStorage, key: string, maxBytes: number): Promise<ReceivedUpload> {
  if (!isMultipart(request)) {
    return Promise.reject(invalid([{ field: 'body', problems: ['the upload must be multipart/form-data'] }]));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string | string[]> = {};
    let failure: Error | undefined;
    let storing: Promise<StoredObject> | undefined;
    let capture: PrefixCapture | undefined;
    let fileName = '';
    let truncated = false;
    let seenFile = false;
    let extraFile = false;
    const fail = (error: Error) => (failure ??= error);

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // RFC 7578 clients send the file name as raw UTF-8 (busboy would read it as latin1).
        defParamCharset: 'utf8',
        // busboy reports the limit when the file reaches fileSize bytes, so one more byte than the
        // limit is what tells a file of exactly maxBytes (allowed) from a larger one.
        limits: { fields: 40, fieldSize: 16 * 1024, files: 1, parts: 50, fileSize: maxBytes + 1 },
      });
    } catch {
      reject(invalid([{ field: 'body', problems: ['malformed multipart/form-data request'] }]));
      return;
    }

    parser.on('field', (name, value, info) => {
      if (!METADATA_FIELDS.has(name)) return void fail(invalid([{ field: name, problems: [`${name} is not a known field`] }]));
      if (info.valueTruncated) return void fail(invalid([{ field: name, problems: [`${name} is too long`] }]));
      if (name === 'tags') fields.tags = [...((fields.tags as string[] | undefined) ?? []), value];
      else fields[name] = value;
    });

    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || seenFile || failure) {
        if (seenFile) extraFile = true;
        else if (name !== 'file') fail(invalid([{ field: name, problems: ['the document must be the part named "file"'] }]));
        stream.resume();
        return;
      }
      seenFile = true;
      // Fields still to come are not missing yet; a bad one already here means nothing is stored.
      const early = metadataProblems(fields, false);
      if (early.length > 0) {
        fail(invalid(early));
        stream.resume();
        return;
      }
      fileName = sanitizeFileName(info.filename);
      capture = new PrefixCapture(SNIFF_BYTES);
      const sink = capture;
      stream.on('limit', () => {
        truncated = true;
        sink.destroy(new UploadTooLarge());
        stream.resume();
      });
      stream.on('error', (error) => sink.destroy(error));
      stream.pipe(sink);
      storing = storage.put(key, sink, 'application/octet-stream');
      // Observed here so that a failure before 'close' is never an unhandled rejection. Storage
      // that gave up reads no more: the rest of the file is drained so that busboy gets to 'close'.
      storing.catch((error: Error) => {
        fail(error);
        stream.unpipe(sink);
        stream.resume();
      });
    });

    let finished = false;
    const finish = async () => {
      if (finished) return;
      finished = true;
      const stored = storing ? await storing.catch(() => undefined) : undefined;
      const empty = stored?.size === 0;
      // All the fields are in now, whichever side of the file they came.
      const problems = failure ? [] : metadataProblems(fields, true);
      if (!failure && (!seenFile || !stored || !capture)) problems.push({ field: 'file', problems: ['file is required'] });
      const refused = failure || truncated || !stored || empty || extraFile || problems.length > 0;
      if (storing && refused) await storage.delete(key).catch(() => undefined);
      if (aborted) return reject(aborted);
      if (extraFile) return reject(new DomainError(DocumentsErrorCode.UploadMultipleFiles));
      if (truncated) return reject(new DomainError(DocumentsErrorCode.DocumentTooLarge, { maxBytes }));
      if (failure)
        return reject(
          failure instanceof UploadTooLarge ? new DomainError(DocumentsErrorCode.DocumentTooLarge, { maxBytes }) : failure,
        );
      if (problems.length > 0 || !stored || !capture) return reject(invalid(problems));
      if (empty) return reject(new DomainError(DocumentsErrorCode.DocumentEmpty));
      const metadata = plainToInstance(UploadMetadataDto, fields);
      resolve({ metadata, stored, fileName, contentType: sniffContentType(capture.prefix(), stored.size <= SNIFF_BYTES) });
    };

    parser.on('close', () => void finish());
    // busboy skips a file over the files limit (1): a second file is refused, not dropped.
    parser.on('filesLimit', () => (extraFile = true));
    // A client that goes away mid-upload ends nothing by itself (pipe does not forward the end):
    // the file being stored is cut off, so its temporary file is removed and the promise settles.
    let aborted: Error | undefined;
    request.on('close', () => {
      if (request.readableEnded || finished) return;
      aborted = invalid([{ field: 'body', problems: ['the upload was interrupted'] }]);
      fail(aborted);
      request.unpipe(parser);
      capture?.destroy(aborted);
      void finish();
    });
    parser.on('error', (error: Error) => {
      fail(invalid([{ field: 'body', problems: [`malformed multipart/form-data request: ${error.message}`] }]));
      capture?.destroy(error);
      void finish();
    });
    request.pipe(parser);
  });
}
