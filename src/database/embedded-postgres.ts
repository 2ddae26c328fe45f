import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import { ExchangeQueue } from './exchange-queue';
import { authenticateStartup } from './socket-password-gate';

// The server's password, per data folder: made once, readable by its owner only.
export const PASSWORD_FILE = 'edo-socket-password';

function passwordOf(dataDir: string): string {
  if (dataDir === 'memory://') return randomBytes(24).toString('base64url');
  const file = path.join(dataDir, PASSWORD_FILE);
  try {
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A copy restored with looser rights is tightened again.
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

// PostgreSQL compiled to WebAssembly (PGlite), served on the PostgreSQL wire protocol so that the
// same `pg`/TypeORM code path runs with or without an external server. One PGlite instance
// serializes transactions across connections: never wait inside a transaction on a query made
// through another connection. The socket asks for a password (made per data folder, kept in
// PASSWORD_FILE there with mode 0600): another local user cannot connect with any password.
export class EmbeddedPostgres {
  private db?: PGlite;
  private server?: PGLiteSocketServer;
  private queue?: ExchangeQueue;

  constructor(
    private readonly dataDir: string,
    private readonly port = 0,
    // How long a connection may sit silent inside a transaction while others wait (ExchangeQueue).
    private readonly idleInTransactionTimeoutMs?: number,
  ) {}

  async start(): Promise<string> {
    if (this.dataDir !== 'memory://') {
      // The database files are readable by whoever can read the folder, password gate or not:
      // the service user's alone, also when an older start left it open.
      mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      chmodSync(this.dataDir, 0o700);
    }
    const password = passwordOf(this.dataDir);
    this.db = await PGlite.create(this.dataDir);
    this.server = new PGLiteSocketServer({ db: this.db, host: '127.0.0.1', port: this.port, maxConnections: 100 });
    const internals = this.server as unknown as { queryQueue: ExchangeQueue; handleConnection(socket: Socket): Promise<void> };
    // The server hands its queue to each connection as it arrives: replaced before any does.
    this.queue = new ExchangeQueue(this.db, this.idleInTransactionTimeoutMs);
    internals.queryQueue = this.queue;
    // Every connection proves the password before it reaches PGlite (which would take any).
    const accept = internals.handleConnection.bind(this.server);
    internals.handleConnection = async (socket: Socket) => {
      const handOn = await authenticateStartup(socket, password);
      if (!handOn) return;
      socket.unshift(handOn);
      await accept(socket);
      socket.resume();
    };
    await this.server.start();
    const address = this.server.getServerConn(); // "127.0.0.1:PORT"

    return `postgres://postgres:${encodeURIComponent(password)}@${address}/postgres`;
  }

  async stop(): Promise<void> {
    const { server, db, queue } = this;
    this.server = undefined;
    this.db = undefined;
    this.queue = undefined;
    queue?.close();
    await server?.stop();
    await db?.close();
  }
}
