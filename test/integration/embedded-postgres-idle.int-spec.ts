import { Client } from 'pg';
import {
  EmbeddedPostgresProcess,
  startEmbeddedPostgresProcess,
  stopEmbeddedPostgresProcess,
} from '../utils/embedded-postgres-process';

// The embedded server (PGlite) has one session for all connections: a connection that goes silent
// inside its transaction while others wait (a hung or abandoned client) must not hold it for ever.
describe('embedded PostgreSQL: a connection idle in its transaction', () => {
  const TIMEOUT_MS = 500;
  let server: EmbeddedPostgresProcess;
  const clients: Client[] = [];
  const connect = async () => {
    const client = new Client({ connectionString: server.url });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startEmbeddedPostgresProcess(TIMEOUT_MS);
    const setup = await connect();
    await setup.query('CREATE TABLE notes (text text)');
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await stopEmbeddedPostgresProcess(server?.child);
  });

  it('is ended, its transaction rolled back, once others have waited for the timeout', async () => {
    const idle = await connect();
    const other = await connect();
    await idle.query('BEGIN');
    await idle.query(`INSERT INTO notes VALUES ('never committed')`);
    const started = Date.now();
    // Waits for the one session, and gets it when the idle transaction is ended.
    const rows = await other.query('SELECT count(*)::int AS n FROM notes');
    expect(rows.rows[0].n).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    await expect(idle.query('COMMIT')).rejects.toThrow();
  });

  it('keeps a transaction that is idle while nobody waits', async () => {
    const alone = await connect();
    await alone.query('BEGIN');
    await alone.query(`INSERT INTO notes VALUES ('kept')`);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
    await alone.query('COMMIT');
    const other = await connect();
    expect((await other.query('SELECT text FROM notes')).rows).toEqual([{ text: 'kept' }]);
  });

  it('serves a transaction that keeps talking, however long others wait', async () => {
    const busy = await connect();
    const other = await connect();
    await busy.query('BEGIN');
    const waiting = other.query('SELECT count(*)::int AS n FROM notes');
    // Statements well within the timeout of each other, for three timeouts in all.
    for (let i = 0; i < 12; i++) {
      await busy.query(`INSERT INTO notes VALUES ('busy ${i}')`);
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS / 4));
    }
    await busy.query('COMMIT');
    expect((await waiting).rows[0].n).toBe(13);
  });
});
