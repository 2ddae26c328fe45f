import { BeforeApplicationShutdown, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock';
import { PROCESS_ROLE, ProcessRole } from '../process-role';
import { BullMqJobRunner } from './bullmq-job-runner';
import { InProcessJobRunner } from './in-process-job-runner';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobRecordsRepository } from './job-records.repository';
import { JOB_RUNNER, JobRunner } from './job-runner.port';
import { JobsService } from './jobs.service';

// Starts consuming after every module has registered its handlers (onModuleInit runs first).
@Injectable()
class JobRunnerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private started = false;

  constructor(
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  async onApplicationBootstrap() {
    const consumesHere = this.role === 'worker' || this.runner.driver === 'in-process';
    if (!consumesHere) return;
    await this.runner.start();
    this.started = true;
    new Logger('Jobs').log(`job runner started (${this.runner.driver})`);
  }

  // Before any module's onApplicationShutdown: a job in flight must finish while the database
  // (the embedded one is stopped in onApplicationShutdown) is still there.
  async beforeApplicationShutdown() {
    if (this.started) await this.runner.stop();
    else if (this.runner.driver === 'bullmq') await this.runner.stop();
  }
}

@Global()
@Module({
  providers: [
    JobRecordsRepository,
    JobsService,
    JobHandlerRegistry,
    {
      provide: JOB_RUNNER,
      inject: [AppConfig, JobRecordsRepository, JobHandlerRegistry, JobsService, Clock],
      useFactory: (
        config: AppConfig,
        records: JobRecordsRepository,
        registry: JobHandlerRegistry,
        jobs: JobsService,
        clock: Clock,
      ): JobRunner => {
        const settings = config.jobs;
        return settings.driver === 'bullmq'
          ? new BullMqJobRunner(settings.redisUrl!, settings.prefix, records, registry, jobs, clock, settings)
          : new InProcessJobRunner(records, registry, jobs, clock, settings);
      },
    },
    JobRunnerLifecycle,
  ],
  exports: [JobsService, JobHandlerRegistry, JOB_RUNNER],
})
export class JobsModule {}
