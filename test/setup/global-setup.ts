import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import S3rver from 's3rver';
import * as Minio from 'minio';
import { startEmbeddedPostgresProcess } from '../utils/embedded-postgres-process';

// Backends for the whole test run:
// - PostgreSQL: a fresh database on TEST_DATABASE_URL's server (CI), or an embedded PGlite server
//   in a child process of its own when no server is given (a machine with only Node; see
//   embedded-postgres-process.ts for why not in this process);
// - S3: a local S3-compatible server (s3rver) with the test bucket;
// - Redis: TEST_REDIS_URL when given (BullMQ tests are skipped without it, unless
//   TEST_REQUIRE_EXTERNAL=1, which turns a missing backend into a failure).
// Tests read the resulting addresses from EDO_TEST_* variables.
export const TEST_BUCKET = 'edo-test';

export default async function globalSetup() {
  // Which API operations the suite answered within the contract (test/utils/api-contract.ts).
  process.env.EDO_CONTRACT_COVERAGE_FILE = path.join(mkdtempSync(path.join(tmpdir(), 'edo-contract-')), 'coverage.txt');
  const state: { embedded?: ChildProcess; s3?: S3rver; database?: { adminUrl: string; name: string } } = {};
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `edo_test_${Date.now()}_${process.pid}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.env.EDO_TEST_DATABASE_URL = url.toString();
    process.env.EDO_TEST_DATABASE_KIND = 'postgresql';
    state.database = { adminUrl: serverUrl, name };
  } else {
    if (process.env.TEST_REQUIRE_EXTERNAL === '1') throw new Error('TEST_REQUIRE_EXTERNAL=1 but TEST_DATABASE_URL is not set');
    // A connection left idle in its transaction by a test that timed out is ended after 20 s, so
    // that one hung test cannot stop the database for the files after it.
    const embedded = await startEmbeddedPostgresProcess(20_000);
    state.embedded = embedded.child;
    process.env.EDO_TEST_DATABASE_URL = embedded.url;
    process.env.EDO_TEST_DATABASE_KIND = 'pglite';
  }

  state.s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: mkdtempSync(path.join(tmpdir(), 'edo-s3-')) });
  const { port } = (await state.s3.run()) as { port: number };
  process.env.EDO_TEST_S3_ENDPOINT = `http://127.0.0.1:${port}`;
  const s3 = new Minio.Client({
    endPoint: '127.0.0.1',
    port,
    useSSL: false,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    pathStyle: true,
  });
  await s3.makeBucket(TEST_BUCKET, 'us-east-1');

  (globalThis as { __edoTestState?: typeof state }).__edoTestState = state;
}
