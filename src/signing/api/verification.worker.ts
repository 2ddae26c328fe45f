// Entry of a verification worker thread (piscina loads it; see verification-pool.ts). Imports the
// verifier only, never Nest or the app. Trust anchors arrive once, as workerData; the verifier's
// caches (certificates, OCSP responses, CRLs) are module-level, so each worker builds its own.

import { workerData } from 'node:worker_threads';
import type { DetachedDigests } from '../verification/content-digests';
import type { RevocationFetcher } from '../verification/revocation-fetcher';
import { runVerificationJob, VerificationJobResult } from './verification-jobs';
import type {
  VerificationTask,
  VerificationWorkerData,
  WorkerCall,
  WorkerCallAnswer,
  WorkerRequest,
} from './verification-protocol';

const settings = workerData as VerificationWorkerData;

export default async function verify({ job, port }: VerificationTask): Promise<VerificationJobResult> {
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  port.on('message', (answer: WorkerCallAnswer) => {
    const waiter = pending.get(answer.id);
    if (!waiter) return;
    pending.delete(answer.id);
    if (answer.ok) waiter.resolve(answer.value);
    else waiter.reject(new Error(answer.message));
  });
  const call = <T>(message: WorkerRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      port.postMessage({ ...message, id } satisfies WorkerCall);
    });
  const revocationFetcher: RevocationFetcher = {
    fetch: (url, request) => call<Uint8Array>({ call: 'fetch', url, request }),
  };
  try {
    return await runVerificationJob(job, {
      trustAnchors: settings.trustAnchors,
      revocationOnline: settings.revocationOnline,
      revocationFetcher,
      contentDigests: (oids) => call<DetachedDigests>({ call: 'digests', oids }),
    });
  } finally {
    port.close();
  }
}
