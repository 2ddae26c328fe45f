import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';

// Passes bytes through while counting them and hashing them with SHA-256.
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
    this.hash.update(chunk);
    this.size += chunk.length;
    this.push(chunk);
    callback();
  }

  digestHex(): string {
    return this.hash.digest('hex');
  }
}

export function toReadable(body: Readable | Buffer): Readable {
  return Buffer.isBuffer(body) ? Readable.from([body]) : body;
}
