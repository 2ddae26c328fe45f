import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  size: number;
  // Hex SHA-256 of the bytes, computed while they were streamed in.
  sha256: string;
}

export interface ObjectStorage {
  readonly driver: 's3' | 'local';
  // Streams the body in; the object appears whole or not at all.
  put(key: string, body: Readable | Buffer, contentType: string): Promise<StoredObject>;
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  // Throws when the backend is unreachable or misconfigured (used by /health).
  ping(): Promise<void>;
  // Removes what puts left unfinished (a process killed mid-upload) and untouched since
  // `olderThan`; answers how many. S3 needs none: put aborts its multipart upload on failure, and
  // the bucket's AbortIncompleteMultipartUpload rule ends those of a killed process.
  sweepIncomplete?(olderThan: Date): Promise<number>;
}

export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');

// Keys are built by the service, never from user-supplied file names.
const SAFE_KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;

export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.includes('..') || key.length > 512) {
    throw new Error(`unsafe object key: ${JSON.stringify(key)}`);
  }
}
