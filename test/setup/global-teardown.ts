import { Client } from 'pg';
import type S3rver from 's3rver';
import type { EmbeddedPostgres } from '../../src/database/embedded-postgres';

export default async function globalTeardown() {
  const state = (
    globalThis as { __edoTestState?: { embedded?: EmbeddedPostgres; s3?: S3rver; database?: { adminUrl: string; name: string } } }
  ).__edoTestState;
  await state?.s3?.close();
  await state?.embedded?.stop();
  if (state?.database) {
    const admin = new Client({ connectionString: state.database.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${state.database.name} WITH (FORCE)`);
    await admin.end();
  }
}
