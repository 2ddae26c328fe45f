import { Client } from 'pg';
import type { ChildProcess } from 'node:child_process';
import type S3rver from 's3rver';
import { stopEmbeddedPostgresProcess } from '../utils/embedded-postgres-process';
import { reportContractCoverage } from '../utils/api-contract-coverage';

export default async function globalTeardown() {
  const state = (
    globalThis as { __edoTestState?: { embedded?: ChildProcess; s3?: S3rver; database?: { adminUrl: string; name: string } } }
  ).__edoTestState;
  await state?.s3?.close();
  await stopEmbeddedPostgresProcess(state?.embedded);
  if (state?.database) {
    const admin = new Client({ connectionString: state.database.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${state.database.name} WITH (FORCE)`);
    await admin.end();
  }
  // Last: with EDO_CONTRACT_REQUIRE_COVERAGE=1 it throws, after the services above are stopped.
  reportContractCoverage(process.env.EDO_CONTRACT_COVERAGE_FILE);
}
