// The order in which the embedded server feeds wire-protocol messages of its many client
// connections into the one PGlite session.
//
// pglite-socket 0.2 queues every message on its own and sticks to one connection only while a
// transaction is open. Outside one, the messages of two connections' extended-protocol queries
// (Parse, Bind, Describe, Execute ... Sync) interleave, and connection A's Bind meets
// connection B's unnamed statement: "bind message supplies 2 parameters, but prepared statement
// "" requires 15" under concurrent requests. This queue keeps serving the same connection until
// its exchange is complete — a Sync ('S'), a simple Query ('Q'), Terminate ('X') or a message
// without a type byte (start-up) — and, as before, until its transaction ends.
//
// Since one open transaction holds the only session, a connection that stays idle inside its
// transaction while others wait (a client that hung or was abandoned) would stop the database
// for everybody, for ever. Like PostgreSQL's idle_in_transaction_session_timeout, such a
// connection is ended after `idleInTransactionTimeoutMs` of silence while others wait: its
// transaction is rolled back and every later message of it fails, which closes its socket.
import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: unknown) => void;
}

// Message types after which the session may serve another connection (outside a transaction).
const EXCHANGE_END = new Set(['S', 'Q', 'X']);

export class ExchangeQueue {
  private queue: Pending[] = [];
  private processing = false;
  private owner: number | null = null;
  private midExchange = false;
  private ownerLastSeen = 0;
  private idleTimer?: NodeJS.Timeout;
  private readonly ended = new Set<number>();

  constructor(
    private readonly db: PGlite,
    private readonly idleInTransactionTimeoutMs = DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.ended.has(handlerId)) return Promise.reject(new Error('terminating connection due to idle-in-transaction timeout'));
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  // Stops the idle-transaction watch (the server is stopping).
  close(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('Handler disconnected'));
      return false;
    });
    if (this.owner === handlerId) this.midExchange = false;
    this.ended.delete(handlerId);
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    this.midExchange = false;
    await this.process();
  }

  private next(): Pending | undefined {
    const pinned = this.owner !== null && (this.midExchange || this.db.isInTransaction());
    if (!pinned) return this.queue.shift();
    const index = this.queue.findIndex((item) => item.handlerId === this.owner);
    // Wait for the owner's next message; the others stay queued.
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item!.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item!.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error);
          continue;
        }
        const type = item.message[0] === 0 ? '' : String.fromCharCode(item.message[0]);
        this.owner = item.handlerId;
        this.ownerLastSeen = Date.now();
        this.midExchange = type !== '' && !EXCHANGE_END.has(type);
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
    this.watchIdleOwner();
  }

  // Others wait while the owner, silent, holds its transaction: end it once it has been silent
  // for the timeout.
  private watchIdleOwner(): void {
    if (this.idleTimer || this.idleInTransactionTimeoutMs <= 0 || this.queue.length === 0 || this.owner === null) return;
    const owner = this.owner;
    const delay = Math.max(0, this.ownerLastSeen + this.idleInTransactionTimeoutMs - Date.now());
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      void this.endIdleOwner(owner);
    }, delay);
    this.idleTimer.unref();
  }

  private async endIdleOwner(owner: number): Promise<void> {
    const stillIdle =
      this.owner === owner &&
      !this.processing &&
      this.queue.length > 0 &&
      !this.queue.some((item) => item.handlerId === owner) &&
      Date.now() - this.ownerLastSeen >= this.idleInTransactionTimeoutMs;
    if (stillIdle && (this.midExchange || this.db.isInTransaction())) {
      this.ended.add(owner);
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      this.owner = null;
      this.midExchange = false;
    }
    await this.process();
  }
}

// The embedded server's default: long enough for any transaction of the service's own (which
// never waits on another connection inside one), short enough that a hung client does not stop
// the database until a restart.
export const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
