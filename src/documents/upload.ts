// POST /api/v1/documents as multipart/form-data: metadata fields first, then one part named
// "file" that is streamed straight into object storage (never held in memory). A field after the
// file (UPLOAD_FIELD_AFTER_FILE), a second file (UPLOAD_MULTIPLE_FILES) or an empty one
// (DOCUMENT_EMPTY) is refused and nothing is kept. The storage
// adapter computes size and SHA-256 on the way; the first bytes are kept aside for sniffing.
import busboy from 'busboy';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { Request } from 'express';
import { Transform, TransformCallback } from 'node:stream';
import { DomainError } from '../common/errors/domain.error';
import { ErrorCode } from '../common/errors/error-catalog';
import type { ObjectStorage, StoredObject } from '../common/storage/object-storage.port';
import { sanitizeFileName, SNIFF_BYTES, sniffContentType } from './content-sniffer';
import { UploadMetadataDto } from './dto';

export interface ReceivedUpload {
  metadata: UploadMetadataDto;
  stored: StoredObject;
  fileName: string;
  contentType: string;
}

const METADATA_FIELDS = new Set(['title', 'kind', 'number', 'documentDate', 'amountMinor', 'currency', 'tags']);

const invalid = (fields: { field: string; problems: string[] }[]) => new DomainError(ErrorCode.ValidationFailed, { fields });

function fieldProblems(errors: ValidationError[]) {
  return errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? {}) }));
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
    // Fields sent after the file: reported as such, not as the missing fields they left behind.
    const lateFields: string[] = [];
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
      if (seenFile) return void lateFields.push(name);
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
      const metadata = plainToInstance(UploadMetadataDto, fields);
      const errors = validateSync(metadata, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) {
        fail(invalid(fieldProblems(errors)));
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
      const refused = failure || truncated || !stored || empty || extraFile || lateFields.length > 0;
      if (storing && refused) await storage.delete(key).catch(() => undefined);
      if (aborted) return reject(aborted);
      if (extraFile) return reject(new DomainError(ErrorCode.UploadMultipleFiles));
      if (lateFields.length > 0) return reject(new DomainError(ErrorCode.UploadFieldAfterFile, { fields: lateFields }));
      if (truncated) return reject(new DomainError(ErrorCode.DocumentTooLarge, { maxBytes }));
      if (failure)
        return reject(failure instanceof UploadTooLarge ? new DomainError(ErrorCode.DocumentTooLarge, { maxBytes }) : failure);
      if (!seenFile || !stored || !capture) return reject(invalid([{ field: 'file', problems: ['file is required'] }]));
      if (empty) return reject(new DomainError(ErrorCode.DocumentEmpty));
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
