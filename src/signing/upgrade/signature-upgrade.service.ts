import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { REVOCATION_FETCHER } from '../api/signature-verification.service';
import type { DetachedDigests } from '../verification/content-digests';
import type { RevocationFetcher } from '../verification/revocation-fetcher';
import { upgradeSignature, UpgradeResult } from './signature-upgrader';
import type { HttpFetcher } from './tsa-client';

// Trust anchors (DER) the upgraded signatures must chain to; provided by SignatureUpgradeModule
// from the same TRUST_STORES as the verification service.
export const UPGRADE_TRUST_ANCHORS = Symbol('UPGRADE_TRUST_ANCHORS');
// How time-stamp requests leave the process. Unbound: node's fetch with a User-Agent. Tests bind
// it to an in-process TestTsa (src/signing/test-pki/test-tsa.ts).
export const TSA_FETCHER = Symbol('TSA_FETCHER');

export interface UpgradeContent {
  // Detached CMS: the signed bytes, or their digests by OID (hashContent) for a large document.
  readonly data?: Uint8Array;
  readonly dataDigests?: DetachedDigests;
}

// The evidence upgrade the document flow calls when a signature is accepted (issue 5 item 2): a
// signature time-stamp from TSA_URL and the OCSP/CRL answers, embedded (CAdES-B-T → B-LT). Never
// throws for a bad or unreachable input: the result says why nothing changed and whether a later
// retry (a job) can succeed.
@Injectable()
export class SignatureUpgradeService {
  constructor(
    @Inject(UPGRADE_TRUST_ANCHORS) private readonly trustAnchors: readonly Uint8Array[],
    private readonly config: AppConfig,
    @Optional() private readonly clock?: Clock,
    @Optional() @Inject(REVOCATION_FETCHER) private readonly revocationFetcher?: RevocationFetcher,
    @Optional() @Inject(TSA_FETCHER) private readonly tsaFetcher?: HttpFetcher,
  ) {}

  get tsaConfigured(): boolean {
    return this.config.timestamping.tsaUrl !== undefined;
  }

  // cms: DER or base64/PEM; the result's cms is DER.
  upgrade(cms: Uint8Array | string, content: UpgradeContent = {}): Promise<UpgradeResult> {
    const { tsaUrl, policyOid, timeoutMs } = this.config.timestamping;
    if (!tsaUrl) {
      const bytes = typeof cms === 'string' ? new Uint8Array(0) : cms;
      return Promise.resolve({
        cms: bytes,
        changed: false,
        report: {
          outcome: 'not-upgraded',
          reason: {
            code: 'NO_TSA_CONFIGURED',
            message: 'no TSA configured (TSA_URL): signatures are kept as received',
            retryable: false,
          },
          signers: [],
          certificatesAdded: 0,
          ocspResponsesAdded: 0,
          crlsAdded: 0,
        },
      });
    }
    return upgradeSignature(cms, {
      ...(content.data && { data: content.data }),
      ...(content.dataDigests && { dataDigests: content.dataDigests }),
      trustAnchors: this.trustAnchors,
      tsa: { url: tsaUrl, timeoutMs, ...(policyOid && { policyOid }), ...(this.tsaFetcher && { fetcher: this.tsaFetcher }) },
      ...(this.revocationFetcher && { revocationFetcher: this.revocationFetcher }),
      ...(this.clock && { now: () => this.clock!.now() }),
    });
  }
}
