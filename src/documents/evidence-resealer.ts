// Second chance for evidence upgrades: a signature accepted while the TSA (or the OCSP/CRL of its
// certificates) was out of reach is stored as received (B-B, or B-T without validation data). A
// sweep job retries such recent signatures and, when the upgraded CMS passes the flow's policy
// again, stores it and records `document.evidence_upgraded` in the document's history. The sweep
// is enqueued by SignatureEvidenceUpgrader whenever an upgrade falls short for a reason that may
// pass (so also by a retry that falls short again).
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Clock } from '../common/clock';
import { DocumentsJobName } from './documents.jobs';
import { JobHandlerRegistry } from '../common/jobs/job-handler.registry';
import { OBJECT_STORAGE, ObjectStorage } from '../common/storage/object-storage.port';
import { AppConfig } from '../config/app-config';
import { sha256Hex } from '../common/security/secrets';
import { SignatureVerificationService } from '../signing';
import { DocumentHistory } from './persistence/document-history';
import { DocumentsRepository } from './persistence/documents.repository';
import { EvidenceRepository } from './persistence/evidence.repository';
import { SignatureEvidenceUpgrader } from './signature-timestamp';

// Only recent signatures: a TSA down for a week is an incident for people, not for a retry loop.
const RETRY_WINDOW_MS = 7 * 24 * 3_600_000;
const BATCH = 50;

interface Candidate {
  readonly id: string;
  readonly documentId: string;
  readonly signedContent: 'document' | 'statement';
  readonly cms: Buffer;
  readonly sha256: string;
  readonly objectKey: string;
  readonly statement: string | null;
}

@Injectable()
export class EvidenceResealer implements OnModuleInit {
  private readonly logger = new Logger('EvidenceResealer');

  constructor(
    private readonly rows: EvidenceRepository,
    private readonly repository: DocumentsRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly verification: SignatureVerificationService,
    private readonly evidence: SignatureEvidenceUpgrader,
    private readonly history: DocumentHistory,
    private readonly registry: JobHandlerRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit() {
    this.registry.register(DocumentsJobName.ResealDocumentSignatures, () => this.sweep());
  }

  async sweep(): Promise<void> {
    if (!this.evidence.enabled) return;
    const since = new Date(this.clock.now().getTime() - RETRY_WINDOW_MS);
    const candidates = await this.rows.resealCandidates<Candidate>(since, BATCH);
    for (const candidate of candidates) {
      try {
        await this.reseal(candidate);
      } catch (error) {
        // The next shortfall schedules the next sweep; this one goes on with the others.
        this.logger.warn({ msg: 'evidence upgrade retry failed', signatureId: candidate.id, error: String(error) });
      }
    }
  }

  private async reseal(candidate: Candidate): Promise<void> {
    const policy = { keyUsage: 'SIGN' as const, revocation: this.config.signatureAuth.revocation };
    const statement = candidate.signedContent === 'statement' ? Buffer.from(candidate.statement ?? '', 'utf8') : undefined;
    const openContent = async (): Promise<AsyncIterable<Uint8Array>> =>
      statement ? Readable.from([statement]) : this.storage.get(candidate.objectKey);
    const expectedSha256 = statement ? sha256Hex(statement) : candidate.sha256;
    const verifyAgain = (cms: string) => this.verification.verifySignedStream(cms, openContent, expectedSha256, policy);
    const stored = Buffer.from(candidate.cms).toString('base64');
    const accepted = await verifyAgain(stored);
    const sealed = await this.evidence.seal(stored, accepted, { openContent, verifyAgain });
    if (sealed.cms.equals(Buffer.from(candidate.cms))) return;

    const level = sealed.report.signers[0]?.adesLevel;
    await this.repository.transaction(async (manager) => {
      const document = await this.history.lockDocument(manager, candidate.documentId);
      if (!document) return;
      // Only if nobody replaced it meanwhile (another sweep): the evidence never goes backwards.
      const current = await this.rows.lockSignatureCms(manager, candidate.id);
      if (!current || !Buffer.from(current).equals(Buffer.from(candidate.cms))) return;
      await this.rows.replaceSignature(manager, candidate.id, sealed.cms, sealed.report);
      await this.history.append(
        manager,
        document,
        { organizationId: null, userId: null, label: 'EDO service' },
        { type: 'document.evidence_upgraded', signatureId: candidate.id, data: { adesLevel: level }, notify: [] },
      );
    });
  }
}
