import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { runMigrationsUnderLock } from '../../src/database/migration-runner';
import { MIGRATIONS } from '../../src/database/migrations';
import { createScratchDatabase, testDatabaseKind, testDatabaseUrl } from '../utils/backends';

const APP_TABLES = [
  'organizations',
  'users',
  'memberships',
  'sessions',
  'api_keys',
  'audit_events',
  'idempotency_records',
  'jobs',
  'legal_document_versions',
  'legal_acceptances',
  'signature_challenges',
  'invitations',
  'organization_events',
  'organization_event_counters',
  'webhooks',
  'webhook_deliveries',
  'notification_preferences',
  'documents',
  'document_packages',
  'document_recipients',
  'document_events',
  'document_signatures',
  'document_statements',
  'recipient_links',
  'outgoing_ledger',
  'document_signing_policies',
];

async function userTables(dataSource: DataSource): Promise<string[]> {
  const rows: { tablename: string }[] = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations'`,
  );
  return rows.map((row) => row.tablename).sort();
}

async function userTypes(dataSource: DataSource): Promise<string[]> {
  const rows: { typname: string }[] = await dataSource.query(
    `SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'`,
  );
  return rows.map((row) => row.typname);
}

async function revertAll(dataSource: DataSource) {
  while ((await dataSource.query(`SELECT count(*)::int AS n FROM typeorm_migrations`).catch(() => [{ n: 0 }]))[0].n > 0) {
    await dataSource.undoLastMigration({ transaction: 'each' });
  }
}

describe('migrations', () => {
  // On a PostgreSQL server the round trip runs in a database of its own. The embedded server has
  // one database, shared with the other suites: it is reverted and migrated again in place.
  let target: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    target =
      testDatabaseKind() === 'postgresql'
        ? await createScratchDatabase()
        : { url: testDatabaseUrl(), drop: async () => undefined };
    dataSource = await new DataSource(buildDataSourceOptions(target.url, 3)).initialize();
  });
  afterAll(async () => {
    await runMigrationsUnderLock(dataSource);
    await dataSource.destroy();
    await target.drop();
  });

  it('apply from nothing, agree with the entities, revert to nothing, and apply again', async () => {
    await revertAll(dataSource);
    expect(await userTables(dataSource)).toEqual([]);

    const applied = await runMigrationsUnderLock(dataSource);
    expect(applied).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await userTables(dataSource)).toEqual([...APP_TABLES].sort());

    // What `migration:generate` would write on a migrated database: nothing.
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((query) => query.query)).toEqual([]);

    await revertAll(dataSource);
    expect(await userTables(dataSource)).toEqual([]);
    expect(await userTypes(dataSource)).toEqual([]);

    expect(await runMigrationsUnderLock(dataSource)).toHaveLength(MIGRATIONS.length);
    expect(await runMigrationsUnderLock(dataSource)).toEqual([]);
  });

  (testDatabaseKind() === 'postgresql' ? it : it.skip)(
    'migrate once when several replicas start together (advisory lock)',
    async () => {
      const fresh = await createScratchDatabase();
      const replicas = await Promise.all([1, 2, 3].map(() => new DataSource(buildDataSourceOptions(fresh.url, 2)).initialize()));
      try {
        const results = await Promise.all(replicas.map((replica) => runMigrationsUnderLock(replica)));
        const appliedCounts = results.map((names) => names.length).sort();
        expect(appliedCounts).toEqual([0, 0, MIGRATIONS.length]);
      } finally {
        await Promise.all(replicas.map((replica) => replica.destroy()));
        await fresh.drop();
      }
    },
  );
});
