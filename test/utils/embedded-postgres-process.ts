import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

// An embedded PostgreSQL (PGlite) in a process of its own (test/setup/embedded-postgres-process.ts):
// the whole run's database when no TEST_DATABASE_URL is given, or a test's own server. PGlite
// cannot start inside a jest test file anyway (it imports its WebAssembly dynamically, which jest's
// module sandbox refuses).
export interface EmbeddedPostgresProcess {
  readonly url: string;
  readonly child: ChildProcess;
}

export async function startEmbeddedPostgresProcess(idleInTransactionTimeoutMs?: number): Promise<EmbeddedPostgresProcess> {
  const child = fork(
    path.resolve(__dirname, '../setup/embedded-postgres-process.ts'),
    idleInTransactionTimeoutMs === undefined ? [] : [String(idleInTransactionTimeoutMs)],
    {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TS_NODE_PROJECT: path.resolve(__dirname, '../../tsconfig.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the embedded PostgreSQL process did not start within 120 s')), 120_000);
    child.once('message', (message: { url?: string; error?: string }) => {
      clearTimeout(timer);
      if (message.url) resolve(message.url);
      else reject(new Error(`the embedded PostgreSQL process failed: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the embedded PostgreSQL process exited (${code ?? signal}) before it listened`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });

  return { url, child };
}

// Asks the process to stop (it closes PGlite) and waits for it, killing it after 10 s.
export async function stopEmbeddedPostgresProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
