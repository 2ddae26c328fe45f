import { Injectable } from '@nestjs/common';
import { encodeCursor, Page } from '../common/http/pagination';
import type { TenantPrincipal } from '../common/security/principal';
import type { ListDocumentsQuery } from './dto';
import type { Side } from './document-access';
import { DocumentSenderView, presentRecipient, RecipientView } from './document-views';
import { DocumentListsRepository, ListedFields } from './persistence/document-lists.repository';
import { documentRollUp, RollUpStatus } from './status';

// One document of a list: its fields without the file's name and hash, with the caller's side,
// the roll-up status, whether the caller (a recipient) has yet to open it, and the recipients it
// may see (all of them for the sender, its own row for a recipient).
export interface DocumentListItemView extends ListedFields {
  side: Side;
  sender: DocumentSenderView;
  status: RollUpStatus;
  unread: boolean;
  recipients: RecipientView[];
}

export interface DocumentCountersView {
  // Incoming documents not opened yet (annulled ones aside).
  unreadIncoming: number;
  // What the awaiting_my_signature box lists.
  awaitingMySignature: number;
}

// Inbox, outbox, drafts and "awaiting my signature", newest first, with keyset pagination on
// (createdAt, id) (the queries: persistence/document-lists.repository.ts).
@Injectable()
export class DocumentListsService {
  constructor(private readonly repository: DocumentListsRepository) {}

  async list(principal: TenantPrincipal, query: ListDocumentsQuery): Promise<Page<DocumentListItemView>> {
    const rows = await this.repository.listRows(principal.organizationId, query);
    const page = rows.slice(0, query.limit);
    const recipients = page.length ? await this.repository.recipientsOf(page.map((r) => r.id)) : [];
    const items = page.map((row): DocumentListItemView => {
      const own = row.ownerOrganizationId === principal.organizationId;
      const visible = recipients.filter(
        (r) => r.documentId === row.id && (own || (r.recipientOrganizationId === principal.organizationId && !r.withdrawnAt)),
      );
      // A replaced recipient is listed to the sender but no longer counts in the roll-up.
      const statuses = visible.filter((r) => !r.withdrawnAt).map((r) => r.status as RollUpStatus);
      return {
        id: row.id,
        title: row.title,
        kind: row.kind,
        number: row.number,
        documentDate: row.documentDate,
        amountMinor: row.amountMinor,
        currency: row.currency,
        tags: row.tags,
        contentType: row.contentType,
        size: Number(row.size),
        packageId: row.packageId,
        side: own ? 'sender' : 'recipient',
        sender: { organizationId: row.ownerOrganizationId, identifier: row.ownerIdentifier, name: row.ownerName },
        status: own ? documentRollUp(row.senderSignedAt !== null, statuses) : statuses[0],
        unread: !own && visible[0]?.openedAt === null,
        senderSignedAt: row.senderSignedAt,
        sentAt: row.sentAt,
        createdAt: row.createdAt,
        recipients: visible.map(presentRecipient),
      };
    });
    return {
      items,
      nextCursor: rows.length > query.limit && page.length ? encodeCursor({ id: page[page.length - 1].id }) : null,
    };
  }

  counters(principal: TenantPrincipal): Promise<DocumentCountersView> {
    return this.repository.counters(principal.organizationId);
  }
}
