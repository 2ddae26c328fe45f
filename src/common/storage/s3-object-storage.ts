import * as Minio from 'minio';
import type { Readable } from 'node:stream';
import { HashingStream, toReadable } from './hashing-stream';
import { assertSafeKey, ObjectStorage, StoredObject } from './object-storage.port';

// S3 needs parts of at least 5 MiB (but the last); 16 MiB keeps a 100 MiB upload to 7 parts.
const PART_SIZE = 16 * 1024 * 1024;

// Re-chunks a stream into parts of exactly `size` bytes (the last may be shorter, or empty
// for an empty stream), telling which one is last.
async function* readParts(stream: AsyncIterable<Buffer>, size: number): AsyncGenerator<{ bytes: Buffer; isLast: boolean }> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let ready: Buffer | undefined;
  for await (const chunk of stream) {
    pending.push(chunk);
    pendingLength += chunk.length;
    while (pendingLength >= size) {
      const joined = Buffer.concat(pending);
      if (ready) yield { bytes: ready, isLast: false };
      ready = joined.subarray(0, size);
      pending = [joined.subarray(size)];
      pendingLength = joined.length - size;
    }
  }
  const rest = Buffer.concat(pending);
  if (ready && rest.length === 0) {
    yield { bytes: ready, isLast: true };
    return;
  }
  if (ready) yield { bytes: ready, isLast: false };
  yield { bytes: rest, isLast: true };
}

export interface S3Settings {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

// S3 / MinIO through the minio client (path-style addressing, which MinIO needs).
export class S3ObjectStorage implements ObjectStorage {
  readonly driver = 's3' as const;
  private readonly client: Minio.Client;

  constructor(private readonly settings: S3Settings) {
    const url = new URL(settings.endpoint);
    const useSSL = url.protocol === 'https:';
    this.client = new Minio.Client({
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      region: settings.region,
      pathStyle: true,
    });
  }

  // Streams the body in parts of PART_SIZE (memory stays bounded by one part), hashing on the
  // way. Small bodies go in one PUT. We drive the multipart upload ourselves rather than through
  // minio's putObject, which for streams of unknown length first lists and resumes incomplete
  // uploads of the same key: never what we want for a fresh, immutable object.
  async put(key: string, body: Readable | Buffer, contentType: string): Promise<StoredObject> {
    assertSafeKey(key);
    const hashing = new HashingStream();
    const input = toReadable(body);
    // pipe() does not forward errors: a failing upload must fail the loop below.
    input.once('error', (error) => hashing.destroy(error));
    const source = input.pipe(hashing);
    const headers = { 'Content-Type': contentType };
    let uploadId: string | undefined;
    const parts: { part: number; etag: string }[] = [];
    try {
      for await (const part of readParts(source, PART_SIZE)) {
        if (!uploadId && part.isLast) {
          await this.client.putObject(this.settings.bucket, key, part.bytes, part.bytes.length, headers);
          break;
        }
        uploadId ??= await this.client.initiateNewMultipartUpload(this.settings.bucket, key, headers);
        const uploaded = await this.client.uploadPart(
          { bucketName: this.settings.bucket, objectName: key, uploadID: uploadId, partNumber: parts.length + 1, headers: {} },
          part.bytes,
        );
        parts.push({ part: parts.length + 1, etag: uploaded.etag });
      }
      if (uploadId) await this.client.completeMultipartUpload(this.settings.bucket, key, uploadId, parts);
    } catch (error) {
      if (uploadId) await this.client.abortMultipartUpload(this.settings.bucket, key, uploadId).catch(() => undefined);
      throw error;
    }

    return { key, size: hashing.size, sha256: hashing.digestHex() };
  }

  async get(key: string): Promise<Readable> {
    assertSafeKey(key);

    return this.client.getObject(this.settings.bucket, key);
  }

  async exists(key: string): Promise<boolean> {
    assertSafeKey(key);
    try {
      await this.client.statObject(this.settings.bucket, key);

      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFound' || (error as { code?: string }).code === 'NoSuchKey') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.client.removeObject(this.settings.bucket, key);
  }

  async ping(): Promise<void> {
    const exists = await this.client.bucketExists(this.settings.bucket);
    if (!exists) throw new Error(`bucket ${this.settings.bucket} does not exist`);
  }

  // Only for tests and local set-up: production buckets are created by infrastructure.
  async ensureBucket(): Promise<void> {
    if (!(await this.client.bucketExists(this.settings.bucket))) {
      await this.client.makeBucket(this.settings.bucket, this.settings.region);
    }
  }
}
