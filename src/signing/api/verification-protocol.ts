// What travels between the API's main thread and a verification worker (verification-pool.ts,
// verification.worker.ts). Each task carries its own MessagePort, through which the worker asks
// the main thread for what only the main thread has: its revocation fetcher (the in-process test
// responder in tests) and the stream of a stored document.

import type { MessagePort } from 'node:worker_threads';
import type { FetchRequest } from '../verification/revocation-fetcher';
import type { VerificationJob } from './verification-jobs';

export interface VerificationWorkerData {
  readonly trustAnchors: readonly Uint8Array[];
  readonly revocationOnline: boolean;
}

export interface VerificationTask {
  readonly job: VerificationJob;
  readonly port: MessagePort;
}

export type WorkerRequest =
  | { readonly call: 'fetch'; readonly url: string; readonly request: FetchRequest }
  | { readonly call: 'digests'; readonly oids: string[] };

export type WorkerCall = WorkerRequest & { readonly id: number };

export type WorkerCallAnswer =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };
