import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { runMigrationsUnderLock } from '../../src/database/migration-runner';
import { APP_ENTITIES } from '../../src/entities';
import { testDatabaseUrl } from './backends';

// A migrated connection to this run's test database, for integration tests of repositories and
// adapters that do not need the whole application.
export async function openTestDataSource(): Promise<DataSource> {
  const dataSource = await new DataSource(buildDataSourceOptions(testDatabaseUrl(), 4, { entities: APP_ENTITIES })).initialize();
  await runMigrationsUnderLock(dataSource);

  return dataSource;
}

// For a test file whose clock runs years ahead: every job that earlier files left pending in the
// shared database would be due for its runner (webhook retries to closed ports, mails to their
// catchers) and would run before, and starve, the file's own jobs. They are not its to run.
export async function discardPendingJobs(): Promise<void> {
  const dataSource = await openTestDataSource();
  try {
    await dataSource.query(`DELETE FROM jobs WHERE state IN ('pending', 'running', 'dispatched')`);
  } finally {
    await dataSource.destroy();
  }
}
