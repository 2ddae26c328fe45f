import { randomUUID } from 'node:crypto';
import { access, FileHandle, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingStream, toReadable } from './hashing-stream';
import { assertSafeKey, ObjectStorage, StoredObject } from './object-storage.port';

// Objects as files under one folder: the embedded default.
export class LocalObjectStorage implements ObjectStorage {
  readonly driver = 'local' as const;
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Readable | Buffer, _contentType: string): Promise<StoredObject> {
    const target = this.pathOf(key);
    // Write to a temporary name and rename: readers never see a half-written object.
    const temporary = `${target}.${randomUUID()}.part`;
    const hashing = new HashingStream();
    try {
      const file = await this.createExclusive(temporary);
      await pipeline(toReadable(body), hashing, file.createWriteStream());
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }

    return { key, size: hashing.size, sha256: hashing.digestHex() };
  }

  // A new file, its folder made when missing: folders already seen are not made again (one
  // system call less per object; a folder removed meanwhile is made again on ENOENT).
  private async createExclusive(file: string): Promise<FileHandle> {
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      if (this.folders.size >= 10_000) this.folders.clear();
      this.folders.add(folder);
    }
    try {
      return await open(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(folder, { recursive: true });
      return open(file, 'wx');
    }
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
