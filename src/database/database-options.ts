import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { preparingClient } from '../common/persistence/prepared-statements';

export type EntityList = NonNullable<DataSourceOptions['entities']>;

// `entities`: every module's tables, from the composition root (src/entities.ts) — database/ knows
// no module. `preparedStatements`: run frequent statements as prepared ones
// (common/persistence/prepared-statements.ts); only for a real PostgreSQL server (the embedded one
// serves all connections from one session).
export function buildDataSourceOptions(
  url: string,
  poolSize: number,
  { entities, preparedStatements = false }: { entities: EntityList; preparedStatements?: boolean },
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // PGlite has no uuid-ossp; pgcrypto's gen_random_uuid() is built into PostgreSQL 13+.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, ...(preparedStatements && { Client: preparingClient() }) },
  };
}
