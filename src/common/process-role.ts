// What this process does: serve HTTP, run jobs, or both (the embedded default runs everything in
// one process). With BullMQ, only `worker` processes consume jobs.
export type ProcessRole = 'api' | 'worker';

export const PROCESS_ROLE = Symbol('PROCESS_ROLE');
