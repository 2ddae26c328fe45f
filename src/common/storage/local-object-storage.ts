import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingStream } from './hashing-stream';
import { assertSafeKey, ObjectStorage, StoredObject } from './object-storage.port';

// Objects up to this size are held in memory and written (or read) in one call: a file stream
// costs 2-3 times the CPU of writeFile/readFile for a 10 KiB document (most documents are
// small), while bounding what one upload keeps in memory.
const SMALL_OBJECT_BYTES = 256 * 1024;

// The first chunks of a stream as bytes, up to a little over `limit`, and whether the stream ended.
// A string chunk (a body with an encoding set) counts by its UTF-8 bytes, as it is stored.
async function readHead(
  source: AsyncIterator<Buffer | string>,
  limit: number,
): Promise<{ head: Buffer[]; size: number; ended: boolean }> {
  const head: Buffer[] = [];
  let size = 0;
  while (size <= limit) {
    const next = await source.next();
    if (next.done) return { head, size, ended: true };
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    head.push(chunk);
    size += chunk.length;
  }

  return { head, size, ended: false };
}

// The head's chunks (each let go once written) and then the rest of the stream.
async function* concatenated(head: Buffer[], rest: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer | string> {
  while (head.length > 0) yield head.shift()!;
  yield* { [Symbol.asyncIterator]: () => rest };
}

const PART_FILE = /\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/;

// Documents are the organizations' alone: folders made here are the service user's only.
const PRIVATE_FOLDER_MODE = 0o700;

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
    try {
      if (Buffer.isBuffer(body)) return await this.putWhole(key, target, temporary, body);
      const source = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
      const { head, size, ended } = await readHead(source, SMALL_OBJECT_BYTES);
      if (ended) return await this.putWhole(key, target, temporary, head.length === 1 ? head[0] : Buffer.concat(head, size));

      const hashing = new HashingStream();
      const file = await this.createExclusive(temporary, (name) => open(name, 'wx'));
      await pipeline(Readable.from(concatenated(head, source)), hashing, file.createWriteStream());
      await rename(temporary, target);

      return { key, size: hashing.size, sha256: hashing.digestHex() };
    } catch (error) {
      // A body we stopped reading is released, whichever side failed.
      if (!Buffer.isBuffer(body)) body.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
  }

  private async putWhole(key: string, target: string, temporary: string, whole: Buffer): Promise<StoredObject> {
    await this.createExclusive(temporary, (name) => writeFile(name, whole, { flag: 'wx' }));
    await rename(temporary, target);

    return { key, size: whole.length, sha256: createHash('sha256').update(whole).digest('hex') };
  }

  // A new file, its folder made when missing: folders already seen are not made again (one
  // system call less per object; a folder removed meanwhile is made again on ENOENT).
  private async createExclusive<T>(file: string, create: (file: string) => Promise<T>): Promise<T> {
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
      if (this.folders.size >= 10_000) this.folders.clear();
      this.folders.add(folder);
    }
    try {
      return await create(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
      return create(file);
    }
  }

  async get(key: string): Promise<Readable> {
    // Opened here, so a missing object fails this call (not the stream later); one open, no
    // separate access() check.
    const handle = await open(this.pathOf(key), 'r');
    try {
      const { size } = await handle.stat();
      if (size > SMALL_OBJECT_BYTES) return handle.createReadStream();
      // Read by hand rather than handle.readFile(), which would stat the file a second time. Its
      // own memory, not a slice of Node's shared pool (which holds other requests' bytes).
      const whole = Buffer.allocUnsafeSlow(size);
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await handle.read(whole, filled, size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      await handle.close();

      return Readable.from([whole.subarray(0, filled)], { objectMode: false });
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
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

  // Temporary files (<key>.<uuid>.part) of puts whose process died before it could remove them.
  async sweepIncomplete(olderThan: Date): Promise<number> {
    let entries: string[];
    try {
      entries = await readdir(this.root, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const entry of entries) {
      if (!PART_FILE.test(entry)) continue;
      const file = path.join(this.root, entry);
      const modified = await stat(file).then(
        (s) => s.mtime,
        () => undefined,
      );
      if (!modified || modified >= olderThan) continue;
      await rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    const probe = path.join(this.root, `.health-${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  }
}
