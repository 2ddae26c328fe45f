// Data source for the TypeORM CLI only (migration:generate / migration:revert). An entry point
// like main.ts: it takes every module's entities from the composition root.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigFromProcessEnv } from './config/config.module';
import { APP_ENTITIES } from './entities';
import { buildDataSourceOptions } from './database/database-options';

const config = loadConfigFromProcessEnv();
if (config.database.mode !== 'external') {
  throw new Error('The TypeORM CLI needs DATABASE_URL (a migrated PostgreSQL database to diff against).');
}
export default new DataSource(buildDataSourceOptions(config.database.url, 2, { entities: APP_ENTITIES }));
