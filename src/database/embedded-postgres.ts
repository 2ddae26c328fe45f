import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { ExchangeQueue } from './exchange-queue';

// PostgreSQL compiled to WebAssembly (PGlite), served on the PostgreSQL wire protocol so that the
// same `pg`/TypeORM code path runs with or without an external server. One PGlite instance
// serializes transactions across connections: never wait inside a transaction on a query made
// through another connection.
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
    if (this.dataDir !== 'memory://') mkdirSync(this.dataDir, { recursive: true });
    this.db = await PGlite.create(this.dataDir);
    this.server = new PGLiteSocketServer({ db: this.db, host: '127.0.0.1', port: this.port, maxConnections: 100 });
    // The server hands its queue to each connection as it arrives: replaced before any does.
    this.queue = new ExchangeQueue(this.db, this.idleInTransactionTimeoutMs);
    (this.server as unknown as { queryQueue: ExchangeQueue }).queryQueue = this.queue;
    await this.server.start();
    const address = this.server.getServerConn(); // "127.0.0.1:PORT"

    return `postgres://postgres:postgres@${address}/postgres`;
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
