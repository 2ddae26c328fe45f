// Signature verification off the event loop. A hostile CMS (many signers, time-stamps, fake CAs,
// huge RSA exponents) costs seconds of CPU; run on the main thread it would hold /health and
// every other request for that long. The pool runs each verification on a worker thread
// (piscina) with a bounded queue: when the queue is full the request is refused at once with 503
// VERIFICATION_BUSY and Retry-After instead of waiting behind the others.
//
// Two lanes, so that a stream of costly requests cannot starve the ordinary ones: a CMS of the
// size a real signature has (one or two signers with their chain, a time-stamp, an OCSP answer:
// a few KB) and no supplied revocation evidence goes to the light lane; anything larger (many
// signers or certificates, embedded CRLs, evidence) to the heavy lane, whose workers run at a
// lower OS priority (nice), so they get the CPU the light lane, the event loop and the
// database leave over. Each lane has its own queue. The cost of a verification grows with what
// the CMS carries (the verifier bounds its work per element), so its size is an honest, O(1) guess.
//
// Workers load the compiled verification.worker.js; when this file runs as TypeScript (jest,
// ts-node) the worker registers ts-node first, so the same pool runs in tests.

import { Logger, OnModuleDestroy } from '@nestjs/common';
import * as path from 'node:path';
import { MessageChannel, MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { DomainError } from '../../common/errors/domain.error';
import { SigningErrorCode } from '../signing.errors';
import type { DetachedDigests } from '../verification/content-digests';
import { nodeFetcher, RevocationFetcher } from '../verification/revocation-fetcher';
import { runVerificationJob, VerificationJob, VerificationJobResult } from './verification-jobs';
import type { VerificationTask, VerificationWorkerData, WorkerCall, WorkerCallAnswer } from './verification-protocol';

export interface VerificationPoolSettings {
  // Worker threads; 0 runs verifications inline on the event loop (tools, unit tests).
  readonly workers: number;
  // Verifications waiting for a light-lane worker before new ones are refused.
  readonly queueLimit: number;
  // The same for the heavy lane: each of its tasks may hold a large CMS, content or evidence.
  readonly heavyQueueLimit: number;
  readonly trustAnchors: readonly Uint8Array[];
  readonly revocationOnline: boolean;
  readonly revocationFetcher?: RevocationFetcher;
}

// Seconds a refused client is told to wait.
export const VERIFICATION_RETRY_AFTER_SECONDS = 2;
// A worker waiting on an OCSP/CRL answer or a document stream holds no CPU: let it take a few
// verifications at once so that one slow responder does not idle the pool.
const TASKS_PER_WORKER = 4;
// A verification that exhausts this heap ends its worker (and fails), not the API process.
const WORKER_HEAP_MB = 512;

// Largest CMS (DER bytes, or base64/PEM characters) sent to the light lane. A CAdES-T by an NCA
// certificate with its chain is about 8 KB of base64; B-LT with an OCSP answer about 14 KB.
export const LIGHT_CMS_MAX_LENGTH = 32 * 1024;
// OS priority increment of the heavy lane's threads (Linux nice, via piscina's niceIncrement).
const HEAVY_LANE_NICE = 10;

export type VerificationLane = 'light' | 'heavy';

// Largest detached content (bytes) a light-lane request may carry: the signers' digests of a large
// content (GOST 34.11-94 hashes ~19 MiB/s here) are work of their own, whatever the CMS's size.
export const LIGHT_DATA_MAX_LENGTH = 1024 * 1024;

export function laneOf(job: VerificationJob): VerificationLane {
  // A stored document's content is hashed on the main thread as it streams; the CMS decides.
  if (job.kind === 'stream') return job.cms.length <= LIGHT_CMS_MAX_LENGTH ? 'light' : 'heavy';
  const { cms, data, revocationEvidence } = job.request;
  const light =
    cms.length <= LIGHT_CMS_MAX_LENGTH && (data?.length ?? 0) <= LIGHT_DATA_MAX_LENGTH && (revocationEvidence?.length ?? 0) === 0;
  return light ? 'light' : 'heavy';
}

// piscina's refusals (its errors have no code).
const QUEUE_FULL_MESSAGES = new Set(['Task queue is at limit', 'No task queue available and all Workers are busy']);

export const verificationBusy = () =>
  new DomainError(
    SigningErrorCode.VerificationBusy,
    { retryAfterSeconds: VERIFICATION_RETRY_AFTER_SECONDS },
    {
      'Retry-After': String(VERIFICATION_RETRY_AFTER_SECONDS),
    },
  );

export class VerificationPool implements OnModuleDestroy {
  private readonly logger = new Logger('VerificationPool');
  private readonly lanes?: Readonly<Record<VerificationLane, Piscina<VerificationTask, VerificationJobResult>>>;
  private readonly fetcher: RevocationFetcher;

  constructor(private readonly settings: VerificationPoolSettings) {
    this.fetcher = settings.revocationFetcher ?? nodeFetcher;
    if (settings.workers === 0) return;
    this.lanes = {
      light: this.createLane(settings.workers, 0, settings.queueLimit),
      // Half as many: heavy work is the exception, and each worker holds its own caches.
      heavy: this.createLane(Math.max(1, Math.ceil(settings.workers / 2)), HEAVY_LANE_NICE, settings.heavyQueueLimit),
    };
  }

  private createLane(
    workers: number,
    niceIncrement: number,
    queueLimit: number,
  ): Piscina<VerificationTask, VerificationJobResult> {
    const typescript = path.extname(__filename) === '.ts';
    const workerData: VerificationWorkerData = {
      trustAnchors: this.settings.trustAnchors,
      revocationOnline: this.settings.revocationOnline,
    };
    const lane = new Piscina<VerificationTask, VerificationJobResult>({
      filename: path.join(__dirname, `verification.worker${typescript ? '.ts' : '.js'}`),
      minThreads: workers,
      maxThreads: workers,
      maxQueue: queueLimit,
      // The heavy lane runs one at a time per worker: a task that exhausts the worker's heap ends
      // the worker, and with it every task it was running.
      concurrentTasksPerWorker: niceIncrement === 0 ? TASKS_PER_WORKER : 1,
      idleTimeout: Infinity,
      niceIncrement,
      workerData,
      // Not the parent's flags: V8 options (--max-semi-space-size) are refused in a worker.
      execArgv: typescript ? ['--require', 'ts-node/register/transpile-only'] : [],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // A worker that died (out of memory) is replaced by piscina; its task has already failed.
    lane.on('error', (error: unknown) => this.logger.error({ msg: 'verification worker failed' }, error));
    return lane;
  }

  get workers(): number {
    return this.settings.workers;
  }

  // Refuses early (before a large multipart body is read, whose lane is not known yet) when both
  // lanes would refuse it anyway.
  assertCapacity(): void {
    if (!this.lanes) return;
    const full = (lane: Piscina, limit: number) => lane.queueSize > 0 && lane.queueSize >= limit;
    if (full(this.lanes.light, this.settings.queueLimit) && full(this.lanes.heavy, this.settings.heavyQueueLimit))
      throw verificationBusy();
  }

  // `transfer`: buffers of the job the caller gives up (moved to the worker, not copied).
  async run(
    job: VerificationJob,
    options: { contentDigests?: (oids: string[]) => Promise<DetachedDigests>; transfer?: ArrayBuffer[] } = {},
  ): Promise<VerificationJobResult> {
    const contentDigests =
      options.contentDigests ?? (() => Promise.reject(new Error('this verification has no streamed content')));
    if (!this.lanes) {
      return runVerificationJob(job, {
        trustAnchors: this.settings.trustAnchors,
        revocationOnline: this.settings.revocationOnline,
        revocationFetcher: this.fetcher,
        contentDigests,
      });
    }
    const { port1, port2 } = new MessageChannel();
    // What the main thread's side threw (a storage failure while streaming the document) is
    // thrown as it is, not as the worker's copy of its message.
    let mainThreadFailure: unknown;
    port1.on('message', (message: WorkerCall) => {
      const work =
        message.call === 'fetch'
          ? this.fetcher.fetch(message.url, message.request)
          : contentDigests(message.oids).catch((error: unknown) => {
              mainThreadFailure ??= error;
              throw error;
            });
      work.then(
        (value) => answer(port1, { id: message.id, ok: true, value }),
        (error: unknown) =>
          answer(port1, { id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
      );
    });
    try {
      return await this.lanes[laneOf(job)].run({ job, port: port2 }, { transferList: [port2, ...(options.transfer ?? [])] });
    } catch (error) {
      if (mainThreadFailure !== undefined) throw mainThreadFailure;
      if (error instanceof Error && QUEUE_FULL_MESSAGES.has(error.message)) throw verificationBusy();
      throw error;
    } finally {
      port1.close();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.lanes) await Promise.all([this.lanes.light.destroy(), this.lanes.heavy.destroy()]);
  }
}

function answer(port: MessagePort, message: WorkerCallAnswer) {
  try {
    port.postMessage(message);
  } catch {
    // The task ended (its port is closed) before the answer came.
  }
}
