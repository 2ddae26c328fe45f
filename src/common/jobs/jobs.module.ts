import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock';
import { PROCESS_ROLE, ProcessRole } from '../process-role';
import { BullMqJobRunner } from './bullmq-job-runner';
import { InProcessJobRunner } from './in-process-job-runner';
import { JOB_DEFINITIONS, type JobDefinitions } from './job-definitions';
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

const JOB_PROVIDERS = [
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
];

@Global()
@Module({})
export class JobsModule {
  // The jobs of every module, merged by the root (src/jobs.ts): common runs them without importing
  // the modules that define them.
  static forRoot(definitions: JobDefinitions): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOB_DEFINITIONS, useValue: definitions }, ...JOB_PROVIDERS],
      exports: [JobsService, JobHandlerRegistry, JOB_RUNNER],
    };
  }
}
