import { Inject, Injectable } from '@nestjs/common';
import { isKzIdentifier, kzIdentifierProblem } from '../common/identifiers/kz-identifier';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { formatDateTime } from '../contracts/locale-format';
import { IdempotencyScope } from '../common/idempotency/idempotency-context';
import { DomainError } from '../common/errors/domain.error';
import { ErrorCode } from '../common/errors/error-catalog';
import { JobName } from '../common/jobs/job-definitions';
import { JobsService } from '../common/jobs/jobs.service';
import { MAIL_SECRET_PLACEHOLDER, MailSecrets } from '../common/mail/mail-secrets';
import { OBJECT_STORAGE, ObjectStorage } from '../common/storage/object-storage.port';
import type { TenantPrincipal } from '../common/security/principal';
import { AppConfig } from '../config/app-config';
import { Organization } from '../identity/entities/organization.entity';
import { isUniqueViolation } from '../identity/identity.repository';
import { SignatureVerificationService } from '../signing/api/signature-verification.service';
import type { Indication, SubIndication, VerificationReport } from '../signing/verification/report';
import type { OrganizationEventType } from '../integrations/organization-event-types';
import { Actor, DocumentHistory, NewEvent, throwNotFound } from './document-history';
import { DOCUMENT_QUOTA, DocumentQuota } from './document-quota.port';
import { Candidates, DocumentsRepository } from './documents.repository';
import { EditDocumentDto, NewPackageDto, RecipientDto, SenderSignatureDto, SigningPolicyDto } from './dto';
import { DocumentPackage } from './entities/document-package.entity';
import { AnnulmentStatus, DocumentRecipient, ReceiptStatus, ResponseStatus } from './entities/document-recipient.entity';
import { DocumentEvent } from './entities/document-event.entity';
import { DocumentSignature, SignatureRole, SignedContent } from './entities/document-signature.entity';
import { DocumentKind, DocumentRecord } from './entities/document.entity';
import { RecipientLink } from './entities/recipient-link.entity';
import { SigningPolicyRecord } from './entities/signing-policy.entity';
import { effectivePolicy, SigningPolicyRules } from './signing-policy';
import { assertRoleAllowed, assertSignerIs, documentSigner, signerColumns } from './signer-checks';
import { DocumentAction, documentRollUp, recipientRollUp, RollUpStatus } from './status';
import { SignatureEvidenceUpgrader } from './signature-timestamp';
import { RevocationOutcome, signatureVerdict } from './evidence/signer-summary';
import { receiveUpload } from './upload';

// A send that one guarded statement cannot write (see sendOneUnlocked).
class NeedsTransaction extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const notFound = () => new DomainError(ErrorCode.NotFound);
const invalid = (field: string, problem: string) =>
  new DomainError(ErrorCode.ValidationFailed, { fields: [{ field, problems: [problem] }] });

export type Side = 'sender' | 'recipient';

// What the caller is to a document: its sender, or one of its (registered) recipients.
export interface DocumentAccess {
  document: DocumentRecord;
  side: Side;
  // The caller's own recipient row (recipient side).
  recipient?: DocumentRecipient;
  // The sender's organization and the caller organization's signing rules, read with the
  // document (spares two reads on the signing paths).
  owner?: Organization;
  callerRules?: SigningPolicyRules;
  // A send's recipients' candidates, when asked for (see DocumentsRepository.findAccess).
  candidates?: Candidates;
}

export function actorOf(principal: TenantPrincipal): Actor {
  return {
    organizationId: principal.organizationId,
    userId: principal.kind === 'user' ? principal.userId : null,
    label: principal.label,
  };
}

// The billing month of a moment, in Kazakhstan time (UTC+5, Asia/Almaty).
export function billingPeriod(at: Date): string {
  const local = new Date(at.getTime() + 5 * 3_600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

// What the API answers about documents (documents.api.ts describes each for the contract). Dates
// are Date here and ISO strings in JSON.

// One addressee of a sent document, with its status axes (status.ts) and when each changed.
export interface RecipientView {
  id: string;
  identifier: string;
  email: string | null;
  // Lists and the document's view: the registered organization's name, else the certificate name
  // an unregistered recipient signed with (recipientNameSql); null when unknown.
  name?: string | null;
  // An organization with that BIN/IIN is registered (the document is in its inbox).
  registered: boolean;
  status: RollUpStatus;
  receipt: ReceiptStatus;
  response: ResponseStatus;
  annulment: AnnulmentStatus;
  deliveredAt: Date | null;
  openedAt: Date | null;
  receiptSignedAt: Date | null;
  respondedAt: Date | null;
  annulmentChangedAt: Date | null;
  reason: string | null;
  // When the sender replaced this recipient (it no longer takes part), else null.
  withdrawnAt: Date | null;
}

export interface SignatureSignerView {
  iin: string | null;
  bin: string | null;
  name: string;
  roles: string[];
  certificateSha256: string;
}

// An accepted signature with the verdict of its verification; `report` (the whole verification
// report) only when asked for.
export interface SignatureView {
  id: string;
  role: SignatureRole;
  action: DocumentAction;
  signedContent: SignedContent;
  recipientId: string | null;
  signer: SignatureSignerView;
  // Never TOTAL_PASSED when `revocation` is NOT_CHECKED (signer-summary.ts signatureVerdict).
  indication: Indication;
  subIndication?: SubIndication;
  revocation: RevocationOutcome;
  createdAt: Date;
  report?: VerificationReport;
}

export interface DocumentEventView {
  seq: number;
  type: OrganizationEventType;
  recipientId: string | null;
  actor: string;
  signatureId: string | null;
  reason: string | null;
  createdAt: Date;
}

export interface DocumentSenderView {
  organizationId: string;
  identifier: string;
  name: string;
}

// The fields of a document every answer about it carries.
export interface DocumentFieldsView {
  id: string;
  title: string;
  kind: DocumentKind;
  number: string | null;
  documentDate: string | null;
  amountMinor: string | null;
  currency: string | null;
  tags: string[];
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  packageId: string | null;
  sender: DocumentSenderView;
  senderSignedAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

// The answer to an upload: a draft, sent to nobody yet.
export interface UploadedDocumentView extends DocumentFieldsView {
  status: RollUpStatus;
  recipients: RecipientView[];
}

// A document as its sender or one of its recipients sees it.
export interface DeletedDocumentView {
  id: string;
  deletedAt: Date;
}

// An edit that changes nothing writes no event.
class NothingChanged extends Error {}

export interface DocumentView extends DocumentFieldsView {
  side: Side;
  status: RollUpStatus;
  recipients: RecipientView[];
  signatures: SignatureView[];
  events: DocumentEventView[];
}

export interface LinkRevocationView {
  recipientId: string;
  // False: the recipient had no link left to revoke.
  revoked: boolean;
  revokedAt: Date;
}

export interface PackageDocumentView {
  id: string;
  title: string;
  senderSignedAt: Date | null;
  sentAt: Date | null;
  status: RollUpStatus;
  recipients: RecipientView[];
}

export interface PackageView {
  id: string;
  title: string | null;
  allOrNothing: boolean;
  sentAt: Date | null;
  createdAt: Date;
  documents: PackageDocumentView[];
}

export function presentRecipient(r: DocumentRecipient & { name?: string | null }): RecipientView {
  return {
    id: r.id,
    identifier: r.identifier,
    email: r.email,
    ...(r.name !== undefined && { name: r.name }),
    registered: r.recipientOrganizationId !== null,
    status: r.status as RollUpStatus,
    receipt: r.receipt,
    response: r.response,
    annulment: r.annulment,
    deliveredAt: r.deliveredAt,
    openedAt: r.openedAt,
    receiptSignedAt: r.receiptSignedAt,
    respondedAt: r.respondedAt,
    annulmentChangedAt: r.annulmentChangedAt,
    reason: r.lastReason,
    withdrawnAt: r.withdrawnAt ?? null,
  };
}

// Whether the recipient has answered (signed, refused, asked for a correction) or an annulment
// concerns it: from then on its link is its evidence trail and it cannot be withdrawn.
export function hasAnswered(r: Pick<DocumentRecipient, 'response' | 'annulment'>): boolean {
  return r.response !== ResponseStatus.Awaiting || r.annulment !== AnnulmentStatus.None;
}

export function presentSignature(s: DocumentSignature, withReport = false): SignatureView {
  return {
    id: s.id,
    role: s.role,
    action: s.action as DocumentAction,
    signedContent: s.signedContent,
    recipientId: s.recipientId,
    signer: {
      iin: s.signerIin,
      bin: s.signerBin,
      name: s.signerName,
      roles: s.signerRoles,
      certificateSha256: s.certificateSha256,
    },
    // The report's verdict, never TOTAL_PASSED without an established revocation status, and the
    // revocation check's outcome (signer-summary.ts).
    ...signatureVerdict(s.report),
    createdAt: s.createdAt,
    ...(withReport && { report: s.report }),
  };
}

export function presentEvent(e: DocumentEvent): DocumentEventView {
  return {
    seq: e.seq,
    type: e.type as OrganizationEventType,
    recipientId: e.recipientId,
    actor: e.actorLabel,
    signatureId: e.signatureId,
    reason: e.reason,
    createdAt: e.createdAt,
  };
}

export function presentDocument(d: DocumentRecord, owner: Pick<Organization, 'id' | 'identifier' | 'name'>): DocumentFieldsView {
  return {
    id: d.id,
    title: d.title,
    kind: d.kind,
    number: d.number,
    documentDate: d.documentDate,
    amountMinor: d.amountMinor,
    currency: d.currency,
    tags: d.tags,
    fileName: d.fileName,
    contentType: d.contentType,
    size: Number(d.size),
    sha256: d.sha256,
    packageId: d.packageId,
    sender: { organizationId: owner.id, identifier: owner.identifier, name: owner.name },
    senderSignedAt: d.senderSignedAt,
    sentAt: d.sentAt,
    createdAt: d.createdAt,
  };
}

@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(DOCUMENT_QUOTA) private readonly quota: DocumentQuota,
    private readonly verification: SignatureVerificationService,
    private readonly history: DocumentHistory,
    private readonly repository: DocumentsRepository,
    private readonly evidence: SignatureEvidenceUpgrader,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyScope,
    private readonly mailSecrets: MailSecrets,
  ) {}

  // ---- access -------------------------------------------------------------------------------

  // Only participants see a document: anyone else gets 404, never 403 (existence is not told).
  // `options` as in DocumentsRepository.findAccess (lock the row, read a send's candidates).
  async access(
    organizationId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    options: { lock?: boolean; candidates?: readonly string[] } = {},
  ): Promise<DocumentAccess> {
    if (!UUID.test(id)) throw notFound();
    const found = await this.repository.findAccess(organizationId, id, manager, options);
    if (!found) throw notFound();
    const { document, owner } = found;
    const callerRules = effectivePolicy(found.callerPolicy ?? undefined);
    if (document.ownerOrganizationId === organizationId)
      return { document, side: 'sender', owner, callerRules, candidates: found.candidates };
    if (!found.recipient) throw notFound();
    return { document, side: 'recipient', recipient: found.recipient, owner, callerRules };
  }

  async ownerOf(document: DocumentRecord, manager: EntityManager = this.dataSource.manager): Promise<Organization> {
    return manager.findOneOrFail(Organization, { where: { id: document.ownerOrganizationId } });
  }

  private async asSender(
    organizationId: string,
    id: string,
    manager?: EntityManager,
    options: { lock?: boolean; candidates?: readonly string[] } = {},
  ): Promise<DocumentAccess> {
    const access = await this.access(organizationId, id, manager, options);
    if (access.side !== 'sender') throw new DomainError(ErrorCode.DocumentActionNotAllowed, { side: access.side });
    return access;
  }

  // ---- upload -------------------------------------------------------------------------------

  async upload(principal: TenantPrincipal, request: Request): Promise<UploadedDocumentView> {
    const id = randomUUID();
    const key = `documents/${principal.organizationId}/${id}`;
    const upload = await receiveUpload(request, this.storage, key, this.config.documents.maxBytes);
    const { metadata } = upload;
    try {
      // An Idempotency-Key is claimed for the file as well as the fields: the same key with
      // another file is a conflict, with the same file a replay (either way this copy goes).
      await this.idempotency.claimContent({
        metadata,
        fileName: upload.fileName,
        size: upload.stored.size,
        sha256: upload.stored.sha256,
      });
    } catch (error) {
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    }
    const document = Object.assign(new DocumentRecord(), {
      id,
      ownerOrganizationId: principal.organizationId,
      title: metadata.title.trim(),
      kind: metadata.kind,
      number: metadata.number?.trim() || null,
      documentDate: metadata.documentDate ?? null,
      amountMinor: metadata.amountMinor ?? null,
      currency: metadata.amountMinor !== undefined ? (metadata.currency ?? 'KZT') : (metadata.currency ?? null),
      tags: [...new Set((metadata.tags ?? []).map((t) => t.trim()).filter(Boolean))],
      fileName: upload.fileName,
      contentType: upload.contentType,
      size: String(upload.stored.size),
      sha256: upload.stored.sha256,
      objectKey: key,
      packageId: null,
      createdByUserId: principal.kind === 'user' ? principal.userId : null,
      createdByLabel: principal.label.slice(0, 300),
      senderSignedAt: null,
      sentAt: null,
      lastEventSeq: 0,
      createdAt: this.clock.now(),
    });
    const event: NewEvent = {
      type: 'document.uploaded',
      data: { sha256: document.sha256, size: Number(document.size) },
      notify: [principal.organizationId],
    };
    const answerOf = (owner: Parameters<typeof presentDocument>[1]): UploadedDocumentView => ({
      ...presentDocument(document, owner),
      status: 'draft' as RollUpStatus,
      recipients: [],
    });
    const options = { insertDocument: true, readOwner: true };
    try {
      if (this.idempotency.isPending()) {
        // Under an Idempotency-Key the answer commits with the row: a retry after a crash that
        // followed the commit is replayed, never a second document.
        const answer = await this.dataSource.transaction(async (manager) => {
          const written = await this.history.appendIfUnchangedWithin(manager, document, actorOf(principal), event, options);
          const answer = answerOf(written!.owner!);
          await this.idempotency.completeWithin(manager, answer);
          return answer;
        });
        this.history.jobsWritten();
        return answer;
      }
      // The row, its first event and the feed entry: one statement, no transaction to open.
      const written = await this.history.appendIfUnchanged(document, actorOf(principal), event, options);
      return answerOf(written!.owner!);
    } catch (error) {
      // The row did not make it: the stored object must not stay behind.
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    }
  }

  // ---- drafts -------------------------------------------------------------------------------

  // A draft may change or go only while nobody has signed it: not signed by the sender (a
  // recipient signs only after sending), not sent, in no package (the package's sending decides
  // about it). A recipient's side never may.
  private assertEditableDraft(document: DocumentRecord): void {
    if (document.senderSignedAt || document.sentAt || document.packageId) throw new DomainError(ErrorCode.DocumentNotDraft);
  }

  // New metadata for an unsigned draft (the file stays). One event, document.edited, names the
  // fields that changed; the same values are no event at all.
  async editDraft(principal: TenantPrincipal, id: string, dto: EditDocumentDto): Promise<DocumentView> {
    const { document } = await this.asSender(principal.organizationId, id);
    this.assertEditableDraft(document);
    await this.appendAsRead(document, actorOf(principal), (current) => {
      this.assertEditableDraft(current);
      const next: Partial<DocumentRecord> = {};
      if (dto.title !== undefined) next.title = dto.title.trim();
      if (dto.kind !== undefined) next.kind = dto.kind;
      if (dto.number !== undefined) next.number = dto.number?.trim() || null;
      if (dto.documentDate !== undefined) next.documentDate = dto.documentDate;
      if (dto.amountMinor !== undefined) {
        next.amountMinor = dto.amountMinor;
        next.currency = dto.amountMinor === null ? null : (dto.currency ?? current.currency ?? 'KZT');
      } else if (dto.currency !== undefined && current.amountMinor !== null) next.currency = dto.currency;
      if (dto.tags !== undefined) next.tags = [...new Set(dto.tags.map((t) => t.trim()).filter(Boolean))];
      if (next.title === '')
        throw new DomainError(ErrorCode.ValidationFailed, {
          fields: [{ field: 'title', problems: ['title must not be blank'] }],
        });
      const changes = Object.fromEntries(
        Object.entries(next).filter(
          ([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key as keyof DocumentRecord]),
        ),
      ) as Partial<DocumentRecord>;
      const fields = Object.keys(changes);
      if (fields.length === 0) throw new NothingChanged();
      return {
        type: 'document.edited',
        data: { fields },
        notify: [principal.organizationId],
        documentChanges: changes,
        requireNoPackage: true,
      };
    }).catch((error: unknown) => {
      if (!(error instanceof NothingChanged)) throw error;
    });
    return this.view(principal, id);
  }

  // Deletes an unsigned draft. The row stays, marked deleted (its events are append-only history,
  // its feed already told integrators about the upload; document.deleted tells them it is gone),
  // and every read skips it; the stored file goes once the deletion is committed: nobody signed
  // those bytes, so nothing needs them as evidence.
  async deleteDraft(principal: TenantPrincipal, id: string): Promise<DeletedDocumentView> {
    const { document } = await this.asSender(principal.organizationId, id);
    this.assertEditableDraft(document);
    const deletedAt = this.clock.now();
    await this.appendAsRead(document, actorOf(principal), (current) => {
      this.assertEditableDraft(current);
      return {
        type: 'document.deleted',
        notify: [principal.organizationId],
        documentChanges: { deletedAt },
        requireNoPackage: true,
      };
    });
    // A failure here leaves an object no row points to; the deletion itself stands.
    await this.storage.delete(document.objectKey).catch(() => undefined);
    return { id: document.id, deletedAt };
  }

  // ---- read ---------------------------------------------------------------------------------

  async view(principal: TenantPrincipal, id: string, options: { withReports?: boolean } = {}): Promise<DocumentView> {
    let access = await this.access(principal.organizationId, id);
    if (access.side === 'recipient' && access.recipient!.receipt === ReceiptStatus.None) {
      await this.recordReceipt(access.document.id, access.recipient!.id, ReceiptStatus.Delivered, actorOf(principal));
      access = await this.access(principal.organizationId, id);
    }
    return this.detail(access, options);
  }

  // `owner`: the sender's organization when the caller already holds it (spares a read).
  // `manager`: read inside that transaction (an answer stored with the change it describes).
  async detail(
    access: DocumentAccess,
    options: { withReports?: boolean; owner?: Organization; manager?: EntityManager } = {},
  ): Promise<DocumentView> {
    const { document, side } = access;
    const owner = options.owner ?? access.owner ?? (await this.ownerOf(document, options.manager));
    const rows = await this.repository.detailRows(
      document.id,
      { withRecipients: side === 'sender', withReports: options.withReports ?? false },
      options.manager,
    );
    const recipients = side === 'sender' ? rows.recipients : [access.recipient!];
    const visibleRecipients = new Set(recipients.map((r) => r.id));
    // A recipient sees the sender's steps and its own, not the other recipients'.
    const visible = (recipientId: string | null) =>
      side === 'sender' || recipientId === null || visibleRecipients.has(recipientId);
    const events = rows.events.filter((e) => visible(e.recipientId));
    // In the order of the events they back (timestamps may tie).
    const seqOf = new Map(events.map((e) => [e.signatureId, e.seq]));
    const signatures = rows.signatures
      .filter((s) => visible(s.recipientId))
      .sort((a, b) => (seqOf.get(a.id) ?? 0) - (seqOf.get(b.id) ?? 0));
    // A replaced recipient stays listed (with withdrawnAt) but no longer counts in the roll-up.
    const statuses = recipients.filter((r) => !r.withdrawnAt).map((r) => r.status as RollUpStatus);
    return {
      ...presentDocument(document, owner),
      side,
      status: side === 'sender' ? documentRollUp(document.senderSignedAt !== null, statuses) : statuses[0],
      recipients: recipients.map(presentRecipient),
      signatures: signatures.map((s) => presentSignature(s, options.withReports)),
      events: events.map(presentEvent),
    };
  }

  async content(principal: TenantPrincipal, id: string): Promise<{ document: DocumentRecord; body: Readable }> {
    const access = await this.access(principal.organizationId, id);
    if (access.side === 'recipient' && !access.recipient!.openedAt) {
      await this.recordReceipt(access.document.id, access.recipient!.id, ReceiptStatus.Opened, actorOf(principal));
    }
    return { document: access.document, body: await this.storage.get(access.document.objectKey) };
  }

  openContent(document: DocumentRecord): Promise<Readable> {
    return this.storage.get(document.objectKey);
  }

  // Delivery (the recipient first fetched the document) and first opening (first download),
  // each recorded once with its time as an event; a concurrent duplicate finds it done.
  async recordReceipt(
    documentId: string,
    recipientId: string,
    level: ReceiptStatus.Delivered | ReceiptStatus.Opened,
    actor: Actor,
  ) {
    const order = [ReceiptStatus.None, ReceiptStatus.Delivered, ReceiptStatus.Opened, ReceiptStatus.ReceiptSigned];
    await this.dataSource.transaction(async (manager) => {
      const document = await this.history.lockDocument(manager, documentId);
      const recipient = await manager.findOne(DocumentRecipient, {
        where: { id: recipientId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!document || !recipient || order.indexOf(recipient.receipt) >= order.indexOf(level)) return;
      const owner = document.ownerOrganizationId;
      const now = this.clock.now();
      const steps =
        recipient.receipt === ReceiptStatus.None && level === ReceiptStatus.Opened ? [ReceiptStatus.Delivered, level] : [level];
      for (const step of steps) {
        recipient.receipt = step;
        if (step === ReceiptStatus.Delivered) recipient.deliveredAt = now;
        else recipient.openedAt = now;
        await this.history.append(manager, document, actor, {
          type: step === ReceiptStatus.Delivered ? 'document.delivered' : 'document.opened',
          recipientId,
          notify: [owner, recipient.recipientOrganizationId],
        });
      }
      recipient.status = recipientRollUp(recipient);
      await manager.save(recipient);
    });
  }

  // ---- sender signature ---------------------------------------------------------------------

  async signAsSender(principal: TenantPrincipal, id: string, dto: SenderSignatureDto): Promise<SignatureView> {
    const { document, owner = await this.ownerOf(document), callerRules } = await this.asSender(principal.organizationId, id);
    if (document.senderSignedAt) throw new DomainError(ErrorCode.DocumentAlreadySignedBySender);
    const policy = { keyUsage: 'SIGN' as const, revocation: this.config.signatureAuth.revocation };
    const openContent = () => this.openContent(document);
    const verify = (cms: string) =>
      this.verification.verifySignedStream(cms, openContent, document.sha256, policy, document.objectKey);
    const verification = await verify(dto.cms);
    const signer = documentSigner(verification);
    assertSignerIs(signer, owner.identifier);
    // The caller is the owner: its rules came with the document.
    const rules = callerRules ?? (await this.policyOf(owner.id));
    assertRoleAllowed(signer, rules[document.kind], document.kind);
    const sealed = await this.evidence.seal(dto.cms, verification, { openContent, verifyAgain: verify });

    const eventId = randomUUID();
    const signature = Object.assign(new DocumentSignature(), {
      id: randomUUID(),
      documentId: document.id,
      eventId,
      recipientId: null,
      organizationId: owner.id,
      role: SignatureRole.Sender,
      signedContent: SignedContent.Document,
      action: 'sign',
      ...signerColumns(signer, sealed),
      createdAt: this.clock.now(),
    });
    const event = (current: DocumentRecord) => {
      if (current.senderSignedAt) throw new DomainError(ErrorCode.DocumentAlreadySignedBySender);
      return {
        id: eventId,
        type: 'document.signed_by_sender' as const,
        documentChanges: { senderSignedAt: this.clock.now() },
        signature,
        signatureId: signature.id,
        data: {
          signer: { iin: signature.signerIin, bin: signature.signerBin },
          adesLevel: sealed.report.signers[0]?.adesLevel,
          ...(sealed.timestampError && { timestampError: sealed.timestampError }),
        },
        notify: [owner.id],
      };
    };
    await this.appendAsRead(document, actorOf(principal), event);
    return presentSignature(signature);
  }

  // Writes the event `build` makes from the document's current state: as one guarded statement
  // (DocumentHistory.appendGuarded), or after a few lost races under the row lock, which always
  // succeeds. `build` re-checks the state each time (and throws when the event is no longer
  // allowed, e.g. the other signer won).
  async appendAsRead(document: DocumentRecord, actor: Actor, build: (current: DocumentRecord) => NewEvent): Promise<void> {
    const reread = async () => {
      const current = await this.repository.findDocument(document.id);
      return current && { document: current };
    };
    if (await this.history.appendGuarded({ document }, actor, (state) => build(state.document), reread)) return;
    await this.dataSource.transaction(async (manager) => {
      const locked = (await this.history.lockDocument(manager, document.id)) ?? throwNotFound();
      await this.history.append(manager, locked, actor, build(locked));
    });
  }

  // ---- send ---------------------------------------------------------------------------------

  async send(principal: TenantPrincipal, id: string, recipients: RecipientDto[]): Promise<DocumentView> {
    const identifiers = recipients.map((r) => r.identifier);
    const actor = actorOf(principal);
    // One registered recipient (the common case, and every API integrator's loop): one guarded
    // statement, no BEGIN/lock/COMMIT; the row lock is taken only after repeated lost races.
    // Under an Idempotency-Key the answer is stored in the send's own transaction: a retry after a
    // crash that followed the commit is replayed, not refused as in progress, then as a duplicate.
    const storeAnswerWithSend = this.idempotency.isPending();
    if (recipients.length === 1 && !this.quota.needsTransaction && !storeAnswerWithSend) {
      const sent = await this.withUniqueGuard(() => this.sendOneUnlocked(principal.organizationId, id, recipients[0], actor));
      if (sent) return this.detail({ document: sent.document, side: 'sender' }, { owner: sent.owner });
    }
    const sent = await this.withUniqueGuard(() =>
      this.dataSource.transaction(async (manager) => {
        // Read and locked in one statement, with the owner and the recipients' candidates.
        const access = await this.asSender(principal.organizationId, id, manager, { lock: true, candidates: identifiers });
        this.assertSendable(access.document);
        this.assertDistinct(recipients);
        const owner = await this.sendLocked(manager, access.document, recipients, actor, access.owner, access.candidates);
        const answer = await this.answerWithin(manager, () =>
          this.detail({ document: access.document, side: 'sender' }, { owner, manager }),
        );
        return { document: access.document, owner, answer };
      }),
    );
    if (sent.answer) return sent.answer;
    // The row as committed (sendLocked keeps it in step with its updates): no need to read it again.
    return this.detail({ document: sent.document, side: 'sender' }, { owner: sent.owner });
  }

  private assertSendable(document: DocumentRecord) {
    if (document.packageId) throw new DomainError(ErrorCode.DocumentInPackage, { packageId: document.packageId });
    if (!document.senderSignedAt) throw new DomainError(ErrorCode.DocumentNotSigned, { documentIds: [document.id] });
  }

  // A send to one registered recipient as one statement guarded by the document's event counter
  // and by its being in no package (DocumentHistory.appendGuarded): the recipient row, its ledger
  // row, the event, both feeds and their jobs, or nothing when the document changed since it was
  // read (then read and decided again). Answers null when the send needs more than that statement
  // (an unregistered recipient gets a link and a mail) or lost its races: the caller then sends in
  // a transaction with the row locked.
  private async sendOneUnlocked(
    organizationId: string,
    id: string,
    wanted: RecipientDto,
    actor: Actor,
  ): Promise<{ document: DocumentRecord; owner: Organization } | null> {
    const read = () => this.asSender(organizationId, id, undefined, { candidates: [wanted.identifier] });
    const now = this.clock.now();
    const recipientId = randomUUID();
    const decide = (access: DocumentAccess) => {
      this.assertSendable(access.document);
      const decided = this.recipientEvent(access.document, access.owner!, wanted, 0, access.candidates!, recipientId, now);
      if (!decided.organization) throw new NeedsTransaction();
      return decided;
    };
    try {
      const access = await read();
      const first = decide(access);
      await this.quota.assertMayCount(this.dataSource.manager, first.usage);
      const written = await this.history.appendGuarded(
        access,
        actor,
        // Decided again only on a state read again.
        (current) => ({ ...(current === access ? first : decide(current)).event, requireNoPackage: true }),
        read,
      );
      return written && { document: written.document, owner: written.owner! };
    } catch (error) {
      if (error instanceof NeedsTransaction) return null;
      throw error;
    }
  }

  private assertDistinct(recipients: RecipientDto[]) {
    const seen = new Set<string>();
    recipients.forEach((r, i) => {
      if (seen.has(r.identifier)) throw invalid(`recipients.${i}.identifier`, 'each recipient may be named once');
      seen.add(r.identifier);
    });
  }

  // Two concurrent sends to the same BIN/IIN: the unique index decides, the loser gets the 409.
  private async withUniqueGuard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.DocumentRecipientExists);
      throw error;
    }
  }

  // Inside the caller's transaction, with the document row locked. Returns the sender's organization.
  private async sendLocked(
    manager: EntityManager,
    document: DocumentRecord,
    recipients: RecipientDto[],
    actor: Actor,
    // The sender's organization and the recipients' candidates when the caller already read them.
    knownOwner?: Organization,
    knownCandidates?: Candidates,
    // false: a replacement of a withdrawn recipient, neither asked of the quota nor put in the
    // ledger (the withdrawn recipient's entry already counts this sending; see replaceRecipient).
    counted = true,
  ): Promise<Organization> {
    const owner = knownOwner ?? (await this.ownerOf(document, manager));
    const now = this.clock.now();
    const candidates =
      knownCandidates ??
      (await this.repository.recipientCandidates(
        manager,
        document.id,
        recipients.map((r) => r.identifier),
      ));
    for (const [i, wanted] of recipients.entries()) {
      const { event, recipient, organization, usage } = this.recipientEvent(
        document,
        owner,
        wanted,
        i,
        candidates,
        randomUUID(),
        now,
        counted,
      );
      if (counted) await this.quota.assertMayCount(manager, usage);
      // The recipient row and its outgoing-ledger entry are written with the event.
      await this.history.append(manager, document, actor, event);
      if (!organization) await this.issueLink(manager, document, owner, recipient);
    }
    return owner;
  }

  // The sending event for recipient `wanted` (request index i): the new recipient row and its
  // outgoing-ledger entry written with it, the usage the quota is asked about. Throws the
  // domain error when that recipient cannot be added.
  private recipientEvent(
    document: DocumentRecord,
    owner: Organization,
    wanted: RecipientDto,
    i: number,
    candidates: Candidates,
    recipientId: string,
    now = this.clock.now(),
    counted = true,
  ) {
    if (wanted.identifier === owner.identifier)
      throw invalid(`recipients.${i}.identifier`, 'a document cannot be sent to its sender');
    const candidate = candidates.get(wanted.identifier)!;
    if (candidate.taken) {
      throw new DomainError(ErrorCode.DocumentRecipientExists, { identifier: wanted.identifier, documentId: document.id });
    }
    const organization = candidate.organizationId ? { id: candidate.organizationId } : null;
    // A typed identifier must carry its check digit; a registered participant's is taken as its
    // certificate gave it (NCA's test keys carry identifiers whose check digit does not match).
    if (!organization && !isKzIdentifier(wanted.identifier)) {
      throw invalid(`recipients.${i}.identifier`, kzIdentifierProblem('identifier', wanted.identifier, 'BIN or IIN'));
    }
    if (!organization && !wanted.email) {
      throw invalid(`recipients.${i}.email`, 'an unregistered recipient needs an e-mail address for its link');
    }
    const recipient = Object.assign(new DocumentRecipient(), {
      id: recipientId,
      documentId: document.id,
      identifier: wanted.identifier,
      email: wanted.email ?? null,
      recipientOrganizationId: organization?.id ?? null,
      receipt: ReceiptStatus.None,
      deliveredAt: null,
      openedAt: null,
      receiptSignedAt: null,
      respondedAt: null,
      annulmentChangedAt: null,
      lastReason: null,
      response: ResponseStatus.Awaiting,
      annulment: AnnulmentStatus.None,
    });
    recipient.status = recipientRollUp(recipient);
    const usage = { organizationId: owner.id, documentId: document.id, recipientId, period: billingPeriod(now) };
    const event: NewEvent = {
      type: 'document.sent',
      recipientId,
      ...(!document.sentAt && { documentChanges: { sentAt: now } }),
      data: { identifier: recipient.identifier, registered: organization !== null },
      notify: [owner.id, organization?.id],
      ...(organization && { feedTypeFor: { [organization.id]: 'document.received' } }),
      parts: (param) => this.repository.countedRecipientParts(param, recipient, counted ? { ...usage, createdAt: now } : null),
    };
    return { event, recipient, organization, usage };
  }

  // A 256-bit token, only its SHA-256 stored; the e-mail (the token's only copy, sealed until
  // sent, see MailSecrets) is queued in the same transaction, so the link exists exactly when
  // its mail will go out.
  private async issueLink(manager: EntityManager, document: DocumentRecord, owner: Organization, recipient: DocumentRecipient) {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.documents.linkTtlMs);
    await manager.insert(RecipientLink, {
      recipientId: recipient.id,
      documentId: document.id,
      tokenHash: hashToken(token),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: this.clock.now(),
    });
    // The token itself goes into the queued mail sealed; the text has a placeholder for it.
    const url = `${this.config.http.publicUrl}/l/${MAIL_SECRET_PLACEHOLDER}`;
    await this.jobs.enqueue(
      JobName.SendMail,
      {
        to: recipient.email!,
        sealedSecret: this.mailSecrets.seal(token, recipient.email!),
        subject: `Документ на подпись / Қол қоюға құжат: ${document.title}`.slice(0, 500),
        text: [
          `${owner.name} (БИН/ИИН ${owner.identifier}) отправил(а) вам документ «${document.title}» для ознакомления и подписи.`,
          `Открыть документ: ${url}`,
          // Almaty's wall clock, as the cabinet writes times (an ISO UTC day could be a day off).
          `Ссылка действует до ${formatDateTime(expiresAt, 'ru')} (время Алматы). Подписать документ можно ЭЦП, выданной на БИН/ИИН ${recipient.identifier}.`,
          '',
          `${owner.name} (БСН/ЖСН ${owner.identifier}) сізге «${document.title}» құжатын танысу және қол қою үшін жіберді.`,
          `Құжатты ашу: ${url}`,
          `Сілтеме ${formatDateTime(expiresAt, 'kk')} (Алматы уақыты) дейін жарамды. Құжатқа ${recipient.identifier} БСН/ЖСН-ға берілген ЭЦҚ-мен қол қоюға болады.`,
        ].join('\n'),
      },
      { manager },
    );
  }

  async revokeLink(principal: TenantPrincipal, id: string, recipientId: string): Promise<LinkRevocationView> {
    const { document } = await this.asSender(principal.organizationId, id);
    if (!UUID.test(recipientId)) throw notFound();
    return this.dataSource.transaction(async (manager) => {
      const locked = (await this.history.lockDocument(manager, document.id))!;
      const recipient = await manager.findOne(DocumentRecipient, { where: { id: recipientId, documentId: locked.id } });
      if (!recipient) throw notFound();
      // An answered recipient's link is how it reads what it signed or refused: keep it.
      if (hasAnswered(recipient)) {
        throw new DomainError(ErrorCode.DocumentRecipientAnswered, {
          recipientId,
          response: recipient.response,
          annulment: recipient.annulment,
        });
      }
      const now = this.clock.now();
      const result = await manager
        .createQueryBuilder()
        .update(RecipientLink)
        .set({ revokedAt: now })
        .where('"recipientId" = :recipientId AND "revokedAt" IS NULL', { recipientId })
        .execute();
      if (result.affected) {
        await this.history.append(manager, locked, actorOf(principal), {
          type: 'document.link_revoked',
          recipientId,
          notify: [principal.organizationId],
        });
      }
      return { recipientId, revoked: (result.affected ?? 0) > 0, revokedAt: now };
    });
  }

  // Replaces a recipient that has not answered (typically a mistyped BIN/IIN) with another, the
  // sender's signature unchanged: it covers the content, not the addressee. In one transaction
  // under the document's lock: the old recipient is withdrawn (its links revoked, out of any
  // inbox and of the roll-up, kept for the history and the ledger) with a
  // document.recipient_replaced event, then the new one is sent to as by send() but not counted
  // again (the withdrawn recipient's outgoing-ledger entry stays and counts it). A retry of the
  // same replacement finds the old recipient withdrawn (409 DOCUMENT_RECIPIENT_WITHDRAWN), or is
  // replayed under its Idempotency-Key.
  async replaceRecipient(
    principal: TenantPrincipal,
    id: string,
    recipientId: string,
    wanted: RecipientDto,
  ): Promise<DocumentView> {
    if (!UUID.test(recipientId)) throw notFound();
    const actor = actorOf(principal);
    const sent = await this.withUniqueGuard(() =>
      this.dataSource.transaction(async (manager) => {
        const access = await this.asSender(principal.organizationId, id, manager, {
          lock: true,
          candidates: [wanted.identifier],
        });
        this.assertSendable(access.document);
        const old = await manager.findOne(DocumentRecipient, {
          where: { id: recipientId, documentId: access.document.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!old) throw notFound();
        if (old.withdrawnAt) throw new DomainError(ErrorCode.DocumentRecipientWithdrawn, { recipientId });
        if (hasAnswered(old)) {
          throw new DomainError(ErrorCode.DocumentRecipientAnswered, {
            recipientId,
            response: old.response,
            annulment: old.annulment,
          });
        }
        const now = this.clock.now();
        await manager
          .createQueryBuilder()
          .update(RecipientLink)
          .set({ revokedAt: now })
          .where('"recipientId" = :recipientId AND "revokedAt" IS NULL', { recipientId })
          .execute();
        await manager.update(DocumentRecipient, { id: recipientId }, { withdrawnAt: now });
        await this.history.append(manager, access.document, actor, {
          type: 'document.recipient_replaced',
          recipientId,
          data: { identifier: old.identifier, replacedBy: wanted.identifier },
          notify: [principal.organizationId, old.recipientOrganizationId],
          // The replaced organization (often a mistyped, unrelated one) learns only that it no
          // longer takes part, not the real addressee's BIN/IIN: replacedBy is the sender's.
          ...(old.recipientOrganizationId && { feedDataFor: { [old.recipientOrganizationId]: { identifier: old.identifier } } }),
        });
        // A correction of the addressee is not a second sending: the withdrawn recipient's ledger
        // entry stays and is the only one (no second unit of the monthly limit).
        const owner = await this.sendLocked(manager, access.document, [wanted], actor, access.owner, access.candidates, false);
        const answer = await this.answerWithin(manager, () =>
          this.detail({ document: access.document, side: 'sender' }, { owner, manager }),
        );
        return { document: access.document, owner, answer };
      }),
    );
    return sent.answer ?? this.detail({ document: sent.document, side: 'sender' }, { owner: sent.owner });
  }

  // ---- packages -----------------------------------------------------------------------------

  async createPackage(principal: TenantPrincipal, dto: NewPackageDto): Promise<PackageView> {
    if (dto.recipients) this.assertDistinct(dto.recipients);
    const created = await this.withUniqueGuard(() =>
      this.dataSource.transaction(async (manager) => {
        const documents: DocumentRecord[] = [];
        for (const id of [...dto.documentIds].sort()) {
          const document = await this.history.lockDocument(manager, id);
          if (!document || document.ownerOrganizationId !== principal.organizationId) throw notFound();
          if (document.packageId || document.sentAt) throw new DomainError(ErrorCode.DocumentInPackage, { documentId: id });
          documents.push(document);
        }
        const pack = await manager.save(
          manager.create(DocumentPackage, {
            ownerOrganizationId: principal.organizationId,
            title: dto.title ?? null,
            allOrNothing: dto.allOrNothing ?? false,
            sentAt: null,
            createdAt: this.clock.now(),
          }),
        );
        await manager.update(DocumentRecord, { id: In(documents.map((d) => d.id)) }, { packageId: pack.id });
        for (const d of documents) d.packageId = pack.id;
        if (dto.recipients) await this.sendPackageLocked(manager, pack, documents, dto.recipients, actorOf(principal));
        return {
          packageId: pack.id,
          answer: await this.answerWithin(manager, () => this.packageView(principal, pack.id, manager)),
        };
      }),
    );
    return created.answer ?? this.packageView(principal, created.packageId);
  }

  // Under an Idempotency-Key: the answer, read and stored inside the change's own transaction, so
  // that a retry after a crash that followed the commit is replayed. Otherwise undefined.
  private async answerWithin<T>(manager: EntityManager, read: () => Promise<T>): Promise<T | undefined> {
    if (!this.idempotency.isPending()) return undefined;
    const answer = await read();
    await this.idempotency.completeWithin(manager, answer);
    return answer;
  }

  async sendPackage(principal: TenantPrincipal, packageId: string, recipients: RecipientDto[]): Promise<PackageView> {
    this.assertDistinct(recipients);
    if (!UUID.test(packageId)) throw notFound();
    const answer = await this.withUniqueGuard(() =>
      this.dataSource.transaction(async (manager) => {
        const pack = await manager.findOne(DocumentPackage, {
          where: { id: packageId, ownerOrganizationId: principal.organizationId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!pack) throw notFound();
        const ids = (await manager.find(DocumentRecord, { where: { packageId }, select: { id: true } })).map((d) => d.id).sort();
        const documents: DocumentRecord[] = [];
        for (const id of ids) documents.push((await this.history.lockDocument(manager, id))!);
        await this.sendPackageLocked(manager, pack, documents, recipients, actorOf(principal));
        return this.answerWithin(manager, () => this.packageView(principal, packageId, manager));
      }),
    );
    return answer ?? this.packageView(principal, packageId);
  }

  // All-or-nothing: every document signed, or nothing is sent. Otherwise the signed documents go
  // and the unsigned ones are reported as skipped.
  private async sendPackageLocked(
    manager: EntityManager,
    pack: DocumentPackage,
    documents: DocumentRecord[],
    recipients: RecipientDto[],
    actor: Actor,
  ) {
    const unsigned = documents.filter((d) => !d.senderSignedAt).map((d) => d.id);
    if (pack.allOrNothing && unsigned.length > 0) throw new DomainError(ErrorCode.PackageIncomplete, { documentIds: unsigned });
    const ready = documents.filter((d) => d.senderSignedAt);
    if (ready.length === 0) throw new DomainError(ErrorCode.DocumentNotSigned, { documentIds: unsigned });
    for (const document of ready) await this.sendLocked(manager, document, recipients, actor);
    if (!pack.sentAt) await manager.update(DocumentPackage, { id: pack.id }, { sentAt: this.clock.now() });
  }

  // `manager`: read inside that transaction (an answer stored with the change it describes).
  async packageView(
    principal: TenantPrincipal,
    packageId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PackageView> {
    if (!UUID.test(packageId)) throw notFound();
    const pack = await manager.findOne(DocumentPackage, {
      where: { id: packageId, ownerOrganizationId: principal.organizationId },
    });
    if (!pack) throw notFound();
    const documents = await manager.find(DocumentRecord, {
      where: { packageId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const recipients = await manager.find(DocumentRecipient, {
      where: { documentId: In(documents.map((d) => d.id)) },
    });
    return {
      id: pack.id,
      title: pack.title,
      allOrNothing: pack.allOrNothing,
      sentAt: pack.sentAt,
      createdAt: pack.createdAt,
      documents: documents.map((d) => {
        const own = recipients.filter((r) => r.documentId === d.id);
        return {
          id: d.id,
          title: d.title,
          senderSignedAt: d.senderSignedAt,
          sentAt: d.sentAt,
          status: documentRollUp(
            d.senderSignedAt !== null,
            own.map((r) => r.status as RollUpStatus),
          ),
          recipients: own.map(presentRecipient),
        };
      }),
    };
  }

  // ---- signing policy -----------------------------------------------------------------------

  async policyOf(organizationId: string, manager: EntityManager = this.dataSource.manager): Promise<SigningPolicyRules> {
    const row = await manager.findOne(SigningPolicyRecord, { where: { organizationId } });
    return effectivePolicy(row?.rules);
  }

  async putPolicy(principal: TenantPrincipal, dto: SigningPolicyDto): Promise<SigningPolicyRules> {
    const rules = effectivePolicy({ ...(await this.policyOf(principal.organizationId)), ...(dto as Record<string, string[]>) });
    await this.dataSource.manager.upsert(
      SigningPolicyRecord,
      { organizationId: principal.organizationId, rules, updatedAt: this.clock.now() },
      ['organizationId'],
    );
    return rules;
  }
}
