import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { createHash } from 'node:crypto';
import { parseCms } from '../verification/cms-parser';
import { verifyCms } from '../verification/cms-verifier';
import { ContentDigestCache, DetachedDigests, hashContent, requiredDigestAlgorithms } from '../verification/content-digests';
import type { VerificationReport } from '../verification/report';
import type { RevocationFetcher } from '../verification/revocation-fetcher';
import { loadTrustStores, TrustStoreName } from './trust-stores';
import { RequestPolicy, verifySignatureRequest } from './verification-request';
import { VerifyRequestDto } from './verify.dto';
import type { VerifyParts } from './verify-multipart';

// Names of the trust stores this process trusts; provided by SignatureVerificationModule.
export const SIGNATURE_TRUST_STORES = Symbol('SIGNATURE_TRUST_STORES');
// How OCSP/CRL requests leave the process. Unbound: the engine's default (node's fetch). Tests bind
// it to the in-process test responder, since the test PKI's AIA addresses name 127.0.0.1:80.
export const REVOCATION_FETCHER = Symbol('REVOCATION_FETCHER');

export interface SignedContentVerification {
  readonly report: VerificationReport;
  // false when an attached CMS embeds other bytes than the expected ones (the report then covers
  // those other bytes); a detached CMS over other bytes fails the report with HASH_FAILURE.
  readonly contentMatches: boolean;
}

@Injectable()
export class SignatureVerificationService {
  private readonly trustAnchors: readonly Uint8Array[];
  private readonly contentDigests = new ContentDigestCache();

  constructor(
    @Inject(SIGNATURE_TRUST_STORES) readonly trustStores: readonly TrustStoreName[],
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Optional() @Inject(REVOCATION_FETCHER) private readonly revocationFetcher?: RevocationFetcher,
  ) {
    // Read once at start-up: a missing or broken store fails the boot, not the first request.
    this.trustAnchors = loadTrustStores(trustStores);
  }

  // Never throws for bad signatures: FAILED and INDETERMINATE are reports like any other.
  verify(request: VerifyRequestDto): Promise<VerificationReport> {
    return verifySignatureRequest(
      {
        cms: request.cms,
        ...(request.data !== undefined && { data: new Uint8Array(Buffer.from(request.data, 'base64')) }),
        validationTime: request.validationTime ? new Date(request.validationTime) : this.clock.now(),
        ...(request.policy && { policy: request.policy }),
        ...(request.revocationEvidence && {
          revocationEvidence: request.revocationEvidence.map((item) => new Uint8Array(Buffer.from(item, 'base64'))),
        }),
      },
      this.trustAnchors,
      this.options(),
    );
  }

  // The multipart form of the same request (files as they are).
  verifyParts(parts: VerifyParts): Promise<VerificationReport> {
    return verifySignatureRequest(
      {
        cms: parts.cms,
        ...(parts.data && { data: parts.data }),
        validationTime: parts.validationTime ?? this.clock.now(),
        ...(parts.policy && { policy: parts.policy }),
        revocationEvidence: parts.revocationEvidence,
      },
      this.trustAnchors,
      this.options(),
    );
  }

  // A CMS (detached or attached) that must sign exactly `content`, validated now under the
  // server's policy: registration (the offer text) and login (the challenge) use it.
  async verifySignedContent(cms: string, content: Uint8Array, policy: RequestPolicy): Promise<SignedContentVerification> {
    const report = await verifySignatureRequest(
      { cms, data: content, validationTime: this.clock.now(), policy },
      this.trustAnchors,
      this.options(),
    );
    const parsed = parseCms(cms, { maxBytes: report.policy.maxCmsBytes, maxSigners: report.policy.maxSigners });
    const embedded = parsed.ok ? parsed.cms.content : undefined;
    const contentMatches = embedded === undefined || Buffer.from(embedded).equals(Buffer.from(content));

    return { report, contentMatches };
  }

  // Like verifySignedContent, for a stored document too large to hold in memory: a detached CMS is
  // checked against digests computed while streaming the object once (only the algorithms its
  // signers use); an attached CMS must embed bytes whose SHA-256 is the stored one. `contentId`
  // names stored content that never changes (a document version): its digests are remembered,
  // so the next signature over it (the recipient's, after the sender's) is checked without
  // reading the object again. Digests of content, never verification results: every signature
  // is still verified in full.
  async verifySignedStream(
    cms: string,
    openContent: () => Promise<AsyncIterable<Uint8Array>>,
    expectedSha256Hex: string,
    policy: RequestPolicy,
    contentId?: string,
  ): Promise<SignedContentVerification> {
    let attached: Uint8Array | undefined;
    const report = await verifyCms({
      cms,
      // The CMS is parsed once, by verifyCms: the digests it needs are streamed when it asks.
      streamedContent: async (parsed) => {
        attached = parsed.content;
        if (attached !== undefined) return undefined;
        return this.detachedDigests(
          requiredDigestAlgorithms(parsed),
          openContent,
          contentId && `${contentId}:${expectedSha256Hex}`,
        );
      },
      validationTime: this.clock.now(),
      trustAnchors: this.trustAnchors,
      policy: { ...policy, revocationOnline: this.config.verification.revocationOnline },
      ...(this.revocationFetcher && { revocationFetcher: this.revocationFetcher }),
    });
    const contentMatches = attached === undefined || createHash('sha256').update(attached).digest('hex') === expectedSha256Hex;

    return { report, contentMatches };
  }

  private async detachedDigests(
    oids: string[],
    openContent: () => Promise<AsyncIterable<Uint8Array>>,
    cacheKey: string | undefined,
  ): Promise<DetachedDigests> {
    const known = cacheKey ? this.contentDigests.get(cacheKey, oids) : undefined;
    if (known) return known;
    const digests = await hashContent(await openContent(), oids);
    if (cacheKey) this.contentDigests.set(cacheKey, digests);
    return digests;
  }

  private options() {
    return {
      revocationOnline: this.config.verification.revocationOnline,
      ...(this.revocationFetcher && { revocationFetcher: this.revocationFetcher }),
    };
  }
}
