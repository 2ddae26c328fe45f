import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { JOB_DEFINITIONS, type JobDefinitions, type JobName, type JobPayload } from './job-definitions';
import { PermanentJobError } from './job-errors';
import { JobRecord } from './job-record.entity';

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, job: { id: string; attempt: number }) => Promise<void>;

// One handler per job name. Modules register theirs at init; a runner refuses to start when a
// job has none (checked by assertComplete), so no job can be accepted that nobody will run.
@Injectable()
export class JobHandlerRegistry {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  // Every module's jobs, merged at the root (src/jobs.ts).
  constructor(@Inject(JOB_DEFINITIONS) private readonly definitions: JobDefinitions) {}

  register<N extends JobName>(name: N, handler: JobHandler<N>) {
    if (this.handlers.has(name)) throw new Error(`two handlers registered for job ${name}`);
    // A module's jobs missing from the root's merge (src/jobs.ts) would otherwise only show when enqueued.
    if (!Object.prototype.hasOwnProperty.call(this.definitions, name)) throw new Error(`no definition for job ${name}`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  assertComplete() {
    const missing = (Object.keys(this.definitions) as JobName[]).filter((name) => !this.handlers.has(name));
    if (missing.length) throw new Error(`no handler registered for jobs: ${missing.join(', ')}`);
  }

  // Validates the stored payload against its schema and runs the handler.
  async execute(record: Pick<JobRecord, 'id' | 'name' | 'version' | 'payload' | 'attempts'>): Promise<void> {
    const name = record.name as JobName;
    const definition = this.definitions[name] as JobDefinitions[JobName] | undefined;
    const handler = this.handlers.get(name);
    if (!definition || !handler) throw new PermanentJobError(`unknown job ${record.name}`);
    if (record.version !== definition.version) {
      throw new PermanentJobError(`job ${name} has version ${record.version}, this worker runs ${definition.version}`);
    }
    const payload = plainToInstance(definition.payload, record.payload ?? {});
    // forbidUnknownValues off: the object is always an instance of the declared payload class, and
    // for a class without properties (an empty payload) class-validator would otherwise call it
    // "unknown" and fail every such job; unexpected properties are still refused.
    const errors = validateSync(payload as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
    if (errors.length) {
      throw new PermanentJobError(`invalid payload for ${name}: ${errors.map((e) => e.property).join(', ')}`);
    }
    await handler(payload as JobPayload<JobName>, { id: record.id, attempt: record.attempts });
  }
}
