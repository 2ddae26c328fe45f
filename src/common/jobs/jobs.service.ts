import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from '../persistence/transaction';
import { Clock } from '../clock';
import { JOB_DEFINITIONS, type JobDefinitions, type JobName, type JobPayload } from './job-definitions';
import { JobRecordsRepository, NewJob } from './job-records.repository';

export interface EnqueueOptions {
  // The transaction of the change that causes the job: the job exists only if it commits.
  manager?: Transaction;
  runAt?: Date;
  // Same key, one job (e.g. `act-autoaccept:<actId>`).
  dedupKey?: string;
}

// One job of a batch (enqueueMany): its name with its own payload type.
export type NewJobOf = {
  [N in JobName]: { name: N; payload: JobPayload<N>; runAt?: Date; dedupKey?: string };
}[JobName];

// The typed producer every module uses to start background work.
@Injectable()
export class JobsService {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly records: JobRecordsRepository,
    private readonly clock: Clock,
    @Inject(JOB_DEFINITIONS) private readonly definitions: JobDefinitions,
  ) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<string> {
    const id = await this.records.insert(this.recordOf({ name, payload, ...options } as NewJobOf), options.manager);
    this.wakeUnlessInTransaction(options.manager);

    return id;
  }

  // Several jobs in one statement (the outbox of a change that causes many, e.g. a feed event's
  // webhook deliveries and notification). A duplicate dedupKey is skipped like in enqueue.
  async enqueueMany(jobs: readonly NewJobOf[], options: Pick<EnqueueOptions, 'manager'> = {}): Promise<void> {
    if (jobs.length === 0) return;
    await this.records.insertMany(
      jobs.map((job) => this.recordOf(job)),
      options.manager,
    );
    this.wakeUnlessInTransaction(options.manager);
  }

  private recordOf(job: NewJobOf): NewJob {
    return {
      name: job.name,
      version: this.definitions[job.name].version,
      payload: { ...job.payload },
      runAt: job.runAt ?? this.clock.now(),
      dedupKey: job.dedupKey,
    };
  }

  // Blanks a field of a job's stored payload (a secret no longer needed once the job did its work;
  // the blank tells a later run that it was used).
  async redactPayload(jobId: string, field: string): Promise<void> {
    await this.records.blankPayloadField(jobId, field);
  }

  // Outside a transaction the job is visible now: wake the runner instead of waiting a poll.
  private wakeUnlessInTransaction(manager: Transaction | undefined) {
    if (!manager) this.wake();
  }

  // Jobs were just committed (by enqueue outside a transaction, or by a statement that writes
  // them itself): the runner takes them now instead of at its next poll.
  wake(): void {
    for (const listener of this.listeners) listener();
  }

  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);

    return () => this.listeners.delete(listener);
  }
}
