import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JobRecord, JobState } from './job-record.entity';

export interface NewJob {
  name: string;
  version: number;
  payload: object;
  runAt: Date;
  dedupKey?: string;
}

// Every SQL statement on the jobs table.
@Injectable()
export class JobRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // Inserts through the caller's transaction when given one. A duplicate dedupKey returns the
  // existing job instead of a second one.
  async insert(job: NewJob, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO jobs (name, version, payload, "runAt", "dedupKey") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("dedupKey") WHERE "dedupKey" IS NOT NULL DO NOTHING RETURNING id`,
      [job.name, job.version, JSON.stringify(job.payload), job.runAt, job.dedupKey ?? null],
    );
    if (rows.length) return rows[0].id;
    const existing: { id: string }[] = await manager.query(`SELECT id FROM jobs WHERE "dedupKey" = $1`, [job.dedupKey]);

    return existing[0].id;
  }

  // Many jobs in one statement; duplicates of a dedupKey (with an existing job or within the
  // batch) are skipped.
  async insertMany(jobs: readonly NewJob[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO jobs (name, version, payload, "runAt", "dedupKey")
       SELECT * FROM unnest($1::varchar[], $2::int[], $3::jsonb[], $4::timestamptz[], $5::varchar[])
       ON CONFLICT ("dedupKey") WHERE "dedupKey" IS NOT NULL DO NOTHING`,
      [
        jobs.map((job) => job.name),
        jobs.map((job) => job.version),
        jobs.map((job) => JSON.stringify(job.payload)),
        jobs.map((job) => job.runAt),
        jobs.map((job) => job.dedupKey ?? null),
      ],
    );
  }

  // Claims due jobs for this process: pending ones whose time has come, and running ones whose
  // runner died (lock expired). SKIP LOCKED lets several runners share the table. The BullMQ
  // dispatcher also takes back dispatched rows whose lock expired: a dispatcher killed between
  // claiming rows and adding them to Redis left them dispatched with nothing in the queue, and
  // nothing ever ran them. Dispatching one again is harmless: BullMQ keeps one job per id (the row
  // id) as long as it is queued, running, or kept as completed or failed.
  async claimDue(now: Date, limit: number, lockForMs: number, nextState: JobState.Running | JobState.Dispatched) {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows] = (await this.dataSource.query(
      `UPDATE jobs SET state = $4::job_state, attempts = attempts + $5,
              "lockedUntil" = $3, "updatedAt" = now()
        WHERE id IN (
          SELECT id FROM jobs
           WHERE (state = 'pending' AND "runAt" <= $1) OR (state = 'running' AND "lockedUntil" < $1)
              OR ($4::job_state = 'dispatched' AND state = 'dispatched' AND "lockedUntil" < $1)
           ORDER BY "runAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      // An in-process claim is an attempt; a dispatch to BullMQ is not (BullMQ counts its own).
      [now, limit, new Date(now.getTime() + lockForMs), nextState, nextState === JobState.Running ? 1 : 0],
    )) as [JobRecord[], number];

    return rows;
  }

  async findById(id: string): Promise<JobRecord | null> {
    return this.dataSource.getRepository(JobRecord).findOneBy({ id });
  }

  // The field's value becomes '' (kept as a mark that it was there and is gone).
  async blankPayloadField(id: string, field: string) {
    await this.dataSource.query(
      `UPDATE jobs SET payload = payload || jsonb_build_object($2::text, ''), "updatedAt" = now() WHERE id = $1`,
      [id, field],
    );
  }

  async markCompleted(id: string) {
    await this.dataSource.query(
      `UPDATE jobs SET state = 'completed', "lockedUntil" = NULL, "lastError" = NULL, "updatedAt" = now() WHERE id = $1`,
      [id],
    );
  }

  async markFailed(id: string, error: string) {
    await this.dataSource.query(
      `UPDATE jobs SET state = 'failed', "lockedUntil" = NULL, "lastError" = $2, "updatedAt" = now() WHERE id = $1`,
      [id, error.slice(0, 4000)],
    );
  }

  async reschedule(id: string, runAt: Date, error: string) {
    await this.dataSource.query(
      `UPDATE jobs SET state = 'pending', "runAt" = $2, "lockedUntil" = NULL, "lastError" = $3, "updatedAt" = now() WHERE id = $1`,
      [id, runAt, error.slice(0, 4000)],
    );
  }

  // Records one BullMQ attempt (BullMQ owns the retries of dispatched jobs).
  async recordAttempt(id: string, attempt: number) {
    await this.dataSource.query(`UPDATE jobs SET attempts = GREATEST(attempts, $2), "updatedAt" = now() WHERE id = $1`, [
      id,
      attempt,
    ]);
  }

  async countByState(): Promise<Record<string, number>> {
    const rows: { state: string; count: string }[] = await this.dataSource.query(
      `SELECT state, count(*) AS count FROM jobs GROUP BY state`,
    );

    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }
}
