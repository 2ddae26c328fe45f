// Each job's payload schema and version. A worker meeting a version it does not know fails the
// job loudly instead of guessing.
//
// Every module defines its own jobs in `<module>.jobs.ts`: a name enum, the payload classes, the
// definitions (defineJobs) and the payload type of each name, added to JobPayloads below by
// declaration merging. The root (src/jobs.ts) merges the definitions and hands them to JobsModule,
// so common imports no domain module and a job is typed by its name wherever it is used.

// Job name → payload type; filled in by the modules (`declare module` in their jobs file).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}

export type JobName = keyof JobPayloads & string;
export type JobPayload<N extends JobName> = JobPayloads[N];

export interface JobDefinition<P extends object = object> {
  readonly version: number;
  readonly payload: new () => P;
}

// Every job name with its definition; the root's merge must have one for each declared name.
export type JobDefinitions = { readonly [N in JobName]: JobDefinition<JobPayloads[N]> };

// The DI token under which JobsModule provides the merged definitions.
export const JOB_DEFINITIONS = Symbol('JOB_DEFINITIONS');

// A module's jobs; the mapped type checks each name's payload class against JobPayloads.
export function defineJobs<D extends { readonly [N in keyof D]: N extends JobName ? JobDefinition<JobPayloads[N]> : never }>(
  definitions: D,
): D {
  return definitions;
}
