import { JobRecord } from './job-record.entity';

// The table of jobs; the composition root (src/entities.ts) registers it.
export const JOBS_ENTITIES = [JobRecord];
