import * as Minio from 'minio';
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingStream, toReadable } from './hashing-stream';
import { assertSafeKey, ObjectStorage, StoredObject } from './object-storage.port';

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

  async put(key: string, body: Readable | Buffer, contentType: string): Promise<StoredObject> {
    assertSafeKey(key);
    const hashing = new HashingStream();
    const upload = new PassThrough();
    // The hash is computed on the way to S3, so the document is never held whole in memory.
    const piping = pipeline(toReadable(body), hashing, upload);
    await Promise.all([
      piping,
      this.client.putObject(this.settings.bucket, key, upload, undefined, { 'Content-Type': contentType }),
    ]);

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
