import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { OBJECT_STORAGE, ObjectStorage } from '../common/storage/object-storage.port';
import type { TenantPrincipal } from '../common/security/principal';
import type { OrganizationSummary } from '../identity';
import { actorOf, DocumentAccess, notFound, UUID } from './document-access';
import { Actor, DocumentHistory, NewEvent, throwNotFound } from './persistence/document-history';
import { DocumentView, presentDocument, presentEvent, presentRecipient, presentSignature } from './document-views';
import { DocumentsRepository } from './persistence/documents.repository';
import { ReceiptStatus } from './entities/document-recipient.entity';
import { DocumentRecord } from './entities/document.entity';
import { RecipientsRepository } from './persistence/recipients.repository';
import { effectivePolicy } from './signing-policy';
import { documentRollUp, recipientRollUp, RollUpStatus } from './status';
import { DocumentsErrorCode } from './documents.errors';

// What every document use case starts from: who the caller is to a document (access), the
// document as its participant sees it (view, detail, content, the delivery and opening they
// record), and writing an event decided on the document as read (appendAsRead).
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly history: DocumentHistory,
    private readonly repository: DocumentsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly clock: Clock,
  ) {}

  // ---- access -------------------------------------------------------------------------------

  // Only participants see a document: anyone else gets 404, never 403 (existence is not told).
  // `options` as in DocumentsRepository.findAccess (lock the row, read a send's candidates).
  async access(
    organizationId: string,
    id: string,
    manager?: EntityManager,
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

  async ownerOf(document: DocumentRecord, manager?: EntityManager): Promise<OrganizationSummary> {
    return this.repository.ownerOf(document.ownerOrganizationId, manager);
  }

  // The caller must be the document's sender (a recipient may not do what only the sender does).
  async asSender(
    organizationId: string,
    id: string,
    manager?: EntityManager,
    options: { lock?: boolean; candidates?: readonly string[] } = {},
  ): Promise<DocumentAccess> {
    const access = await this.access(organizationId, id, manager, options);
    if (access.side !== 'sender') throw new DomainError(DocumentsErrorCode.DocumentActionNotAllowed, { side: access.side });
    return access;
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
    options: { withReports?: boolean; owner?: OrganizationSummary; manager?: EntityManager } = {},
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
    await this.repository.transaction(async (manager) => {
      const document = await this.history.lockDocument(manager, documentId);
      const recipient = await this.recipients.lock(manager, recipientId);
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
      await this.recipients.save(manager, recipient);
    });
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
    await this.repository.transaction(async (manager) => {
      const locked = (await this.history.lockDocument(manager, document.id)) ?? throwNotFound();
      await this.history.append(manager, locked, actor, build(locked));
    });
  }
}
