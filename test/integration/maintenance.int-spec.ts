import { DataSource } from 'typeorm';
import { MaintenanceRepository } from '../../src/maintenance';
import { openTestDataSource } from '../utils/database';

describe('maintenance purge', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openTestDataSource();
  });
  afterAll(() => dataSource.destroy());

  it('deletes expired idempotency records, long-ended sessions and old finished jobs, and keeps the rest', async () => {
    const now = new Date('2031-06-01T00:00:00Z');
    const day = 24 * 3_600_000;
    const tag = `purge-${Date.now()}`;
    const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);
    await dataSource.query(
      `INSERT INTO idempotency_records (scope, key, "requestHash", state, "createdAt", "expiresAt")
       VALUES ($1, 'old', $2, 'completed', $3, $4), ($1, 'live', $2, 'completed', $3, $5)`,
      [tag, 'x'.repeat(64), at(-2 * day), at(-day), at(day)],
    );
    const userId = '00000000-0000-4000-8000-000000000001';
    const orgId = '00000000-0000-4000-8000-000000000002';
    await dataSource.query(
      `INSERT INTO sessions ("tokenHash", "csrfTokenHash", "userId", "organizationId", "authMethod", "expiresAt", "revokedAt", "userAgent")
       VALUES ($1, $1, $3, $4, 'password', $5, NULL, $7), ($2, $2, $3, $4, 'password', $6, NULL, $7)`,
      [`${tag}-a`.padEnd(64, '0'), `${tag}-b`.padEnd(64, '0'), userId, orgId, at(-40 * day), at(-10 * day), tag],
    );
    // A job's age is by the database's clock, which wrote its "updatedAt" (not by the app's clock).
    await dataSource.query(
      `INSERT INTO jobs (name, version, payload, "runAt", state, "updatedAt")
       VALUES ('mail.send', 1, $1, now(), 'completed', now() - interval '10 days'),
              ('mail.send', 1, $1, now(), 'failed', now() - interval '10 days'),
              ('mail.send', 1, $1, now(), 'completed', now() - interval '1 day')`,
      [JSON.stringify({ tag })],
    );

    await new MaintenanceRepository(dataSource).purge(now);

    const keys = await dataSource.query(`SELECT key FROM idempotency_records WHERE scope = $1`, [tag]);
    expect(keys.map((row: { key: string }) => row.key)).toEqual(['live']);
    const sessions = await dataSource.query(`SELECT "expiresAt" FROM sessions WHERE "userAgent" = $1`, [tag]);
    expect(sessions).toHaveLength(1);
    // Failed jobs stay for inspection; completed ones go after 7 days.
    const jobs = await dataSource.query(`SELECT state FROM jobs WHERE payload->>'tag' = $1 ORDER BY state`, [tag]);
    expect(jobs.map((row: { state: string }) => row.state)).toEqual(['completed', 'failed']);
  });
});
