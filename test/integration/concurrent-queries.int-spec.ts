// Many connections at once, each with extended-protocol (parameterized) queries: every query gets
// its own answer. Against the embedded database (a machine with only Node) this guards the
// exchange queue in src/database/exchange-queue.ts: without it, one connection's Bind met
// another's statement ("bind message supplies 2 parameters, but prepared statement requires 3").
import { Pool } from 'pg';
import { testDatabaseUrl } from '../utils/backends';

describe('the database under concurrent parameterized queries', () => {
  let pool: Pool;

  beforeAll(() => {
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 10 });
  });
  afterAll(() => pool.end());

  it('answers each of 300 interleaved queries with different parameter counts correctly', async () => {
    const queries = Array.from({ length: 300 }, async (_, i) => {
      if (i % 3 === 0) {
        const { rows } = await pool.query<{ sum: number }>('SELECT $1::int + $2::int AS sum', [i, 1]);
        expect(rows[0].sum).toBe(i + 1);
      } else if (i % 3 === 1) {
        const { rows } = await pool.query<{ joined: string }>('SELECT $1::text || $2::text || $3::text AS joined', [
          'a',
          String(i),
          'z',
        ]);
        expect(rows[0].joined).toBe(`a${i}z`);
      } else {
        const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM generate_series(1, $1::int)', [i]);
        expect(rows[0].n).toBe(i);
      }
    });
    await Promise.all(queries);
  });

  it('keeps a transaction on one connection while others query', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE exchange_probe (n int) ON COMMIT DROP');
      const others = Array.from({ length: 20 }, (_, i) => pool.query('SELECT $1::int AS n', [i]));
      for (let i = 0; i < 20; i++) await client.query('INSERT INTO exchange_probe VALUES ($1)', [i]);
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM exchange_probe');
      await client.query('COMMIT');
      expect(rows[0].n).toBe(20);
      expect((await Promise.all(others)).map((r) => r.rows[0].n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    } finally {
      client.release();
    }
  });
});
