import { createHash } from 'node:crypto';
import { Client } from 'pg';

// A statement is prepared once it has run this many times: the hot paths' statements are, the
// one-off ones (start-up, migrations, rare admin queries) never are.
const PREPARE_AFTER = 3;
// Bounds per process: statements whose text varies (an IN list of n parameters) stay unnamed
// once these are reached.
const MAX_PREPARED = 500;
const MAX_COUNTED = 5_000;

// Which statement texts get a server-side prepared statement, and its name (from the text, so
// every connection of the pool names one text the same).
export class StatementNames {
  private readonly counts = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private readonly generations = new Map<string, number>();

  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known) return known;
    const count = (this.counts.get(text) ?? 0) + 1;
    if (this.counts.size >= MAX_COUNTED) this.counts.clear();
    this.counts.set(text, count);
    if (count < PREPARE_AFTER || this.names.size >= MAX_PREPARED) return undefined;
    const generation = this.generations.get(text) ?? 0;
    const name = `edo_${createHash('sha256').update(text).digest('hex').slice(0, 24)}${generation ? `_${generation}` : ''}`;
    this.names.set(text, name);
    this.counts.delete(text);
    return name;
  }

  // A prepared statement that PostgreSQL no longer accepts ("cached plan must not change result
  // type": a migration changed a table it returns, e.g. another replica migrated while this one
  // runs) is not used again: the text gets a new name, prepared afresh on each connection.
  invalidate(text: string): void {
    if (!this.names.delete(text)) return;
    this.generations.set(text, (this.generations.get(text) ?? 0) + 1);
    // Still a frequent statement: named again on its next run.
    this.counts.set(text, PREPARE_AFTER - 1);
  }
}

const isStalePlan = (error: unknown) =>
  (error as { code?: string } | undefined)?.code === '0A000' && /cached plan must not change result type/.test(String(error));

// A pg Client class (for the pool's `Client` option) that runs the frequent parameterized
// statements as named prepared statements: PostgreSQL then parses and plans each of them once
// per connection instead of on every execution, which was most of its CPU per request on the
// document flow (bench/flow: the database's CPU per flow 21 -> 12 ms, per authenticated GET
// 0.57 -> 0.18 ms). TypeORM sends every query as (text, values), so its statements benefit
// too. Not for a connection pooler in transaction mode (prepared statements live in one server
// session): DATABASE_PREPARED_STATEMENTS=false turns it off.
export function preparingClient(names = new StatementNames()): typeof Client {
  class PreparingClient extends Client {}
  const plainQuery = Client.prototype.query as (...args: unknown[]) => unknown;
  PreparingClient.prototype.query = function (this: Client, ...args: unknown[]) {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = names.nameFor(text);
      if (name) {
        const forget = (error: unknown) => {
          if (isStalePlan(error)) names.invalidate(text);
        };
        if (typeof callback === 'function') {
          return plainQuery.call(this, { name, text, values }, (error: unknown, result: unknown) => {
            forget(error);
            (callback as (error: unknown, result: unknown) => void)(error, result);
          });
        }
        return (plainQuery.call(this, { name, text, values }) as Promise<unknown>).catch((error: unknown) => {
          forget(error);
          throw error;
        });
      }
    }
    return plainQuery.apply(this, args);
  } as typeof Client.prototype.query;
  return PreparingClient;
}
