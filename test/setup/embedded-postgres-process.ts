import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

// The test run's embedded PostgreSQL (PGlite) in a process of its own, started by
// global-setup.ts when no TEST_DATABASE_URL is given. Jest runs the test files in band (one
// worker), so a server in jest's own process shared one event loop with the tests: every
// synchronous stretch of test work (key generation, signing, a large fixture) stalled the
// database for every connection, and on a busy machine the pools' connection timeouts fired
// ("Connection terminated due to connection timeout") and cascaded through the run. Here the
// server has a core's worth of event loop to itself.
//
// Protocol (test/utils/embedded-postgres-process.ts): the parent forks this file with an IPC
// channel and, optionally, the idle-in-transaction timeout in ms as the only argument; it answers
// { url } once listening, or { error } if the server could not start, and it stops when the parent
// disconnects or dies.
async function main(): Promise<void> {
  const idleInTransactionTimeoutMs = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const server = new EmbeddedPostgres('memory://', 0, idleInTransactionTimeoutMs);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('disconnect', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  try {
    const url = await server.start();
    process.send?.({ url });
  } catch (error) {
    process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    await stop(1);
  }
}

void main();
