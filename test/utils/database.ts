import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { runMigrationsUnderLock } from '../../src/database/migration-runner';
import { testDatabaseUrl } from './backends';

// A migrated connection to this run's test database, for integration tests of repositories and
// adapters that do not need the whole application.
export async function openTestDataSource(): Promise<DataSource> {
  const dataSource = await new DataSource(buildDataSourceOptions(testDatabaseUrl(), 4)).initialize();
  await runMigrationsUnderLock(dataSource);

  return dataSource;
}
