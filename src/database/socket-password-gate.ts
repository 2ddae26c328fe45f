import { createHash, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';

// The PostgreSQL start-up phase, answered before a connection reaches the embedded server
// (pglite-socket has no authentication: PGlite answers any user and password with AuthenticationOk).
// The client gets AuthenticationCleartextPassword, and only with the right password is its
// start-up message handed on, so that PGlite's AuthenticationOk completes the exchange the client
// expects. Cleartext is acceptable here: the server listens on the loopback interface only.

const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const STARTUP_LIMIT = 10_000;
const AUTH_TIMEOUT_MS = 10_000;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat(
    [
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', code],
      ['M', message],
    ].map(([type, value]) => Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(`${value}\0`, 'utf8')])),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const ASK_CLEARTEXT_PASSWORD = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]);

// Resolves with the bytes to hand on (the start-up message and whatever followed the password)
// once the client gave `password`; with null after answering a refusal and closing the socket.
// The socket is left paused, its data listener removed.
export function authenticateStartup(socket: Socket, password: string): Promise<Buffer | null> {
  const expected = digest(password);
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    let startup: Buffer | undefined;
    let settled = false;
    const finish = (handOn: Buffer | null, refusal?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      if (refusal) socket.end(refusal);
      else if (!handOn) socket.destroy();
      resolve(handOn);
    };
    const refuse = (code: string, message: string) => finish(null, errorResponse(code, message));
    const timer = setTimeout(() => refuse('08P01', 'authentication timed out'), AUTH_TIMEOUT_MS);
    const onClose = () => finish(null);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (!settled) {
        if (!startup) {
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          const code = buffered.readInt32BE(4);
          if (length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
            socket.write('N');
            buffered = buffered.subarray(8);
            continue;
          }
          if (code !== PROTOCOL_3 || length < 8 || length > STARTUP_LIMIT) return refuse('08P01', 'unsupported start-up message');
          if (buffered.length < length) return;
          startup = Buffer.from(buffered.subarray(0, length));
          buffered = buffered.subarray(length);
          socket.write(ASK_CLEARTEXT_PASSWORD);
          continue;
        }
        if (buffered.length < 5) return;
        const length = buffered.readInt32BE(1);
        if (buffered[0] !== 0x70 /* 'p' */ || length < 5 || length > STARTUP_LIMIT) {
          return refuse('08P01', 'expected a password message');
        }
        if (buffered.length < 1 + length) return;
        const given = buffered.subarray(5, 1 + length - 1).toString('utf8');
        const rest = buffered.subarray(1 + length);
        if (!timingSafeEqual(digest(given), expected)) return refuse('28P01', 'password authentication failed');
        return finish(Buffer.concat([startup, rest]));
      }
    };
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}
