import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { PASSWORD_FILE } from '../../src/database/embedded-postgres';

const ROOT = path.resolve(__dirname, '../..');

// PGlite cannot start inside jest's module sandbox: the server runs in a process of its own.
async function startEmbedded(dataDir: string): Promise<{ url: URL; stop(): Promise<void> }> {
  const script = `
    const { EmbeddedPostgres } = require('./src/database/embedded-postgres');
    const server = new EmbeddedPostgres(${JSON.stringify(dataDir)});
    server.start().then((url) => console.log('URL ' + url));
    process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
  `;
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_PROJECT: 'tsconfig.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<URL>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /URL (\S+)/.exec(output);
      if (match) resolve(new URL(match[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the embedded server exited:\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// The embedded server's socket: PGlite itself answers any user and password with
// AuthenticationOk, so the gate in front of it is what keeps other local users out.
describe('embedded PostgreSQL socket authentication', () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'edo-pglite-auth-')), 'pglite');
  let server: { url: URL; stop(): Promise<void> };
  let url: URL;

  const connect = async (password: string | undefined) => {
    const client = new Client({
      host: url.hostname,
      port: Number(url.port),
      user: 'postgres',
      database: 'postgres',
      password,
      connectionTimeoutMillis: 10_000,
    });
    try {
      await client.connect();
      const rows = await client.query('SELECT 41 + 1 AS answer');
      return rows.rows[0].answer as number;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  beforeAll(async () => {
    server = await startEmbedded(dataDir);
    url = server.url;
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });

  it('serves a client with the password from its data folder (mode 0600)', async () => {
    const password = readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8');
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dataDir, PASSWORD_FILE)).mode & 0o777).toBe(0o600);
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(await connect(password)).toBe(42);
    // The URL start() answers works as such (what the app's pool uses).
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    await client.end();
  });

  it('refuses a wrong or an empty password with 28P01', async () => {
    for (const password of ['postgres', 'wrong', '']) {
      const error = await connect(password).catch((e: { code?: string }) => e);
      expect(error).toMatchObject({ code: '28P01' });
    }
  });

  it('keeps the password of the data folder across restarts', async () => {
    await server.stop();
    server = await startEmbedded(dataDir);
    const again = server.url;
    expect(again.password).toBe(url.password);
    url = again;
    expect(await connect(decodeURIComponent(again.password))).toBe(42);
  }, 60_000);
});
