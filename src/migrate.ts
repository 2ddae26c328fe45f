// `npm run migration:run`: applies pending migrations under the advisory lock and exits.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigFromProcessEnv } from './config/config.module';
import { APP_ENTITIES } from './entities';
import { buildDataSourceOptions } from './database/database-options';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { runMigrationsUnderLock } from './database/migration-runner';

async function main() {
  const config = loadConfigFromProcessEnv();
  const embedded =
    config.database.mode === 'embedded' ? new EmbeddedPostgres(config.database.dataDir, config.database.port) : undefined;
  const url = embedded ? await embedded.start() : (config.database as { url: string }).url;
  const dataSource = await new DataSource(buildDataSourceOptions(url, 2, { entities: APP_ENTITIES })).initialize();
  try {
    const applied = await runMigrationsUnderLock(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
