import type { DataSource } from 'typeorm';

// Arbitrary but fixed: every replica takes the same advisory lock before migrating.
const MIGRATION_LOCK_ID = 7_301_452_001;

// Runs pending migrations while holding a PostgreSQL advisory lock, so several API or worker
// replicas starting together migrate once and the others wait for the result.
export async function runMigrationsUnderLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.release();
  }
}
