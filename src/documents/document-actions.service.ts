import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { AppConfig } from '../config/app-config';
import { Actor, DocumentHistory, ImpliedEvent, NewEvent, throwNotFound } from './persistence/document-history';
import { DocumentsRepository } from './persistence/documents.repository';
import type { Side } from './document-access';
import { presentRecipient, presentSignature, RecipientView, SignatureView } from './document-views';
import { DocumentsService } from './documents.service';
import { ActionDto } from './dto';
import { AnnulmentStatus, DocumentRecipient, ReceiptStatus, ResponseStatus } from './entities/document-recipient.entity';
import { DocumentSignature, SignatureRole, SignedContent } from './entities/document-signature.entity';
import { DocumentStatement } from './entities/document-statement.entity';
import { DocumentRecord } from './entities/document.entity';
import { PackagesRepository } from './persistence/packages.repository';
import { RecipientsRepository } from './persistence/recipients.repository';
import { StatementsRepository } from './persistence/statements.repository';
import type { OrganizationSummary } from '../identity';
import { DEFAULT_SIGNING_POLICY, SigningPolicyRules } from './signing-policy';
import { AcceptedSignature, SignatureAcceptanceService, SignedBytes } from './signature-acceptance.service';
import { SigningPolicyService } from './signing-policy.service';
import { formatStatement, newNonce, parseStatement } from './statement';
import { DocumentAction, REASON_REQUIRED, recipientRollUp, transition } from './status';
import { CommonErrorCode } from '../common/errors/common.errors';
import { DocumentsErrorCode } from './documents.errors';

const invalid = (field: string, problem: string) =>
  new DomainError(CommonErrorCode.ValidationFailed, { fields: [{ field, problems: [problem] }] });

// Who acts on which recipient row of which document, established by the caller (a tenant's
// session/API key, or an outsider's link).
export interface ActingParty {
  document: DocumentRecord;
  side: Side;
  recipient: DocumentRecipient;
  actor: Actor;
  // Read with the document when the party is a tenant (spares reads before verification): the
  // sender's organization, and the signing rules of the acting organization.
  owner?: OrganizationSummary;
  rules?: SigningPolicyRules;
}

// A statement issued to be signed (the text exactly as it must be signed, also in base64).
export interface StatementView {
  action: Exclude<DocumentAction, 'sign'>;
  recipientId: string;
  statement: string;
  statementBase64: string;
  sha256: string;
  expiresAt: Date;
}

// A performed action: the recipient row as it now is, and the signature that performed it.
export interface ActionResultView {
  action: DocumentAction;
  recipient: RecipientView;
  signature: SignatureView;
}

// A statement sent back signed: its issued row, its text, and the reason it carries.
interface SignedStatement {
  row: DocumentStatement;
  text: string;
  reason: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// Recipient actions and annulment (PRODUCT.md §4): each is an immutable event signed by the
// actor — a CMS over the document (counter-signature) or over a server-issued statement — and is
// checked against the ADDRESSED BIN/IIN (recipient side) or the owner (sender side).
@Injectable()
export class DocumentActionsService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly acceptance: SignatureAcceptanceService,
    private readonly policies: SigningPolicyService,
    private readonly history: DocumentHistory,
    private readonly repository: DocumentsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly statements: StatementsRepository,
    private readonly packages: PackagesRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  // The recipient row a tenant acts on: its own (recipient side), or the one it names (sender).
  async partyOf(organizationId: string, actor: Actor, documentId: string, recipientId: string | undefined): Promise<ActingParty> {
    const access = await this.documents.access(organizationId, documentId);
    // The caller acts for its own organization (the recipient's, or the owner): its rules apply.
    const known = { owner: access.owner, rules: access.callerRules };
    if (access.side === 'recipient')
      return { document: access.document, side: 'recipient', recipient: access.recipient!, actor, ...known };
    if (!recipientId) throw invalid('recipientId', 'the sender must name the recipient the action concerns');
    const recipient = await this.recipients.findOfDocument(documentId, recipientId);
    if (!recipient) throw new DomainError(CommonErrorCode.NotFound);
    // A replaced recipient no longer takes part: nothing is done with it any more.
    if (recipient.withdrawnAt) throw new DomainError(DocumentsErrorCode.DocumentRecipientWithdrawn, { recipientId });
    return { document: access.document, side: 'sender', recipient, actor, ...known };
  }

  async issueStatement(
    party: ActingParty,
    action: Exclude<DocumentAction, 'sign'>,
    reason: string | undefined,
  ): Promise<StatementView> {
    const text = (reason ?? '').trim();
    if (REASON_REQUIRED.has(action) && !text) throw invalid('reason', `a reason is required to ${action.replace('_', ' ')}`);
    // Refuse now what would be refused at signing time: no point signing an impossible statement.
    transition(party.recipient, action, party.side);
    const owner = party.owner ?? (await this.documents.ownerOf(party.document));
    const issuedAt = this.clock.now();
    const statement = formatStatement({
      action,
      documentId: party.document.id,
      documentSha256: party.document.sha256,
      sender: owner.identifier,
      recipient: party.recipient.identifier,
      side: party.side,
      reason: text,
      issuedAt,
      nonce: newNonce(),
      service: this.config.http.publicUrl,
    });
    const expiresAt = new Date(issuedAt.getTime() + this.config.documents.statementTtlMs);
    await this.statements.insert({
      documentId: party.document.id,
      recipientId: party.recipient.id,
      action,
      side: party.side,
      actorOrganizationId: party.actor.organizationId,
      linkId: party.actor.linkId ?? null,
      textSha256: sha256Hex(statement),
      expiresAt,
      usedAt: null,
      createdAt: issuedAt,
    });
    return {
      action,
      recipientId: party.recipient.id,
      statement,
      statementBase64: Buffer.from(statement, 'utf8').toString('base64'),
      sha256: sha256Hex(statement),
      expiresAt,
    };
  }

  // The statement must be one issued to this very actor for this document, recipient, side and
  // action, unused and fresh.
  private async issuedStatement(party: ActingParty, action: DocumentAction, text: string): Promise<DocumentStatement> {
    const row = await this.statements.findByText(sha256Hex(text));
    const matches =
      row &&
      row.documentId === party.document.id &&
      row.recipientId === party.recipient.id &&
      row.action === action &&
      row.side === party.side &&
      row.actorOrganizationId === party.actor.organizationId &&
      (row.linkId ?? undefined) === party.actor.linkId;
    if (!row || !matches) throw new DomainError(DocumentsErrorCode.DocumentStatementInvalid, { action });
    if (row.usedAt) throw new DomainError(DocumentsErrorCode.DocumentStatementUsed);
    if (row.expiresAt.getTime() <= this.clock.now().getTime()) throw new DomainError(DocumentsErrorCode.DocumentStatementExpired);
    return row;
  }

  async act(party: ActingParty, action: DocumentAction, dto: ActionDto): Promise<ActionResultView> {
    const { document, recipient, side } = party;
    let statement: SignedStatement | undefined;
    let bytes: SignedBytes;
    if (action === 'sign') {
      // Fail fast, before the (costly) verification; re-checked under the lock below.
      transition(recipient, action, side);
      bytes = { open: () => this.documents.openContent(document), sha256: document.sha256, objectKey: document.objectKey };
    } else {
      statement = await this.signedStatement(party, action, dto);
      const text = Buffer.from(statement.text, 'utf8');
      bytes = { open: async () => Readable.from([text]), sha256: sha256Hex(statement.text) };
    }
    let owner = party.owner;
    const accepted = await this.acceptance.accept(dto.cms, bytes, {
      identifier: async () => {
        owner ??= await this.documents.ownerOf(document);
        return side === 'recipient' ? recipient.identifier : owner.identifier;
      },
      allowedRoles: async () => (action === 'receipt' ? null : (await this.rulesOf(party, owner!))[document.kind]),
      kind: document.kind,
    });
    return this.record(party, action, statement, accepted, owner!);
  }

  // The statement the action signs, as the client sent it back: issued to this actor for this
  // action, unused, fresh, and one the service wrote.
  private async signedStatement(party: ActingParty, action: DocumentAction, dto: ActionDto): Promise<SignedStatement> {
    const text = dto.statement ?? (dto.statementBase64 ? Buffer.from(dto.statementBase64, 'base64').toString('utf8') : undefined);
    if (!text) throw invalid('statement', 'the signed statement text is required for this action');
    const row = await this.issuedStatement(party, action, text);
    transition(party.recipient, action, party.side);
    const fields = parseStatement(text);
    if (!fields) throw new DomainError(DocumentsErrorCode.DocumentStatementInvalid, { action });
    return { row, text, reason: fields.reason };
  }

  // The acting organization's rules: the sender's or the registered recipient's (an unregistered
  // recipient: the default policy).
  private async rulesOf(party: ActingParty, owner: OrganizationSummary): Promise<SigningPolicyRules> {
    const actingOrganization = party.side === 'sender' ? owner.id : party.recipient.recipientOrganizationId;
    return party.rules ?? (actingOrganization ? await this.policies.policyOf(actingOrganization) : DEFAULT_SIGNING_POLICY);
  }

  // Stores the accepted signature with the action's event (and its package's, for a refusal or
  // correction request of an all-or-nothing package).
  private async record(
    party: ActingParty,
    action: DocumentAction,
    statement: SignedStatement | undefined,
    accepted: AcceptedSignature,
    owner: OrganizationSummary,
  ): Promise<ActionResultView> {
    const { document, recipient, side } = party;
    const eventId = randomUUID();
    const signatureOf = (row: DocumentRecipient) =>
      this.acceptance.signatureRow(accepted, {
        documentId: document.id,
        eventId,
        recipientId: row.id,
        organizationId: side === 'sender' ? owner.id : row.recipientOrganizationId,
        role: side === 'sender' ? SignatureRole.Sender : SignatureRole.Recipient,
        signedContent: statement ? SignedContent.Statement : SignedContent.Document,
        action,
      });
    const eventOf = (row: DocumentRecipient, signature: DocumentSignature) =>
      this.nextEvent(row, action, party, {
        eventId,
        signature,
        signatureId: signature.id,
        reason: statement?.reason || null,
        statement: statement?.text ?? null,
        ownerId: owner.id,
        data: this.acceptance.evidenceData(accepted),
      });
    const answer = (row: DocumentRecipient, signature: DocumentSignature): ActionResultView => ({
      action,
      recipient: presentRecipient(row),
      signature: presentSignature(signature),
    });

    // A counter-signature (or any answer that is this one event) is one guarded statement
    // against the document and recipient row as read; when other events came first, they are
    // read again and the transition decided again.
    const propagates = (action === 'refuse' || action === 'request_correction') && document.packageId;
    if (!statement && !propagates) {
      let signature!: DocumentSignature;
      const written = await this.history.appendGuarded(
        { document, recipient },
        party.actor,
        (current) => {
          signature = signatureOf(current.recipient);
          return eventOf(current.recipient, signature);
        },
        () => this.repository.findDocumentAndRecipient(document.id, recipient.id),
      );
      if (written) return answer(written.recipient, signature);
    }

    // Otherwise (a statement to consume, a package to follow, or a race lost several times): in
    // a transaction holding the document row lock.
    return this.repository.transaction(async (manager) => {
      const locked = (await this.history.lockDocument(manager, document.id)) ?? throwNotFound();
      if (statement) {
        const consumed = await this.statements.consume(manager, statement.row.id, this.clock.now());
        if (!consumed) throw new DomainError(DocumentsErrorCode.DocumentStatementUsed);
      }
      const row = await this.lockRecipient(manager, recipient.id);
      const signature = signatureOf(row);
      await this.history.append(manager, locked, party.actor, eventOf(row, signature));
      // A closed package is refused (or sent back for correction) as a whole.
      if (propagates) {
        await this.propagateToPackage(manager, locked, row, action, party, signature.id, statement?.reason ?? null, owner.id);
      }
      return answer(row, signature);
    });
  }

  private async lockRecipient(manager: EntityManager, id: string): Promise<DocumentRecipient> {
    return this.recipients.lockOrFail(manager, id);
  }

  // The event of `action` on `row` (its new state applied to `row`): the transition is decided
  // here, from the row as the caller now holds it.
  private nextEvent(
    row: DocumentRecipient,
    action: DocumentAction,
    party: ActingParty,
    event: {
      eventId?: string;
      // A new signature row, written with the event (absent: the event cites one stored already).
      signature?: DocumentSignature;
      signatureId: string;
      reason: string | null;
      statement: string | null;
      ownerId: string;
      data?: Record<string, unknown>;
    },
  ): NewEvent {
    const next = transition(row, action, party.side);
    const now = this.clock.now();
    const notify = [event.ownerId, row.recipientOrganizationId];
    // An answer by a recipient who never fetched (or downloaded) the document records its
    // delivery and opening too, with the same events as the explicit reads (recordReceipt), in
    // this event's statement: each once, since each is written only when its time is first set.
    const implied: ImpliedEvent[] = [];
    if (next.axes.receipt !== row.receipt) {
      if (!row.deliveredAt) {
        row.deliveredAt = now;
        implied.push({ type: 'document.delivered', recipientId: row.id, notify });
      }
      if (next.axes.receipt !== ReceiptStatus.Delivered && !row.openedAt) {
        row.openedAt = now;
        implied.push({ type: 'document.opened', recipientId: row.id, notify });
      }
      if (next.axes.receipt === ReceiptStatus.ReceiptSigned) row.receiptSignedAt = now;
    }
    if (next.axes.response !== row.response) row.respondedAt = now;
    if (next.axes.annulment !== row.annulment) row.annulmentChangedAt = now;
    Object.assign(row, next.axes);
    if (event.reason) row.lastReason = event.reason;
    row.status = recipientRollUp(row);
    // Every column's new value, written by the event's statement (updatedAt by the database; not
    // read back, nothing presents it).
    return {
      ...(event.eventId && { id: event.eventId }),
      type: next.eventType,
      recipientId: row.id,
      ...(event.signature && { signature: event.signature }),
      recipientChanges: {
        id: row.id,
        receipt: row.receipt,
        response: row.response,
        annulment: row.annulment,
        status: row.status,
        deliveredAt: row.deliveredAt,
        openedAt: row.openedAt,
        receiptSignedAt: row.receiptSignedAt,
        respondedAt: row.respondedAt,
        annulmentChangedAt: row.annulmentChangedAt,
        lastReason: row.lastReason,
      },
      signatureId: event.signatureId,
      reason: event.reason,
      statement: event.statement,
      data: { action, side: party.side, status: row.status, ...event.data },
      notify,
      implied,
    };
  }

  private async propagateToPackage(
    manager: EntityManager,
    document: DocumentRecord,
    row: DocumentRecipient,
    action: DocumentAction,
    party: ActingParty,
    signatureId: string,
    reason: string | null,
    ownerId: string,
  ) {
    const pack = await this.packages.find(manager, document.packageId!);
    if (!pack?.allOrNothing) return;
    const others = await this.packages.memberIds(manager, pack.id);
    for (const id of others.sort((a, b) => a.localeCompare(b))) {
      if (id === document.id) continue;
      const other = (await this.history.lockDocument(manager, id))!;
      const sibling = await this.recipients.lockByIdentifier(manager, id, row.identifier);
      // Only parts still open for an answer follow; the others keep their own state.
      const open = [AnnulmentStatus.None, AnnulmentStatus.Rejected].includes(sibling?.annulment ?? AnnulmentStatus.Accepted);
      if (!sibling || sibling.response !== ResponseStatus.Awaiting || !open) continue;
      await this.history.append(
        manager,
        other,
        party.actor,
        this.nextEvent(sibling, action, party, {
          signatureId,
          reason,
          statement: null,
          ownerId,
          data: { packageId: pack.id, viaDocumentId: document.id },
        }),
      );
    }
  }
}
