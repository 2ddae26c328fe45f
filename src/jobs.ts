import type { JobDefinitions } from './common/jobs/job-definitions';
import { MAIL_JOBS } from './common/mail/mail.jobs';
import { MAINTENANCE_JOBS } from './maintenance.jobs';
import { DOCUMENTS_JOBS } from './documents';
import { INTEGRATIONS_JOBS } from './integrations';

// Every module's jobs, merged and handed to JobsModule (app.module.ts). A new module adds its
// defineJobs(...) here: the JobDefinitions type fails to compile when a declared job has no
// definition here, and the type below when two modules define the same job name.
const MODULE_JOBS = [MAIL_JOBS, MAINTENANCE_JOBS, INTEGRATIONS_JOBS, DOCUMENTS_JOBS] as const;

type Disjoint<L extends readonly unknown[], Seen extends PropertyKey = never> = L extends readonly [infer Head, ...infer Rest]
  ? [keyof Head & Seen] extends [never]
    ? Disjoint<Rest, Seen | keyof Head>
    : { definedTwice: keyof Head & Seen }
  : true;
const namesAreDisjoint: Disjoint<typeof MODULE_JOBS> = true;
void namesAreDisjoint;

type Merged<L extends readonly unknown[]> = L extends readonly [infer Head, ...infer Rest] ? Head & Merged<Rest> : unknown;

export const APP_JOB_DEFINITIONS: JobDefinitions & Merged<typeof MODULE_JOBS> = Object.assign({}, ...MODULE_JOBS);
