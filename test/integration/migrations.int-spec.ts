import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { APP_ENTITIES } from '../../src/entities';
import { runMigrationsUnderLock } from '../../src/database/migration-runner';
import { MIGRATIONS } from '../../src/database/migrations';
import { createScratchDatabase, testDatabaseKind, testDatabaseUrl } from '../utils/backends';

const APP_TABLES = [
  'organizations',
  'users',
  'memberships',
  'sessions',
  'login_attempts',
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
    dataSource = await new DataSource(buildDataSourceOptions(target.url, 3, { entities: APP_ENTITIES })).initialize();
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

  it('revokes the API keys that act for nobody (made with a key before keys carried their person)', async () => {
    const backfill = 'RevokeApiKeysWithoutPerson1796651822000';
    const applied = async () =>
      ((await dataSource.query(`SELECT name FROM typeorm_migrations`)) as { name: string }[]).map((row) => row.name);
    await runMigrationsUnderLock(dataSource);
    while ((await applied()).includes(backfill)) await dataSource.undoLastMigration({ transaction: 'each' });
    const [user] = (await dataSource.query(`INSERT INTO users ("fullName") VALUES ('Бас') RETURNING id`)) as { id: string }[];
    const orgId = '00000000-0000-4000-8000-00000000a001';
    const key = (prefix: string, createdByUserId: string | null) =>
      dataSource.query(
        `INSERT INTO api_keys ("organizationId", name, prefix, "secretHash", rights, "createdByUserId") VALUES ($1, $2, $2, $3, '{}', $4)`,
        [orgId, prefix, '0'.repeat(64), createdByUserId],
      );
    await key('aaaaaaaa01', user.id);
    await key('aaaaaaaa02', null);

    await runMigrationsUnderLock(dataSource);
    const rows = (await dataSource.query(`SELECT prefix, "revokedAt" FROM api_keys WHERE "organizationId" = $1 ORDER BY prefix`, [
      orgId,
    ])) as { prefix: string; revokedAt: Date | null }[];
    expect(rows.map((row) => [row.prefix, row.revokedAt !== null])).toEqual([
      ['aaaaaaaa01', false],
      ['aaaaaaaa02', true],
    ]);
    await dataSource.query(`DELETE FROM api_keys WHERE "organizationId" = $1`, [orgId]);
    await dataSource.query(`DELETE FROM users WHERE id = $1`, [user.id]);
  });

  (testDatabaseKind() === 'postgresql' ? it : it.skip)(
    'migrate once when several replicas start together (advisory lock)',
    async () => {
      const fresh = await createScratchDatabase();
      const replicas = await Promise.all(
        [1, 2, 3].map(() => new DataSource(buildDataSourceOptions(fresh.url, 2, { entities: APP_ENTITIES })).initialize()),
      );
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
