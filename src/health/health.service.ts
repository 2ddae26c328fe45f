import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JOB_RUNNER, JobRunner } from '../common/jobs/job-runner.port';
import { MAIL_SENDER, MailSender } from '../common/mail/mail-sender.port';
import { OBJECT_STORAGE, ObjectStorage } from '../common/storage/object-storage.port';
import { DatabaseEndpoint } from '../database/database.module';
import { HealthRepository } from './health.repository';

export const DEPENDENCY_STATUSES = ['ok', 'down'] as const;
export const HEALTH_STATUSES = ['ok', 'degraded'] as const;

export interface DependencyStatus {
  status: (typeof DEPENDENCY_STATUSES)[number];
  driver: string;
  latencyMs: number;
  error?: string;
}

export interface HealthChecks {
  database: DependencyStatus;
  storage: DependencyStatus;
  jobs: DependencyStatus;
  mail: DependencyStatus;
}

export interface HealthReport {
  status: (typeof HEALTH_STATUSES)[number];
  mode: DatabaseEndpoint['mode'];
  region: string;
  checks: HealthChecks;
}

export const CHECK_TIMEOUT_MS = 3000;

async function probe(driver: string, check: () => Promise<unknown>): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', driver, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The reason is for operators; it names the dependency's own error, never secrets.
    return { status: 'down', driver, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly repository: HealthRepository,
    private readonly endpoint: DatabaseEndpoint,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(MAIL_SENDER) private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, storage, jobs, mail] = await Promise.all([
      probe(this.endpoint.mode === 'embedded' ? 'pglite' : 'postgresql', () => this.repository.pingDatabase()),
      probe(this.storage.driver, () => this.storage.ping()),
      probe(this.jobs.driver, () => this.jobs.ping()),
      probe(this.mail.driver, () => this.mail.ping()),
    ]);
    const checks: HealthChecks = { database, storage, jobs, mail };
    const isHealthy = Object.values(checks).every((check) => check.status === 'ok');

    return {
      status: isHealthy ? ('ok' as const) : ('degraded' as const),
      mode: this.endpoint.mode,
      region: this.config.serviceRegion,
      checks,
    };
  }
}
