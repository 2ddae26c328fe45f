import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeIdCursor } from '../../common/http/pagination';
import type { Box, ListDocumentsQuery } from '../dto';
import { DocumentRecipient } from '../entities/document-recipient.entity';
import type { DocumentFieldsView } from '../document-views';
import { recipientNameSql } from './recipient-name';

// LIKE pattern for a literal substring: %, _ and the escape character itself lose their meaning.
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// The fields of a document a list carries: not the file's name and hash.
export type ListedFields = Omit<DocumentFieldsView, 'fileName' | 'sha256' | 'sender'>;

// A row of the list query: the listed fields as the database gives them (size is a bigint, a
// string), with the sender's columns flat.
export interface ListRow extends Omit<ListedFields, 'size'> {
  size: string;
  ownerOrganizationId: string;
  ownerIdentifier: string;
  ownerName: string;
}

// The date a list shows for a document: the date written on it, else the day it was uploaded as
// a calendar day in Kazakhstan (Asia/Almaty), so an upload at 23:30 on 31 December is in
// December whatever the server's zone. The date filters compare this very date: filtering on the
// document date alone dropped every document without one although the list showed it a date.
const LISTED_DATE = `COALESCE(d."documentDate", (d."createdAt" AT TIME ZONE 'Asia/Almaty')::date)`;

// Builds positional parameters for hand-written SQL.
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

// The SQL of the lists (document-lists.service.ts makes the views). Every condition is scoped to
// the caller's organization.
@Injectable()
export class DocumentListsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private mine(org: string, condition = 'TRUE'): string {
    return `EXISTS (SELECT 1 FROM document_recipients m WHERE m."documentId" = d.id AND m."recipientOrganizationId" = ${org} AND m."withdrawnAt" IS NULL AND ${condition})`;
  }

  // What is waiting for this organization's signature: incoming documents it has not answered,
  // and annulment offers made to it by the other side. Its own drafts are not (the Drafts box
  // lists them): a draft is work to finish, not someone waiting for an answer, and counting
  // them made the "awaiting my signature" badge grow with every upload.
  private awaitingCondition(org: string): string {
    return `(
      (d."ownerOrganizationId" = ${org} AND EXISTS (SELECT 1 FROM document_recipients x WHERE x."documentId" = d.id AND x.annulment = 'offered_by_recipient'))
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

  // One page (and one more row, which tells whether there is a next page) of a box, newest first,
  // with keyset pagination on (createdAt, id).
  async listRows(organizationId: string, query: ListDocumentsQuery): Promise<ListRow[]> {
    const p = new Params();
    const org = p.add(organizationId);
    const where = this.filters(p, org, query);
    return this.dataSource.query(
      `SELECT d.id, d.title, d.kind, d.number, to_char(d."documentDate", 'YYYY-MM-DD') AS "documentDate", d."amountMinor"::text AS "amountMinor",
              d.currency, d.tags, d."contentType", d.size::text AS size, d."packageId", d."ownerOrganizationId",
              o.identifier AS "ownerIdentifier", o.name AS "ownerName", d."senderSignedAt", d."sentAt", d."createdAt"
       FROM documents d JOIN organizations o ON o.id = d."ownerOrganizationId"
       WHERE ${where.join(' AND ')}
       ORDER BY d."createdAt" DESC, d.id DESC
       LIMIT ${p.add(query.limit + 1)}`,
      p.values,
    ) as Promise<ListRow[]>;
  }

  // The WHERE conditions of a list query: the box, then each filter asked for.
  private filters(p: Params, org: string, query: ListDocumentsQuery): string[] {
    const where = [this.boxCondition(org, query.box), 'd."deletedAt" IS NULL'];
    if (query.kind) where.push(`d.kind = ${p.add(query.kind)}`);
    if (query.dateFrom) where.push(`${LISTED_DATE} >= ${p.add(query.dateFrom.slice(0, 10))}::date`);
    if (query.dateTo) where.push(`${LISTED_DATE} <= ${p.add(query.dateTo.slice(0, 10))}::date`);
    if (query.status) {
      const status = p.add(query.status);
      where.push(`(
        (d."ownerOrganizationId" = ${org} AND (
          (${status} = 'draft' AND d."sentAt" IS NULL AND d."senderSignedAt" IS NULL)
          OR (${status} = 'signed_by_sender' AND d."sentAt" IS NULL AND d."senderSignedAt" IS NOT NULL)
          OR EXISTS (SELECT 1 FROM document_recipients x WHERE x."documentId" = d.id AND x."withdrawnAt" IS NULL AND x.status = ${status})))
        OR ${this.mine(org, `m.status = ${status}`)})`);
    }
    if (query.counterparty) {
      // A whole BIN/IIN is compared as it is (the unique index on (document, identifier)); fewer
      // digits match anywhere in it, as the user typed them.
      const whole = query.counterparty.length === 12;
      const cp = p.add(whole ? query.counterparty : containsPattern(query.counterparty));
      const matches = (column: string) => (whole ? `${column} = ${cp}` : `${column} LIKE ${cp} ESCAPE '\\'`);
      where.push(`(
        (d."ownerOrganizationId" = ${org} AND EXISTS (SELECT 1 FROM document_recipients x WHERE x."documentId" = d.id AND ${matches('x.identifier')}))
        OR (${this.mine(org)} AND ${matches('o.identifier')}))`);
    }
    if (query.q) {
      // Title, number, tags, and the counterparty: for a received document its sender (name,
      // BIN/IIN); for a sent one each recipient (BIN/IIN, registered organization's name, or the
      // name on the certificate an unregistered recipient signed with). Always within the
      // caller's documents (the box condition above), which the (owner, createdAt) and
      // (recipient organization, createdAt) indexes find; the text is then checked on those rows.
      const q = p.add(containsPattern(query.q));
      const like = (column: string) => `${column} ILIKE ${q} ESCAPE '\\'`;
      where.push(`(
        ${like('d.title')} OR ${like('d.number')}
        OR EXISTS (SELECT 1 FROM unnest(d.tags) tag WHERE ${like('tag')})
        OR (d."ownerOrganizationId" <> ${org} AND (${like('o.name')} OR ${like('o.identifier')}))
        OR (d."ownerOrganizationId" = ${org} AND EXISTS (
          SELECT 1 FROM document_recipients x LEFT JOIN organizations xo ON xo.id = x."recipientOrganizationId"
          WHERE x."documentId" = d.id AND (${like('x.identifier')} OR ${like('xo.name')}
            OR EXISTS (SELECT 1 FROM document_signatures s WHERE s."documentId" = d.id AND s."recipientId" = x.id AND ${like('s."signerName"')})))))`);
    }
    const afterId = decodeIdCursor(query.cursor);
    if (afterId) {
      where.push(`(d."createdAt", d.id) < (SELECT c."createdAt", c.id FROM documents c WHERE c.id = ${p.add(afterId)})`);
    }
    return where;
  }

  // The recipient rows of the listed documents with each one's name (RecipientView.name).
  async recipientsOf(ids: string[]): Promise<(DocumentRecipient & { name: string | null })[]> {
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(DocumentRecipient, 'r')
      .addSelect(recipientNameSql('r'), 'recipient_name')
      .where('r."documentId" IN (:...ids)', { ids })
      .orderBy('r."createdAt"', 'ASC')
      .getRawAndEntities<{ r_id: string; recipient_name: string | null }>();
    const names = new Map(raw.map((row) => [row.r_id, row.recipient_name]));
    return entities.map((r) => Object.assign(r, { name: names.get(r.id) ?? null }));
  }

  async counters(organizationId: string): Promise<{ unreadIncoming: number; awaitingMySignature: number }> {
    const p = new Params();
    const org = p.add(organizationId);
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM document_recipients r
            WHERE r."recipientOrganizationId" = ${org} AND r."withdrawnAt" IS NULL AND r."openedAt" IS NULL AND r.annulment <> 'accepted') AS "unreadIncoming",
         (SELECT count(*)::int FROM documents d WHERE ${this.awaitingCondition(org)}) AS "awaitingMySignature"`,
      p.values,
    )) as { unreadIncoming: number; awaitingMySignature: number }[];
    return row;
  }
}
