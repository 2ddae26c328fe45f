import { Logger } from '@nestjs/common';
import { Clock } from '../clock';
import { PermanentJobError } from './job-errors';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobState } from './job-record.entity';
import { JobRecordsRepository } from './job-records.repository';
import { backoffDelay, describeError, JOB_LOCK_MS, JobRunner } from './job-runner.port';
import { JobsService } from './jobs.service';
import { PollingLoop } from './polling-loop';

export interface RunnerSettings {
  attempts: number;
  backoffMs: number;
  pollIntervalMs: number;
  // BullMQ: how long a row handed to Redis stays 'dispatched' before it is dispatched again (a
  // dispatcher killed between claiming rows and adding them leaves them so); default JOB_LOCK_MS.
  dispatchLockMs?: number;
}

// Embedded default: the jobs table itself is the queue. Claimed rows carry a lock time, so a
// crash mid-job only delays it; retries back off exponentially, then the job is marked failed.
export class InProcessJobRunner implements JobRunner {
  readonly driver = 'in-process' as const;
  private readonly logger = new Logger('InProcessJobRunner');
  private readonly loop: PollingLoop;
  private unsubscribe?: () => void;

  constructor(
    private readonly records: JobRecordsRepository,
    private readonly registry: JobHandlerRegistry,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly settings: RunnerSettings,
  ) {
    this.loop = new PollingLoop(() => this.runDueNow(), settings.pollIntervalMs, this.logger);
  }

  async start() {
    this.registry.assertComplete();
    this.unsubscribe = this.jobs.onEnqueued(() => this.loop.poke());
    this.loop.start();
  }

  async stop() {
    this.unsubscribe?.();
    await this.loop.stop();
  }

  async ping() {}

  async runDueNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.records.claimDue(this.clock.now(), 20, JOB_LOCK_MS, JobState.Running);
      if (!claimed.length) return total;
      total += claimed.length;
      for (const record of claimed) await this.runOne(record);
    }
  }

  private async runOne(record: Awaited<ReturnType<JobRecordsRepository['claimDue']>>[number]) {
    try {
      await this.registry.execute(record);
      await this.records.markCompleted(record.id);
    } catch (error) {
      const reason = describeError(error);
      if (error instanceof PermanentJobError || record.attempts >= this.settings.attempts) {
        this.logger.error({ msg: 'job failed', job: record.name, id: record.id, attempts: record.attempts, reason });
        await this.records.markFailed(record.id, reason);
      } else {
        const runAt = new Date(this.clock.now().getTime() + backoffDelay(this.settings.backoffMs, record.attempts));
        this.logger.warn({ msg: 'job will be retried', job: record.name, id: record.id, attempt: record.attempts, reason });
        await this.records.reschedule(record.id, runAt, reason);
      }
    }
  }
}
