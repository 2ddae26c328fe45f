import { Logger } from '@nestjs/common';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { Clock } from '../clock';
import { PermanentJobError } from './job-errors';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobState } from './job-record.entity';
import { JobRecordsRepository } from './job-records.repository';
import { describeError, JOB_LOCK_MS, JobRunner } from './job-runner.port';
import { JobsService } from './jobs.service';
import { PollingLoop } from './polling-loop';
import type { RunnerSettings } from './in-process-job-runner';

interface QueuedJob {
  jobRecordId: string;
}

const QUEUE_NAME = 'jobs';

// Production: the dispatcher moves due rows from the jobs table into BullMQ (job id = row id,
// so a second dispatch of the same row is a no-op), and BullMQ workers run them with retries.
// Only processes started as workers consume; the API only writes rows.
export class BullMqJobRunner implements JobRunner {
  readonly driver = 'bullmq' as const;
  private readonly logger = new Logger('BullMqJobRunner');
  private readonly connection: Redis;
  private readonly queue: Queue<QueuedJob>;
  private worker?: Worker<QueuedJob>;
  private workerConnection?: Redis;
  private readonly loop: PollingLoop;
  private unsubscribe?: () => void;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly records: JobRecordsRepository,
    private readonly registry: JobHandlerRegistry,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly settings: RunnerSettings,
  ) {
    // BullMQ workers need maxRetriesPerRequest: null (blocking commands).
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.connection.on('error', (error) => this.logger.warn({ msg: 'redis connection error', reason: error.message }));
    this.queue = new Queue<QueuedJob>(QUEUE_NAME, {
      connection: this.connection,
      prefix: prefix,
      defaultJobOptions: {
        attempts: settings.attempts,
        backoff: { type: 'exponential', delay: settings.backoffMs },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: false,
      },
    });
    this.loop = new PollingLoop(() => this.runDueNow(), settings.pollIntervalMs, this.logger);
  }

  async start() {
    this.registry.assertComplete();
    // A worker blocks its connection waiting for jobs: it needs one of its own.
    this.workerConnection = this.connection.duplicate();
    this.worker = new Worker<QueuedJob>(QUEUE_NAME, (job) => this.process(job), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency: 4,
    });
    this.worker.on('failed', (job, error) => void this.onFailed(job, error));
    this.unsubscribe = this.jobs.onEnqueued(() => this.loop.poke());
    this.loop.start();
  }

  async stop() {
    this.unsubscribe?.();
    await this.loop.stop();
    await this.worker?.close();
    await this.queue.close();
    // BullMQ leaves connections it was given open.
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }

  async ping() {
    if (this.connection.status === 'wait') await this.connection.connect();
    const answer = await this.connection.ping();
    if (answer !== 'PONG') throw new Error(`redis answered ${answer}`);
  }

  // Dispatches due rows to BullMQ. Delays of retries belong to BullMQ from here on.
  async runDueNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.records.claimDue(
        this.clock.now(),
        100,
        this.settings.dispatchLockMs ?? JOB_LOCK_MS,
        JobState.Dispatched,
      );
      if (!claimed.length) return total;
      await this.queue.addBulk(
        claimed.map((record) => ({ name: record.name, data: { jobRecordId: record.id }, opts: { jobId: record.id } })),
      );
      total += claimed.length;
    }
  }

  // Counts jobs still queued or running in Redis (for tests and health).
  async activeCount(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');

    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  private async process(job: Job<QueuedJob>) {
    const record = await this.records.findById(job.data.jobRecordId);
    if (!record) throw new UnrecoverableError(`job record ${job.data.jobRecordId} not found`);
    // A re-delivered job that already finished is not run twice.
    if (record.state === JobState.Completed || record.state === JobState.Failed) return;
    await this.records.recordAttempt(record.id, job.attemptsMade + 1);
    try {
      await this.registry.execute({ ...record, attempts: job.attemptsMade + 1 });
    } catch (error) {
      if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
      throw error;
    }
    await this.records.markCompleted(record.id);
  }

  private async onFailed(job: Job<QueuedJob> | undefined, error: Error) {
    if (!job) return;
    const isFinal =
      error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= this.settings.attempts;
    this.logger.warn({ msg: isFinal ? 'job failed' : 'job will be retried', job: job.name, id: job.id, reason: error.message });
    if (isFinal) await this.records.markFailed(job.data.jobRecordId, describeError(error));
  }
}
