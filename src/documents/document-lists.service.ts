import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeIdCursor, encodeCursor, Page } from '../common/http/pagination';
import type { TenantPrincipal } from '../common/security/principal';
import type { Box, ListDocumentsQuery } from './dto';
import { DocumentRecipient } from './entities/document-recipient.entity';
import { DocumentFieldsView, DocumentSenderView, presentRecipient, RecipientView, Side } from './documents.service';
import { documentRollUp, RollUpStatus } from './status';

// LIKE pattern for a literal substring: %, _ and the escape character itself lose their meaning.
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// The fields of a document (documents.service.ts) a list carries: not the file's name and hash.
type ListedFields = Omit<DocumentFieldsView, 'fileName' | 'sha256' | 'sender'>;

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

// A row of the list query: the listed fields as the database gives them (size is a bigint, a
// string), with the sender's columns flat.
interface ListRow extends Omit<ListedFields, 'size'> {
  size: string;
  ownerOrganizationId: string;
  ownerIdentifier: string;
  ownerName: string;
}

// Builds positional parameters for hand-written SQL.
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

// Inbox, outbox, drafts and "awaiting my signature", newest first, with keyset pagination on
// (createdAt, id). Every condition is scoped to the caller's organization.
@Injectable()
export class DocumentListsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private mine(org: string, condition = 'TRUE'): string {
    return `EXISTS (SELECT 1 FROM document_recipients m WHERE m."documentId" = d.id AND m."recipientOrganizationId" = ${org} AND m."withdrawnAt" IS NULL AND ${condition})`;
  }

  // What is waiting for this organization's signature: its unsigned drafts, incoming documents
  // it has not answered, and annulment offers made to it by the other side.
  private awaitingCondition(org: string): string {
    return `(
      (d."ownerOrganizationId" = ${org} AND d."sentAt" IS NULL AND d."senderSignedAt" IS NULL)
      OR (d."ownerOrganizationId" = ${org} AND EXISTS (SELECT 1 FROM document_recipients x WHERE x."documentId" = d.id AND x.annulment = 'offered_by_recipient'))
      OR ${this.mine(org, `((m.response = 'awaiting' AND m.annulment IN ('none', 'rejected')) OR m.annulment = 'offered_by_sender')`)}
    )`;
  }

  private boxCondition(org: string, box: Box): string {
    switch (box) {
      case 'inbox':
        return this.mine(org);
      case 'outbox':
        return `(d."ownerOrganizationId" = ${org} AND d."sentAt" IS NOT NULL)`;
      case 'drafts':
        return `(d."ownerOrganizationId" = ${org} AND d."sentAt" IS NULL)`;
      case 'awaiting_my_signature':
        return this.awaitingCondition(org);
    }
  }

  async list(principal: TenantPrincipal, query: ListDocumentsQuery): Promise<Page<DocumentListItemView>> {
    const p = new Params();
    const org = p.add(principal.organizationId);
    const where = [this.boxCondition(org, query.box)];
    if (query.kind) where.push(`d.kind = ${p.add(query.kind)}`);
    if (query.dateFrom) where.push(`d."documentDate" >= ${p.add(query.dateFrom.slice(0, 10))}`);
    if (query.dateTo) where.push(`d."documentDate" <= ${p.add(query.dateTo.slice(0, 10))}`);
    if (query.status) {
      const status = p.add(query.status);
      where.push(`(
        (d."ownerOrganizationId" = ${org} AND (
          (${status} = 'draft' AND d."sentAt" IS NULL AND d."senderSignedAt" IS NULL)
          OR (${status} = 'signed_by_sender' AND d."sentAt" IS NULL AND d."senderSignedAt" IS NOT NULL)
          OR EXISTS (SELECT 1 FROM document_recipients x WHERE x."documentId" = d.id AND x.status = ${status})))
        OR ${this.mine(org, `m.status = ${status}`)})`);
    }
    if (query.counterparty) {
      const cp = p.add(query.counterparty);
      where.push(`(
        (d."ownerOrganizationId" = ${org} AND EXISTS (SELECT 1 FROM document_recipients x WHERE x."documentId" = d.id AND x.identifier = ${cp}))
        OR (${this.mine(org)} AND o.identifier = ${cp}))`);
    }
    if (query.q) {
      const q = p.add(containsPattern(query.q));
      where.push(`(
        d.title ILIKE ${q} ESCAPE '\\' OR d.number ILIKE ${q} ESCAPE '\\'
        OR (d."ownerOrganizationId" <> ${org} AND o.name ILIKE ${q} ESCAPE '\\')
        OR (d."ownerOrganizationId" = ${org} AND EXISTS (
          SELECT 1 FROM document_recipients x JOIN organizations xo ON xo.id = x."recipientOrganizationId"
          WHERE x."documentId" = d.id AND xo.name ILIKE ${q} ESCAPE '\\')))`);
    }
    const afterId = decodeIdCursor(query.cursor);
    if (afterId) {
      where.push(`(d."createdAt", d.id) < (SELECT c."createdAt", c.id FROM documents c WHERE c.id = ${p.add(afterId)})`);
    }
    const rows: ListRow[] = await this.dataSource.query(
      `SELECT d.id, d.title, d.kind, d.number, to_char(d."documentDate", 'YYYY-MM-DD') AS "documentDate", d."amountMinor"::text AS "amountMinor",
              d.currency, d.tags, d."contentType", d.size::text AS size, d."packageId", d."ownerOrganizationId",
              o.identifier AS "ownerIdentifier", o.name AS "ownerName", d."senderSignedAt", d."sentAt", d."createdAt"
       FROM documents d JOIN organizations o ON o.id = d."ownerOrganizationId"
       WHERE ${where.join(' AND ')}
       ORDER BY d."createdAt" DESC, d.id DESC
       LIMIT ${p.add(query.limit + 1)}`,
      p.values,
    );
    const page = rows.slice(0, query.limit);
    const recipients = page.length
      ? await this.dataSource.manager
          .createQueryBuilder(DocumentRecipient, 'r')
          .where('r."documentId" IN (:...ids)', { ids: page.map((r) => r.id) })
          .orderBy('r."createdAt"', 'ASC')
          .getMany()
      : [];
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

  async counters(principal: TenantPrincipal): Promise<DocumentCountersView> {
    const p = new Params();
    const org = p.add(principal.organizationId);
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM document_recipients r
            WHERE r."recipientOrganizationId" = ${org} AND r."withdrawnAt" IS NULL AND r."openedAt" IS NULL AND r.annulment <> 'accepted') AS "unreadIncoming",
         (SELECT count(*)::int FROM documents d WHERE ${this.awaitingCondition(org)}) AS "awaitingMySignature"`,
      p.values,
    )) as DocumentCountersView[];
    return row;
  }
}
