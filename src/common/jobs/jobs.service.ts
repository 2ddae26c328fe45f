import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { JOB_DEFINITIONS, JobName, JobPayload } from './job-definitions';
import { JobRecordsRepository } from './job-records.repository';

export interface EnqueueOptions {
  // The transaction of the change that causes the job: the job exists only if it commits.
  manager?: EntityManager;
  runAt?: Date;
  // Same key, one job (e.g. `act-autoaccept:<actId>`).
  dedupKey?: string;
}

// The typed producer every module uses to start background work.
@Injectable()
export class JobsService {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly records: JobRecordsRepository,
    private readonly clock: Clock,
  ) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<string> {
    const id = await this.records.insert(
      {
        name,
        version: JOB_DEFINITIONS[name].version,
        payload: { ...payload },
        runAt: options.runAt ?? this.clock.now(),
        dedupKey: options.dedupKey,
      },
      options.manager,
    );
    // Outside a transaction the job is visible now: wake the runner instead of waiting a poll.
    if (!options.manager) for (const listener of this.listeners) listener();

    return id;
  }

  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);

    return () => this.listeners.delete(listener);
  }
}
