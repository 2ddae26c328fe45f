import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { ContentDigestCache, DetachedDigests, hashContent } from '../verification/content-digests';
import type { VerificationReport } from '../verification/report';
import type { RevocationFetcher } from '../verification/revocation-fetcher';
import { loadTrustStores, TrustStoreName } from './trust-stores';
import type { RequestPolicy } from './verification-request';
import { VerificationPool } from './verification-pool';
import { assertLooksLikeSignature } from './not-a-signature';
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
  private readonly pool: VerificationPool;
  private readonly contentDigests = new ContentDigestCache();

  constructor(
    @Inject(SIGNATURE_TRUST_STORES) readonly trustStores: readonly TrustStoreName[],
    private readonly clock: Clock,
    config: AppConfig,
    @Optional() @Inject(REVOCATION_FETCHER) revocationFetcher?: RevocationFetcher,
    // SignatureVerificationModule always provides it (worker threads); built by hand (the CLI's
    // spec), the service verifies inline.
    @Optional() pool?: VerificationPool,
  ) {
    this.pool =
      pool ??
      new VerificationPool({
        workers: 0,
        queueLimit: 0,
        heavyQueueLimit: 0,
        // Read once at start-up: a missing or broken store fails the boot, not the first request.
        trustAnchors: loadTrustStores(trustStores),
        revocationOnline: config.verification.revocationOnline,
        ...(revocationFetcher && { revocationFetcher }),
      });
  }

  // Never throws for bad signatures: FAILED and INDETERMINATE are reports like any other.
  // A document given instead of its signature is refused (422 NOT_A_SIGNATURE), not reported.
  async verify(request: VerifyRequestDto): Promise<VerificationReport> {
    assertLooksLikeSignature(request.cms);
    const { report } = await this.pool.run({
      kind: 'request',
      compareContent: false,
      request: {
        cms: request.cms,
        ...(request.data !== undefined && { data: new Uint8Array(Buffer.from(request.data, 'base64')) }),
        validationTime: request.validationTime ? new Date(request.validationTime) : this.clock.now(),
        ...(request.policy && { policy: request.policy }),
        ...(request.revocationEvidence && {
          revocationEvidence: request.revocationEvidence.map((item) => new Uint8Array(Buffer.from(item, 'base64'))),
        }),
      },
    });
    return report;
  }

  // Refuses at once (503 VERIFICATION_BUSY) when the pool would refuse the verification anyway:
  // called before a large multipart body is read.
  assertCapacity(): void {
    this.pool.assertCapacity();
  }

  // The multipart form of the same request (files as they are). The parts' buffers move to the
  // worker; their share of the multipart memory budget is released when the report is ready.
  async verifyParts(parts: VerifyParts): Promise<VerificationReport> {
    try {
      assertLooksLikeSignature(parts.cms);
      const { report } = await this.pool.run(
        {
          kind: 'request',
          compareContent: false,
          request: {
            cms: parts.cms,
            ...(parts.data && { data: parts.data }),
            validationTime: parts.validationTime ?? this.clock.now(),
            ...(parts.policy && { policy: parts.policy }),
            revocationEvidence: parts.revocationEvidence,
          },
        },
        { transfer: parts.transferable },
      );
      return report;
    } finally {
      parts.release();
    }
  }

  // A CMS (detached or attached) that must sign exactly `content`, validated now under the
  // server's policy: registration (the offer text) and login (the challenge) use it.
  async verifySignedContent(cms: string, content: Uint8Array, policy: RequestPolicy): Promise<SignedContentVerification> {
    const { report, contentMatches } = await this.pool.run({
      kind: 'request',
      compareContent: true,
      request: { cms, data: content, validationTime: this.clock.now(), policy },
    });

    return { report, contentMatches: contentMatches ?? false };
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
    const { report, attachedSha256 } = await this.pool.run(
      { kind: 'stream', cms, validationTime: this.clock.now(), policy },
      {
        // The worker parses the CMS once and asks for the digests its signers need.
        contentDigests: (oids) => this.detachedDigests(oids, openContent, contentId && `${contentId}:${expectedSha256Hex}`),
      },
    );
    const contentMatches = attachedSha256 === undefined || attachedSha256 === expectedSha256Hex;

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
}
