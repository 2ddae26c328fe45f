import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { LocalObjectStorage } from '../../src/common/storage/local-object-storage';
import type { ObjectStorage } from '../../src/common/storage/object-storage.port';
import { S3ObjectStorage } from '../../src/common/storage/s3-object-storage';
import { TEST_BUCKET, testS3Endpoint } from '../utils/backends';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// A stream of `count` chunks that fails after `failAfter` chunks, like a dropped upload.
function chunkedStream(chunks: Buffer[], failAfter?: number): Readable {
  let index = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && index === failAfter) return this.destroy(new Error('client went away'));
      this.push(index < chunks.length ? chunks[index++] : null);
    },
  });
}

const adapters: [string, () => ObjectStorage][] = [
  ['local folder', () => new LocalObjectStorage(mkdtempSync(path.join(tmpdir(), 'edo-objects-')))],
  [
    'S3 (s3rver endpoint, minio client)',
    () =>
      new S3ObjectStorage({
        endpoint: testS3Endpoint(),
        accessKey: 'S3RVER',
        secretKey: 'S3RVER',
        bucket: TEST_BUCKET,
        region: 'us-east-1',
      }),
  ],
];

describe.each(adapters)('object storage: %s', (_name, make) => {
  let storage: ObjectStorage;
  beforeAll(() => {
    storage = make();
  });

  it('answers its health probe', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
  });

  it('streams an object in, hashing it on the way, and gives the same bytes back', async () => {
    const chunks = Array.from({ length: 40 }, () => randomBytes(64 * 1024)); // 2.5 MiB in pieces
    const whole = Buffer.concat(chunks);
    const key = `documents/org-1/${Date.now()}/v1.bin`;
    const stored = await storage.put(key, chunkedStream(chunks), 'application/octet-stream');
    expect(stored).toEqual({ key, size: whole.length, sha256: createHash('sha256').update(whole).digest('hex') });
    expect(await storage.exists(key)).toBe(true);
    expect((await readAll(await storage.get(key))).equals(whole)).toBe(true);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
  });

  it('keeps Cyrillic and Kazakh text byte for byte', async () => {
    const text = Buffer.from('Шарт № 15 — ҚҰНАНБАЙҰЛЫ Әділет, өңірлік филиал', 'utf8');
    const key = `documents/org-1/${Date.now()}/kk.txt`;
    await storage.put(key, text, 'text/plain; charset=utf-8');
    expect((await readAll(await storage.get(key))).toString('utf8')).toBe(text.toString('utf8'));
  });

  it('stores a body of text chunks as their UTF-8 bytes', async () => {
    const text = 'Шарт № 15 — ҚҰНАНБАЙҰЛЫ';
    const bytes = Buffer.from(text, 'utf8');
    for (const [name, body] of [
      ['one', () => Readable.from([text])],
      ['two', () => Readable.from(['Шарт № 15', ' — ҚҰНАНБАЙҰЛЫ'])],
      ['encoded', () => Readable.from([bytes], { objectMode: false }).setEncoding('utf8')],
    ] as const) {
      const key = `documents/org-1/${Date.now()}/${name}.txt`;
      const stored = await storage.put(key, body(), 'text/plain; charset=utf-8');
      expect(stored).toEqual({ key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      expect((await readAll(await storage.get(key))).equals(bytes)).toBe(true);
    }
  });

  it('leaves nothing behind when the incoming stream fails half-way', async () => {
    const key = `documents/org-1/${Date.now()}/broken.bin`;
    const chunks = Array.from({ length: 10 }, () => randomBytes(16 * 1024));
    await expect(storage.put(key, chunkedStream(chunks, 5), 'application/octet-stream')).rejects.toThrow();
    expect(await storage.exists(key)).toBe(false);
  });

  it('refuses keys that could escape their folder or carry a user file name', async () => {
    for (const key of ['../etc/passwd', 'documents/../../x', '/abs', 'documents/with space.pdf', '']) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/unsafe object key/);
    }
  });

  it('fails to read a missing object', async () => {
    await expect(storage.get('documents/none/missing.bin').then(readAll)).rejects.toThrow();
  });
});

describe('local object storage: no partial files', () => {
  const listed = (folder: string) => (existsSync(folder) ? readdirSync(folder) : []);

  it('leaves no file behind when a small body fails', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-objects-'));
    const storage = new LocalObjectStorage(root);
    await expect(storage.put('a/b.bin', chunkedStream([randomBytes(10), randomBytes(10)], 1), 'x')).rejects.toThrow();
    expect(listed(path.join(root, 'a'))).toEqual([]);
  });

  it('removes the temporary file of a large body that fails after it was started on disk', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-objects-'));
    const storage = new LocalObjectStorage(root);
    const chunks = Array.from({ length: 8 }, () => randomBytes(64 * 1024));
    await expect(storage.put('a/b.bin', chunkedStream(chunks, 6), 'x')).rejects.toThrow('client went away');
    expect(listed(path.join(root, 'a'))).toEqual([]);
  });

  it('stores and reads back bodies on both sides of the small-object size, and a folder removed meanwhile', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-objects-'));
    const storage = new LocalObjectStorage(root);
    for (const size of [0, 1, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024]) {
      const body = randomBytes(size);
      const chunks = Array.from({ length: Math.ceil(size / 65536) }, (_, i) => body.subarray(i * 65536, (i + 1) * 65536));
      const stored = await storage.put(`docs/${size}.bin`, chunkedStream(chunks), 'x');
      expect(stored).toEqual({ key: `docs/${size}.bin`, size, sha256: createHash('sha256').update(body).digest('hex') });
      expect((await readAll(await storage.get(`docs/${size}.bin`))).equals(body)).toBe(true);
    }
    rmSync(path.join(root, 'docs'), { recursive: true });
    await storage.put('docs/again.bin', Buffer.from('again'), 'x');
    expect((await readAll(await storage.get('docs/again.bin'))).toString()).toBe('again');
    await expect(storage.get('docs/missing.bin')).rejects.toThrow(/ENOENT/);
  });
});

describe('S3 object storage: large objects', () => {
  it('uploads a body larger than one part as a multipart upload', async () => {
    const storage = new S3ObjectStorage({
      endpoint: testS3Endpoint(),
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      bucket: TEST_BUCKET,
      region: 'us-east-1',
    });
    const chunks = Array.from({ length: 35 }, (_, i) => Buffer.alloc(1024 * 1024, i)); // 35 MiB: three parts
    const whole = Buffer.concat(chunks);
    const key = `documents/org-1/${Date.now()}/large.bin`;
    const stored = await storage.put(key, chunkedStream(chunks), 'application/octet-stream');
    expect(stored.size).toBe(whole.length);
    expect(stored.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect((await readAll(await storage.get(key))).equals(whole)).toBe(true);
  });
});

describe('S3 object storage: misconfiguration', () => {
  it('reports a missing bucket in its health probe', async () => {
    const storage = new S3ObjectStorage({
      endpoint: testS3Endpoint(),
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      bucket: 'no-such-bucket',
      region: 'us-east-1',
    });
    await expect(storage.ping()).rejects.toThrow(/does not exist/);
  });
});
