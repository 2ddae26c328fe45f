// Evidence upgrade of an accepted document signature (ETSI EN 319 122-1 B-T / B-LT) through the
// signing module's SignatureUpgradeService (src/signing/upgrade: TSA_URL, verified time-stamp
// token, OCSP/CRL of the signer, the TSA and the CAs embedded, only unsigned parts edited). This
// class only adapts it to the document flow: the detached content is hashed from storage, and the
// upgraded CMS must pass the flow's own policy again before it replaces the one received.
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DocumentsJobName } from './documents.jobs';
import { JobsService } from '../common/jobs/jobs.service';
import {
  decodeCmsInput,
  DEFAULT_POLICY,
  hashContent,
  parseCms,
  requiredDigestAlgorithms,
  SignatureUpgradeService,
  type SignedContentVerification,
  type UpgradeResult,
  type VerificationReport,
} from '../signing';

export interface SealSource {
  // The signed bytes as stored (the document, or a statement's text), read once for a detached CMS.
  readonly openContent: () => Promise<AsyncIterable<Uint8Array>>;
  // The document flow's verification of a CMS over those same bytes.
  readonly verifyAgain: (cmsBase64: string) => Promise<SignedContentVerification>;
}

export interface SealedSignature {
  readonly cms: Buffer;
  readonly report: VerificationReport;
  // Why the stored CMS is the one received although a TSA is configured.
  readonly timestampError?: string;
}

// How long after a shortfall the retry sweep runs.
const RETRY_DELAY_MS = 5 * 60_000;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

@Injectable()
export class SignatureEvidenceUpgrader {
  private readonly logger = new Logger('SignatureEvidence');

  constructor(
    private readonly upgrades: SignatureUpgradeService,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  // A sweep (EvidenceResealer) retries recent signatures that fell short; one per 5-minute slot.
  async scheduleRetry(): Promise<void> {
    const runAt = new Date(this.clock.now().getTime() + RETRY_DELAY_MS);
    const slot = Math.floor(runAt.getTime() / RETRY_DELAY_MS);
    try {
      await this.jobs.enqueue(DocumentsJobName.ResealDocumentSignatures, {}, { runAt, dedupKey: `reseal-signatures:${slot}` });
    } catch (error) {
      this.logger.warn({ msg: 'evidence upgrade retry not scheduled', error: errorText(error) });
    }
  }

  get enabled(): boolean {
    return this.upgrades.tsaConfigured;
  }

  // What to store for an accepted signature: the upgraded CMS (B-LT, or B-T when validation data
  // could not be captured) with the report of its re-verification; or, when the upgrade fails or
  // its result does not pass the flow's policy, the CMS as received with its first report and the
  // reason — the signature itself was valid, so the action is never refused for this.
  async seal(cmsBase64: string, accepted: SignedContentVerification, source: SealSource): Promise<SealedSignature> {
    const decoded = decodeCmsInput(cmsBase64, DEFAULT_POLICY.maxCmsBytes);
    // Accepted already, so it decodes; the fallback only keeps the old base64 reading for safety.
    const received = decoded.ok ? Buffer.from(decoded.der) : Buffer.from(cmsBase64.replace(/\s+/g, ''), 'base64');
    if (!this.enabled) return { cms: received, report: accepted.report };
    const asReceived = (reason: string): SealedSignature => {
      this.logger.warn({ msg: 'signature evidence not upgraded', error: reason });
      return { cms: received, report: accepted.report, timestampError: reason };
    };

    let result: UpgradeResult;
    try {
      result = await this.upgrades.upgrade(received, await this.contentOf(received, source));
    } catch (error) {
      // The service reports bad input in its result; a throw is an unexpected fault (storage read...).
      await this.scheduleRetry();
      return asReceived(`upgrade failed: ${errorText(error)}`);
    }
    const { reason } = result.report;
    // TSA or OCSP/CRL out of reach (also a B-T without validation data): worth another try later.
    if (reason?.retryable) await this.scheduleRetry();
    if (!result.changed) {
      // 'unchanged': the client already sent a B-LT signature; nothing to add, nothing to explain.
      return result.report.outcome === 'unchanged' ? { cms: received, report: accepted.report } : asReceived(describe(reason));
    }

    const upgraded = Buffer.from(result.cms);
    const again = await source.verifyAgain(upgraded.toString('base64'));
    if (again.report.indication !== 'TOTAL_PASSED' || !again.contentMatches)
      return asReceived(
        `the upgraded signature did not verify: ${again.report.subIndication ?? again.report.error?.code ?? again.report.indication}`,
      );
    // Time-stamped but without complete validation data (B-T): kept; a later upgrade can add it.
    if (reason) this.logger.warn({ msg: 'signature evidence upgraded partially', level: result.level, error: describe(reason) });
    return { cms: upgraded, report: again.report };
  }

  // A detached CMS gets the digests of the stored bytes (one pass, only its signers' algorithms);
  // an attached one carries its content.
  private async contentOf(cms: Buffer, source: SealSource) {
    const parsed = parseCms(new Uint8Array(cms), { maxBytes: DEFAULT_POLICY.maxCmsBytes, maxSigners: DEFAULT_POLICY.maxSigners });
    if (!parsed.ok || parsed.cms.content !== undefined) return {};
    return { dataDigests: await hashContent(await source.openContent(), requiredDigestAlgorithms(parsed.cms)) };
  }
}

function describe(reason: { code: string; message: string } | undefined): string {
  return reason ? `${reason.code}: ${reason.message}` : 'not upgraded';
}
