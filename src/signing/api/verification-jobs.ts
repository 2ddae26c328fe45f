// The verifications the API runs, as plain functions of plain data: the pool runs them on a
// worker thread (verification.worker.ts), or inline when VERIFICATION_WORKERS=0. Inputs and
// results are structured-clone data (bytes, strings, dates, plain objects); what needs the main
// thread (OCSP/CRL requests, streaming a stored document) is reached through the callbacks.

import { createHash } from 'node:crypto';
import { parseCms } from '../verification/cms-parser';
import { verifyCms } from '../verification/cms-verifier';
import { DetachedDigests, requiredDigestAlgorithms } from '../verification/content-digests';
import type { VerificationPolicy } from '../verification/policy';
import type { VerificationReport } from '../verification/report';
import type { RevocationFetcher } from '../verification/revocation-fetcher';
import { SignatureVerificationRequest, verifySignatureRequest } from './verification-request';

// POST /api/v1/verify, and the signed-content checks of login, registration and the offer.
export interface RequestJob {
  readonly kind: 'request';
  readonly request: SignatureVerificationRequest;
  // The CMS must sign exactly request.data: also say whether an attached CMS embeds those bytes.
  readonly compareContent: boolean;
}

// A signature over a stored document: the detached content is streamed by the main thread.
export interface StreamJob {
  readonly kind: 'stream';
  readonly cms: string;
  readonly validationTime: Date;
  readonly policy: Partial<VerificationPolicy>;
}

export type VerificationJob = RequestJob | StreamJob;

export interface VerificationJobResult {
  readonly report: VerificationReport;
  // RequestJob with compareContent: false when an attached CMS embeds other bytes than request.data.
  readonly contentMatches?: boolean;
  // StreamJob: SHA-256 (hex) of the content an attached CMS embeds.
  readonly attachedSha256?: string;
}

export interface VerificationJobContext {
  readonly trustAnchors: readonly Uint8Array[];
  readonly revocationOnline: boolean;
  readonly revocationFetcher: RevocationFetcher;
  // StreamJob only: the detached content's digests for these algorithms.
  readonly contentDigests: (oids: string[]) => Promise<DetachedDigests>;
}

export async function runVerificationJob(job: VerificationJob, context: VerificationJobContext): Promise<VerificationJobResult> {
  if (job.kind === 'request') {
    const report = await verifySignatureRequest(job.request, context.trustAnchors, {
      revocationOnline: context.revocationOnline,
      revocationFetcher: context.revocationFetcher,
    });
    if (!job.compareContent) return { report };
    const parsed = parseCms(job.request.cms, { maxBytes: report.policy.maxCmsBytes, maxSigners: report.policy.maxSigners });
    const embedded = parsed.ok ? parsed.cms.content : undefined;
    const expected = job.request.data ?? new Uint8Array(0);
    const contentMatches = embedded === undefined || Buffer.compare(embedded, expected) === 0;

    return { report, contentMatches };
  }
  let attached: Uint8Array | undefined;
  const report = await verifyCms({
    cms: job.cms,
    // The CMS is parsed once, by verifyCms: the digests it needs are streamed when it asks.
    streamedContent: async (parsed) => {
      attached = parsed.content;
      if (attached !== undefined) return undefined;
      return context.contentDigests(requiredDigestAlgorithms(parsed));
    },
    validationTime: job.validationTime,
    trustAnchors: context.trustAnchors,
    policy: { ...job.policy, revocationOnline: context.revocationOnline },
    revocationFetcher: context.revocationFetcher,
  });

  return {
    report,
    ...(attached !== undefined && { attachedSha256: createHash('sha256').update(attached).digest('hex') }),
  };
}
