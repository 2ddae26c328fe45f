// Data source for the TypeORM CLI only (migration:generate / migration:revert).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigFromProcessEnv } from '../config/config.module';
import { buildDataSourceOptions } from './database-options';

const config = loadConfigFromProcessEnv();
if (config.database.mode !== 'external') {
  throw new Error('The TypeORM CLI needs DATABASE_URL (a migrated PostgreSQL database to diff against).');
}
export default new DataSource(buildDataSourceOptions(config.database.url, 2));
