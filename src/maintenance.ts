import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from './common/clock';
import { MaintenanceJobName } from './maintenance.jobs';
import { JobHandlerRegistry } from './common/jobs/job-handler.registry';
import { JOB_RUNNER, JobRunner } from './common/jobs/job-runner.port';
import { JobsService } from './common/jobs/jobs.service';
import { PROCESS_ROLE, ProcessRole } from './common/process-role';
import { OBJECT_STORAGE, ObjectStorage } from './common/storage/object-storage.port';
import { sweepIncompleteUploads } from './common/storage/storage.module';

const HOUR_MS = 3_600_000;
// Ended sessions and finished jobs stay this long for support questions, then go.
const KEEP_ENDED_SESSIONS_MS = 30 * 24 * HOUR_MS;
const KEEP_COMPLETED_JOBS_MS = 7 * 24 * HOUR_MS;

// Beside the composition root, not in common: the purge spans common's tables (idempotency
// records, jobs) and identity's sessions.
@Injectable()
export class MaintenanceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async purge(now: Date) {
    await this.dataSource.query(`DELETE FROM idempotency_records WHERE "expiresAt" < $1`, [now]);
    await this.dataSource.query(`DELETE FROM sessions WHERE COALESCE("revokedAt", "expiresAt") < $1`, [
      new Date(now.getTime() - KEEP_ENDED_SESSIONS_MS),
    ]);
    // A job's "updatedAt" is written by the database's clock, so its age is measured by that clock
    // too (a test clock set years ahead once purged the jobs a test had just completed).
    await this.dataSource.query(
      `DELETE FROM jobs WHERE state = 'completed' AND "updatedAt" < now() - make_interval(secs => $1)`,
      [KEEP_COMPLETED_JOBS_MS / 1000],
    );
  }
}

// Hourly clean-up of expired idempotency records, long-ended sessions, old finished jobs and
// uploads a killed process left unfinished.
// Each run schedules the next one with a per-hour dedup key, so any number of workers keeps
// exactly one chain going.
@Injectable()
export class MaintenanceJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly jobs: JobsService,
    private readonly repository: MaintenanceRepository,
    private readonly clock: Clock,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  onModuleInit() {
    this.registry.register(MaintenanceJobName.PurgeExpiredRecords, async () => {
      await this.repository.purge(this.clock.now());
      await sweepIncompleteUploads(this.storage);
      await this.scheduleNext();
    });
  }

  async onApplicationBootstrap() {
    if (this.role === 'worker' || this.runner.driver === 'in-process') await this.scheduleNext();
  }

  private async scheduleNext() {
    const nextHour = Math.floor(this.clock.now().getTime() / HOUR_MS) + 1;
    await this.jobs.enqueue(
      MaintenanceJobName.PurgeExpiredRecords,
      {},
      { runAt: new Date(nextHour * HOUR_MS), dedupKey: `purge:${nextHour}` },
    );
  }
}
