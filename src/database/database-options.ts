import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { preparingClient } from '../common/persistence/prepared-statements';

// `preparedStatements`: run frequent statements as prepared ones (prepared-statements.ts); only
// for a real PostgreSQL server (the embedded one serves all connections from one session).
export function buildDataSourceOptions(url: string, poolSize: number, { preparedStatements = false } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // PGlite has no uuid-ossp; pgcrypto's gen_random_uuid() is built into PostgreSQL 13+.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, ...(preparedStatements && { Client: preparingClient() }) },
  };
}
