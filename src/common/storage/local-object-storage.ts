import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingStream, toReadable } from './hashing-stream';
import { assertSafeKey, ObjectStorage, StoredObject } from './object-storage.port';

// Objects as files under one folder: the embedded default.
export class LocalObjectStorage implements ObjectStorage {
  readonly driver = 'local' as const;

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Readable | Buffer, _contentType: string): Promise<StoredObject> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Write to a temporary name and rename: readers never see a half-written object.
    const temporary = `${target}.${randomUUID()}.part`;
    const hashing = new HashingStream();
    try {
      await pipeline(toReadable(body), hashing, createWriteStream(temporary, { flags: 'wx' }));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }

    return { key, size: hashing.size, sha256: hashing.digestHex() };
  }

  async get(key: string): Promise<Readable> {
    // Opened here, so a missing object fails this call (not the stream later); one open, no
    // separate access() check.
    const handle = await open(this.pathOf(key), 'r');

    return handle.createReadStream();
  }

  async exists(key: string): Promise<boolean> {
    return access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const probe = path.join(this.root, `.health-${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  }
}
