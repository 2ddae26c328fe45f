import type { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

// The rows of one statement. In a transaction (a manager with its query runner) the
// transaction's connection runs it, as manager.query would. Outside one, the statement goes to a
// pooled pg connection directly: TypeORM's per-statement query runner (a runner object,
// connection bookkeeping, a result wrapper) cost more CPU than pg itself on the hot statements of
// every request (bench/flow). Same pool, same prepared statements, same row types.
export async function queryRows<T = Record<string, unknown>>(
  manager: EntityManager,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  if (manager.queryRunner) return manager.query(text, values as unknown[]);
  const pool = (manager.connection.driver as PostgresDriver).master as Pool;
  return (await pool.query(text, values as unknown[])).rows as T[];
}
