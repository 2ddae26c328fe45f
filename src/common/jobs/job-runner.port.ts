export interface JobRunner {
  readonly driver: 'bullmq' | 'in-process';
  // Starts consuming jobs (only in processes that run jobs).
  start(): Promise<void>;
  stop(): Promise<void>;
  ping(): Promise<void>;
  // Moves every job that is due now through the runner once; for tests and for a nudge.
  runDueNow(): Promise<number>;
}

export const JOB_RUNNER = Symbol('JOB_RUNNER');

// How long a claimed job may run before another runner may take it over.
export const JOB_LOCK_MS = 5 * 60_000;

export function backoffDelay(baseMs: number, attempt: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
