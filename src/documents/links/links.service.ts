import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/errors/domain.error';
import { ActingParty, DocumentActionsService } from '../document-actions.service';
import { DocumentView } from '../document-views';
import { DocumentsService } from '../documents.service';
import { hashToken } from './recipient-links.service';
import { ActionDto, StatementRequestDto } from '../dto';
import { ReceiptStatus } from '../entities/document-recipient.entity';
import type { DocumentRecord } from '../entities/document.entity';
import type { RecipientLink } from '../entities/recipient-link.entity';
import { RecipientsRepository } from '../persistence/recipients.repository';
import type { DocumentAction } from '../status';
import { DocumentsErrorCode } from '../documents.errors';

// A link token: 32 random bytes, base64url.
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

// The document as the recipient the link stands for sees it, with the link's own terms.
export interface LinkedDocumentView extends DocumentView {
  link: { expiresAt: Date; recipientId: string };
}

// The outsider's side of the flow: a link token stands for one recipient of one document. It
// reads, downloads and acts like a registered recipient would; signing still needs a
// certificate of the addressed BIN/IIN.
@Injectable()
export class LinksService {
  constructor(
    private readonly recipients: RecipientsRepository,
    private readonly documents: DocumentsService,
    private readonly actions: DocumentActionsService,
    private readonly clock: Clock,
  ) {}

  async resolve(token: string): Promise<ActingParty & { link: RecipientLink }> {
    if (!LINK_TOKEN.test(token)) throw new DomainError(DocumentsErrorCode.LinkNotFound);
    const link = await this.recipients.findLinkByTokenHash(hashToken(token));
    if (!link) throw new DomainError(DocumentsErrorCode.LinkNotFound);
    if (link.revokedAt) throw new DomainError(DocumentsErrorCode.LinkRevoked);
    const now = this.clock.now();
    if (link.expiresAt.getTime() <= now.getTime())
      throw new DomainError(DocumentsErrorCode.LinkExpired, { expiredAt: link.expiresAt });
    await this.recipients.touchLink(link.id, now);
    const { recipient, document } = await this.recipients.linkTarget(link);
    return {
      link,
      document,
      recipient,
      side: 'recipient',
      actor: { organizationId: null, userId: null, label: `link:${recipient.identifier}`, linkId: link.id },
    };
  }

  async view(token: string): Promise<LinkedDocumentView> {
    let party = await this.resolve(token);
    if (party.recipient.receipt === ReceiptStatus.None) {
      await this.documents.recordReceipt(party.document.id, party.recipient.id, ReceiptStatus.Delivered, party.actor);
      party = await this.resolve(token);
    }
    const detail = await this.documents.detail(
      { document: party.document, side: 'recipient', recipient: party.recipient },
      { withReports: true },
    );
    return { ...detail, link: { expiresAt: party.link.expiresAt, recipientId: party.recipient.id } };
  }

  async content(token: string): Promise<{ document: DocumentRecord; body: Readable }> {
    const party = await this.resolve(token);
    if (!party.recipient.openedAt) {
      await this.documents.recordReceipt(party.document.id, party.recipient.id, ReceiptStatus.Opened, party.actor);
    }
    return { document: party.document, body: await this.documents.openContent(party.document) };
  }

  async statement(token: string, dto: StatementRequestDto) {
    return this.actions.issueStatement(await this.resolve(token), dto.action, dto.reason);
  }

  async act(token: string, action: DocumentAction, dto: ActionDto) {
    return this.actions.act(await this.resolve(token), action, dto);
  }
}
