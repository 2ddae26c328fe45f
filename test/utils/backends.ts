import { Client } from 'pg';

// External backends of this test run (see test/setup/global-setup.ts).
export const testDatabaseUrl = () => process.env.EDO_TEST_DATABASE_URL!;
export const testDatabaseKind = () => process.env.EDO_TEST_DATABASE_KIND as 'postgresql' | 'pglite';
export const testS3Endpoint = () => process.env.EDO_TEST_S3_ENDPOINT!;
export const TEST_BUCKET = 'edo-test';
export const TEST_S3_CREDENTIALS = {
  S3_ACCESS_KEY: 'S3RVER',
  S3_SECRET_KEY: 'S3RVER',
  S3_BUCKET: TEST_BUCKET,
  S3_REGION: 'us-east-1',
};

// Redis is optional on a developer's machine: without TEST_REDIS_URL the Redis tests are
// skipped, unless TEST_REQUIRE_EXTERNAL=1 (CI), where its absence fails the run.
export const testRedisUrl = (): string | undefined => {
  const url = process.env.TEST_REDIS_URL;
  if (!url && process.env.TEST_REQUIRE_EXTERNAL === '1') throw new Error('TEST_REQUIRE_EXTERNAL=1 but TEST_REDIS_URL is not set');
  return url;
};
export const describeWithRedis = testRedisUrl() ? describe : describe.skip;

// A second, empty database on the same server, for tests that migrate from nothing.
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(testDatabaseUrl());
  const name = `edo_scratch_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;

  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new Client({ connectionString: base.toString() });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
