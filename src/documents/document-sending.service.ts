import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { isKzIdentifier, kzIdentifierProblem } from '../common/identifiers/kz-identifier';
import { IdempotencyScope } from '../common/idempotency/idempotency-context';
import { DomainError } from '../common/errors/domain.error';
import { DocumentsErrorCode } from './documents.errors';
import { isUniqueViolation } from '../common/persistence/unique-violation';
import type { TenantPrincipal } from '../common/security/principal';
import type { OrganizationSummary } from '../identity';
import { Actor, DocumentHistory, NewEvent } from './persistence/document-history';
import { actorOf, DocumentAccess, invalid, notFound, UUID } from './document-access';
import { DOCUMENT_QUOTA, DocumentQuota } from './document-quota.port';
import { DocumentView, hasAnswered } from './document-views';
import { Candidates, DocumentsRepository } from './persistence/documents.repository';
import { DocumentsService } from './documents.service';
import { RecipientDto } from './dto';
import { AnnulmentStatus, DocumentRecipient, ReceiptStatus, ResponseStatus } from './entities/document-recipient.entity';
import { DocumentRecord } from './entities/document.entity';
import { RecipientLinksService } from './links/recipient-links.service';
import { RecipientsRepository } from './persistence/recipients.repository';
import { recipientRollUp } from './status';

// A send that one guarded statement cannot write (see sendOneUnlocked).
class NeedsTransaction extends Error {}

// The billing month of a moment, in Kazakhstan time (UTC+5, Asia/Almaty).
export function billingPeriod(at: Date): string {
  const local = new Date(at.getTime() + 5 * 3_600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

// Sending a signed document to recipients (by BIN/IIN: a registered organization's inbox, or an
// e-mailed link), and replacing a recipient that has not answered. Packages send through
// sendLocked too (document-packages.service.ts).
@Injectable()
export class DocumentSendingService {
  constructor(
    @Inject(DOCUMENT_QUOTA) private readonly quota: DocumentQuota,
    private readonly documents: DocumentsService,
    private readonly history: DocumentHistory,
    private readonly repository: DocumentsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly links: RecipientLinksService,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyScope,
  ) {}

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
      if (sent) return this.documents.detail({ document: sent.document, side: 'sender' }, { owner: sent.owner });
    }
    const sent = await this.withUniqueGuard(() =>
      this.repository.transaction(async (manager) => {
        // Read and locked in one statement, with the owner and the recipients' candidates.
        const access = await this.documents.asSender(principal.organizationId, id, manager, {
          lock: true,
          candidates: identifiers,
        });
        this.assertSendable(access.document);
        this.assertDistinct(recipients);
        const owner = await this.sendLocked(manager, access.document, recipients, actor, access.owner, access.candidates);
        const answer = await this.answerWithin(manager, () =>
          this.documents.detail({ document: access.document, side: 'sender' }, { owner, manager }),
        );
        return { document: access.document, owner, answer };
      }),
    );
    if (sent.answer) return sent.answer;
    // The row as committed (sendLocked keeps it in step with its updates): no need to read it again.
    return this.documents.detail({ document: sent.document, side: 'sender' }, { owner: sent.owner });
  }

  private assertSendable(document: DocumentRecord) {
    if (document.packageId) throw new DomainError(DocumentsErrorCode.DocumentInPackage, { packageId: document.packageId });
    if (!document.senderSignedAt) throw new DomainError(DocumentsErrorCode.DocumentNotSigned, { documentIds: [document.id] });
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
  ): Promise<{ document: DocumentRecord; owner: OrganizationSummary } | null> {
    const read = () => this.documents.asSender(organizationId, id, undefined, { candidates: [wanted.identifier] });
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
      await this.quota.assertMayCount(this.repository.plainManager, first.usage);
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

  assertDistinct(recipients: RecipientDto[]) {
    const seen = new Set<string>();
    recipients.forEach((r, i) => {
      if (seen.has(r.identifier)) throw invalid(`recipients.${i}.identifier`, 'each recipient may be named once');
      seen.add(r.identifier);
    });
  }

  // Two concurrent sends to the same BIN/IIN: the unique index decides, the loser gets the 409.
  async withUniqueGuard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(DocumentsErrorCode.DocumentRecipientExists);
      throw error;
    }
  }

  // Inside the caller's transaction, with the document row locked. Returns the sender's organization.
  async sendLocked(
    manager: EntityManager,
    document: DocumentRecord,
    recipients: RecipientDto[],
    actor: Actor,
    // The sender's organization and the recipients' candidates when the caller already read them.
    knownOwner?: OrganizationSummary,
    knownCandidates?: Candidates,
    // false: a replacement of a withdrawn recipient, neither asked of the quota nor put in the
    // ledger (the withdrawn recipient's entry already counts this sending; see replaceRecipient).
    counted = true,
  ): Promise<OrganizationSummary> {
    const owner = knownOwner ?? (await this.documents.ownerOf(document, manager));
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
      if (!organization) await this.links.issue(manager, document, owner, recipient);
    }
    return owner;
  }

  // The sending event for recipient `wanted` (request index i): the new recipient row and its
  // outgoing-ledger entry written with it, the usage the quota is asked about. Throws the
  // domain error when that recipient cannot be added.
  private recipientEvent(
    document: DocumentRecord,
    owner: OrganizationSummary,
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
      throw new DomainError(DocumentsErrorCode.DocumentRecipientExists, {
        identifier: wanted.identifier,
        documentId: document.id,
      });
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
      this.repository.transaction(async (manager) => {
        const access = await this.documents.asSender(principal.organizationId, id, manager, {
          lock: true,
          candidates: [wanted.identifier],
        });
        this.assertSendable(access.document);
        const old = await this.recipients.lock(manager, recipientId, access.document.id);
        if (!old) throw notFound();
        if (old.withdrawnAt) throw new DomainError(DocumentsErrorCode.DocumentRecipientWithdrawn, { recipientId });
        if (hasAnswered(old)) {
          throw new DomainError(DocumentsErrorCode.DocumentRecipientAnswered, {
            recipientId,
            response: old.response,
            annulment: old.annulment,
          });
        }
        const now = this.clock.now();
        await this.recipients.revokeLinks(manager, recipientId, now);
        await this.recipients.withdraw(manager, recipientId, now);
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
          this.documents.detail({ document: access.document, side: 'sender' }, { owner, manager }),
        );
        return { document: access.document, owner, answer };
      }),
    );
    return sent.answer ?? this.documents.detail({ document: sent.document, side: 'sender' }, { owner: sent.owner });
  }

  // Under an Idempotency-Key: the answer, read and stored inside the change's own transaction, so
  // that a retry after a crash that followed the commit is replayed. Otherwise undefined.
  async answerWithin<T>(manager: EntityManager, read: () => Promise<T>): Promise<T | undefined> {
    if (!this.idempotency.isPending()) return undefined;
    const answer = await read();
    await this.idempotency.completeWithin(manager, answer);
    return answer;
  }
}
