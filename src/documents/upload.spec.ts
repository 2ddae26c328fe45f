import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { DocumentsErrorCode } from './documents.errors';
import { LocalObjectStorage } from '../common/storage/local-object-storage';
import type { ObjectStorage } from '../common/storage/object-storage.port';
import { receiveUpload } from './upload';

const BOUNDARY = 'edo-test-boundary';
const MiB = 1024 * 1024;

// A multipart request whose file part is produced chunk by chunk, never held whole.
function multipart(
  fields: [string, string][],
  fileChunks: () => Generator<Buffer>,
  trailingFields: [string, string][] = [],
): Request {
  function* body() {
    for (const [name, value] of fields) {
      yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    }
    yield Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="Шарт.pdf"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield* fileChunks();
    yield Buffer.from('\r\n');
    for (const [name, value] of trailingFields) {
      yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    }
    yield Buffer.from(`--${BOUNDARY}--\r\n`);
  }
  const stream = Readable.from(body(), { objectMode: false });
  return Object.assign(stream, {
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  }) as unknown as Request;
}

function* pdfOf(totalBytes: number, hash?: ReturnType<typeof createHash>, every10MiB?: () => void): Generator<Buffer> {
  const chunk = Buffer.alloc(256 * 1024, 0x41);
  chunk.write('%PDF-1.7\n');
  let sent = 0;
  while (sent < totalBytes) {
    const part = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
    hash?.update(part);
    sent += part.length;
    if (every10MiB && sent % (10 * MiB) === 0) every10MiB();
    // A fresh copy each time, like bytes arriving from a socket.
    yield Buffer.from(part);
    if (sent === part.length) chunk.fill(0x42, 0, 9);
  }
}

describe('multipart upload', () => {
  const fields: [string, string][] = [
    ['title', 'Договор'],
    ['kind', 'contract'],
  ];

  it.each([
    ['before', 'metadata before the file'],
    ['after', 'metadata after the file'],
  ])(
    'streams a 100 MiB file to storage with SHA-256, never holding more than a few chunks (%s)',
    async (order) => {
      const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
      const local = new LocalObjectStorage(root);
      // Bytes produced by the client minus bytes that reached the storage backend = what the upload
      // path holds in memory at that moment. Buffering the file would make it grow with the file.
      let produced = 0;
      let stored = 0;
      let peakInFlight = 0;
      const storage: ObjectStorage = {
        driver: 'local',
        get: (key) => local.get(key),
        exists: (key) => local.exists(key),
        ping: () => local.ping(),
        put: (key, body, contentType) => {
          const counter = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              stored += chunk.length;
              callback(null, chunk);
            },
          });
          return local.put(key, (body as Readable).pipe(counter), contentType);
        },
        delete: (key) => local.delete(key),
      };
      const hash = createHash('sha256');
      const client = function* () {
        for (const chunk of pdfOf(100 * MiB, hash)) {
          produced += chunk.length;
          peakInFlight = Math.max(peakInFlight, produced - stored);
          yield chunk;
        }
      };
      const request = order === 'before' ? multipart(fields, client) : multipart([], client, fields);
      const upload = await receiveUpload(request, storage, 'documents/org/doc-1', 200 * MiB);

      expect(upload.stored).toEqual({ key: 'documents/org/doc-1', size: 100 * MiB, sha256: hash.digest('hex') });
      expect(upload.contentType).toBe('application/pdf');
      expect(upload.fileName).toBe('Шарт.pdf');
      expect(upload.metadata).toMatchObject({ title: 'Договор', kind: 'contract' });
      console.log(
        `100 MiB upload, metadata ${order} the file: at most ${(peakInFlight / MiB).toFixed(2)} MiB between the client and storage`,
      );
      expect(peakInFlight).toBeLessThan(4 * MiB);
    },
    120_000,
  );

  it('stops at the size limit with DOCUMENT_TOO_LARGE and leaves no object', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const error = await receiveUpload(
      multipart(fields, () => pdfOf(3 * MiB)),
      new LocalObjectStorage(root),
      'documents/org/big',
      MiB,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DocumentsErrorCode.DocumentTooLarge);
    expect(readdirSync(path.join(root, 'documents', 'org'))).toEqual([]);
  });

  it('accepts a file of exactly the limit and refuses one byte more', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const storage = new LocalObjectStorage(root);
    const exact = await receiveUpload(
      multipart(fields, () => pdfOf(MiB)),
      storage,
      'documents/org/exact',
      MiB,
    );
    expect(exact.stored.size).toBe(MiB);
    const over = await receiveUpload(
      multipart(fields, () => pdfOf(MiB + 1)),
      storage,
      'documents/org/over',
      MiB,
    ).catch((e: unknown) => e);
    expect((over as DomainError).code).toBe(DocumentsErrorCode.DocumentTooLarge);
  });

  it('ends with the storage error, small file or large, when storage fails (the rest of the file is drained)', async () => {
    const root = path.join(mkdtempSync(path.join(tmpdir(), 'edo-upload-')), 'not-a-folder');
    writeFileSync(root, 'a file where the storage folder should be');
    for (const size of [1000, 3 * MiB]) {
      const error = await receiveUpload(
        multipart(fields, () => pdfOf(size)),
        new LocalObjectStorage(root),
        'documents/org/x',
        10 * MiB,
      ).catch((e: unknown) => e as NodeJS.ErrnoException);
      expect(['ENOTDIR', 'EEXIST']).toContain((error as NodeJS.ErrnoException | undefined)?.code);
    }
  });

  it('takes metadata after the file, or split around it, as if it had come first', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const storage = new LocalObjectStorage(root);
    const after = await receiveUpload(
      multipart([], () => pdfOf(1000), [...fields, ['number', '7'], ['tags', 'a'], ['tags', 'b']]),
      storage,
      'documents/org/after',
      MiB,
    );
    expect(after.metadata).toMatchObject({ title: 'Договор', kind: 'contract', number: '7', tags: ['a', 'b'] });
    expect(after.stored.size).toBe(1000);
    expect(after.contentType).toBe('application/pdf');
    const split = await receiveUpload(
      multipart([['title', 'Акт']], () => pdfOf(1000), [['kind', 'act']]),
      storage,
      'documents/org/split',
      MiB,
    );
    expect(split.metadata).toMatchObject({ title: 'Акт', kind: 'act' });
    expect(readdirSync(path.join(root, 'documents', 'org')).sort()).toEqual(['after', 'split']);
  });

  it('deletes the stored file when the metadata after it fail validation, leaving nothing behind', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const storage = new LocalObjectStorage(root);
    // 3 MiB: past any in-memory head, so the object really was written before the fields arrived.
    const badKind = await receiveUpload(
      multipart([], () => pdfOf(3 * MiB), [
        ['title', 'Договор'],
        ['kind', 'not-a-kind'],
      ]),
      storage,
      'documents/org/bad-kind',
      10 * MiB,
    ).catch((e: unknown) => e as DomainError);
    expect(badKind).toMatchObject({ code: CommonErrorCode.ValidationFailed, details: { fields: [{ field: 'kind' }] } });
    expect(readdirSync(path.join(root, 'documents', 'org'))).toEqual([]);
    const unknown = await receiveUpload(
      multipart([], () => pdfOf(3 * MiB), [...fields, ['owner', 'someone else']]),
      storage,
      'documents/org/unknown-after',
      10 * MiB,
    ).catch((e: unknown) => e as DomainError);
    expect(unknown).toMatchObject({ code: CommonErrorCode.ValidationFailed, details: { fields: [{ field: 'owner' }] } });
    expect(readdirSync(path.join(root, 'documents', 'org'))).toEqual([]);
  });

  it('refuses a file without metadata (title and kind missing), leaving nothing behind', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const error = (await receiveUpload(
      multipart([], () => pdfOf(3 * MiB)),
      new LocalObjectStorage(root),
      'documents/org/bare',
      10 * MiB,
    ).catch((e: unknown) => e)) as DomainError;
    expect(error).toMatchObject({ code: CommonErrorCode.ValidationFailed });
    expect(error.details?.fields).toEqual([
      { field: 'title', problems: expect.arrayContaining(['title must be a string']) },
      { field: 'kind', problems: [expect.stringContaining('kind must be one of the following values')] },
    ]);
    expect(readdirSync(path.join(root, 'documents', 'org'))).toEqual([]);
  });

  it('refuses a bad field before the file without storing anything, and unknown fields', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const storage = new LocalObjectStorage(root);
    const stored: string[] = [];
    const watching: ObjectStorage = {
      driver: 'local',
      get: (key) => storage.get(key),
      exists: (key) => storage.exists(key),
      ping: () => storage.ping(),
      delete: (key) => storage.delete(key),
      put: (key, body, type) => {
        stored.push(key);
        return storage.put(key, body, type);
      },
    };
    const early = await receiveUpload(
      multipart(
        [
          ['title', 'Договор'],
          ['kind', 'not-a-kind'],
        ],
        () => pdfOf(1000),
        [['number', '7']],
      ),
      watching,
      'documents/org/early',
      MiB,
    ).catch((e: unknown) => e as DomainError);
    expect(early).toMatchObject({ code: CommonErrorCode.ValidationFailed, details: { fields: [{ field: 'kind' }] } });
    expect(stored).toEqual([]);
    const unknown = await receiveUpload(
      multipart([...fields, ['owner', 'someone else']], () => pdfOf(10)),
      storage,
      'documents/org/unknown',
      MiB,
    ).catch((e: unknown) => e as DomainError);
    expect(unknown).toMatchObject({ code: CommonErrorCode.ValidationFailed, details: { fields: [{ field: 'owner' }] } });
    expect(readdirSync(root)).toEqual([]);
  });

  function rawRequest(chunks: () => Generator<Buffer>): Request {
    const stream = Readable.from(chunks(), { objectMode: false });
    return Object.assign(stream, {
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    }) as unknown as Request;
  }
  const fieldPart = (name: string, value: string) =>
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const filePart = (name: string, bytes: Buffer) =>
    Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="a.pdf"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${BOUNDARY}--\r\n`);

  it('lists the missing metadata and the missing file together when there is neither', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const error = (await receiveUpload(
      rawRequest(function* () {
        yield fieldPart('number', '7');
        yield end;
      }),
      new LocalObjectStorage(root),
      'documents/org/nothing',
      MiB,
    ).catch((e: unknown) => e)) as DomainError;
    expect(error).toMatchObject({ code: CommonErrorCode.ValidationFailed });
    expect((error.details?.fields as { field: string }[]).map((f) => f.field)).toEqual(['title', 'kind', 'file']);
  });

  it('refuses a second file part with UPLOAD_MULTIPLE_FILES instead of dropping it, storing nothing', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const error = await receiveUpload(
      rawRequest(function* () {
        yield fieldPart('title', 'Договор');
        yield fieldPart('kind', 'contract');
        yield filePart('file', Buffer.from('%PDF-1.7\nfirst'));
        yield filePart('file', Buffer.from('%PDF-1.7\nsecond'));
        yield end;
      }),
      new LocalObjectStorage(root),
      'documents/org/two',
      MiB,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: DocumentsErrorCode.UploadMultipleFiles });
    expect(readdirSync(path.join(root, 'documents', 'org'))).toEqual([]);
  });

  it('refuses an empty file with DOCUMENT_EMPTY, storing nothing', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const error = await receiveUpload(
      multipart(fields, function* () {}),
      new LocalObjectStorage(root),
      'documents/org/empty',
      MiB,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: DocumentsErrorCode.DocumentEmpty });
    expect(readdirSync(path.join(root, 'documents', 'org'))).toEqual([]);
  });

  it('removes the temporary file of an upload whose client went away, and settles', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-upload-'));
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    const request = new Readable({
      read() {
        if (sent === 0) this.push(Buffer.concat([fieldPart('title', 'Договор'), fieldPart('kind', 'contract')]));
        if (sent === 0) this.push(filePart('file', Buffer.alloc(0)).subarray(0, -2));
        // 1 MiB of the file (past the in-memory head, so a .part file exists), then the client is gone.
        if (sent < 16) {
          sent++;
          this.push(Buffer.from(chunk));
        } else if (sent === 16) {
          sent++;
          setTimeout(() => this.destroy(), 50);
        }
      },
    });
    Object.assign(request, { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    const error = await receiveUpload(
      request as unknown as Request,
      new LocalObjectStorage(root),
      'documents/org/cut',
      10 * MiB,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CommonErrorCode.ValidationFailed });
    expect(readdirSync(path.join(root, 'documents', 'org'))).toEqual([]);
  });
});
