import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { OrganizationEventsService, OrganizationEventType } from '../integrations/organization-events.service';
import { DocumentEvent } from './entities/document-event.entity';
import { DocumentRecipient } from './entities/document-recipient.entity';
import { DocumentSignature } from './entities/document-signature.entity';
import { DocumentsRepository } from './documents.repository';
import { DocumentRecord } from './entities/document.entity';
import { DOCUMENT_EVENT_COLUMNS, DOCUMENT_RECIPIENT_CHANGEABLE, DOCUMENT_SIGNATURE_COLUMNS } from './document-columns';

export interface Actor {
  // Null: an unregistered recipient acting through its e-mailed link.
  organizationId: string | null;
  userId: string | null;
  label: string;
  linkId?: string;
}

export interface NewEvent {
  type: OrganizationEventType;
  recipientId?: string | null;
  signatureId?: string | null;
  reason?: string | null;
  statement?: string | null;
  data?: Record<string, unknown>;
  // Organizations whose feed gets the event (the sender and the registered recipient).
  notify: readonly (string | null | undefined)[];
  // Another feed type for one organization (the recipient's feed says document.received when
  // the sender's says document.sent).
  feedTypeFor?: Readonly<Record<string, OrganizationEventType>>;
  id?: string;
  // Columns of the document row that change with this event: written in the same UPDATE as the
  // event counter (and applied to `document`), one round trip instead of two.
  documentChanges?: Partial<Pick<DocumentRecord, 'senderSignedAt' | 'sentAt'>>;
  // The signature this event records (a complete new row, its id set), inserted with the event.
  signature?: Omit<DocumentSignature, 'id'> & { id: string };
  // The new state of the recipient row the event changes (the caller holds its lock), written
  // with the event.
  recipientChanges?: RecipientChanges;
}

// The document columns an event may change (NewEvent.documentChanges).
const CHANGEABLE = ['senderSignedAt', 'sentAt'] as const;

export type RecipientChanges = Pick<DocumentRecipient, 'id' | (typeof DOCUMENT_RECIPIENT_CHANGEABLE)[number]>;

// Appends to a document's immutable history and to the participants' event feeds, inside the
// caller's transaction. The caller must hold the document row lock (lockDocument): the event
// number is the document's lastEventSeq + 1.
@Injectable()
export class DocumentHistory {
  constructor(
    private readonly feed: OrganizationEventsService,
    private readonly repository: DocumentsRepository,
    private readonly clock: Clock,
  ) {}

  async lockDocument(manager: EntityManager, documentId: string): Promise<DocumentRecord | null> {
    return this.repository.lockDocument(manager, documentId);
  }

  async append(manager: EntityManager, document: DocumentRecord, actor: Actor, event: NewEvent): Promise<DocumentEvent> {
    Object.assign(document, event.documentChanges, { lastEventSeq: document.lastEventSeq + 1 });
    const row = Object.assign(new DocumentEvent(), {
      id: event.id ?? randomUUID(),
      documentId: document.id,
      seq: document.lastEventSeq,
      type: event.type,
      recipientId: event.recipientId ?? null,
      actorOrganizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorLabel: actor.label.slice(0, 300),
      signatureId: event.signatureId ?? null,
      reason: event.reason ?? null,
      statement: event.statement ?? null,
      data: event.data ?? {},
      createdAt: this.clock.now(),
    });
    // The document's counter (and the columns that change with this event), the signature and
    // recipient row changes the event records, and the event row: one statement (data-modifying
    // CTEs; the foreign keys are checked at its end), one round trip instead of up to four.
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const changes = CHANGEABLE.filter((column) => event.documentChanges?.[column] !== undefined);
    const parts = [
      `document AS (UPDATE documents SET "lastEventSeq" = ${param(row.seq)}${changes
        .map((column) => `, "${column}" = ${param(event.documentChanges![column])}`)
        .join('')} WHERE id = ${param(document.id)})`,
    ];
    if (event.signature) {
      const values = DOCUMENT_SIGNATURE_COLUMNS.map((column) => {
        const value = event.signature![column];
        return param(column === 'report' ? JSON.stringify(value) : value);
      });
      parts.push(
        `signature AS (INSERT INTO document_signatures (${DOCUMENT_SIGNATURE_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${values.join(', ')}))`,
      );
    }
    if (event.recipientChanges) {
      const { id, ...set } = event.recipientChanges;
      const assignments = DOCUMENT_RECIPIENT_CHANGEABLE.map((column) => `"${column}" = ${param(set[column])}`);
      parts.push(
        `recipient AS (UPDATE document_recipients SET ${assignments.join(', ')}, "updatedAt" = CURRENT_TIMESTAMP WHERE id = ${param(id)})`,
      );
    }
    const eventValues = DOCUMENT_EVENT_COLUMNS.map((column) => param(column === 'data' ? JSON.stringify(row.data) : row[column]));
    await manager.query(
      `WITH ${parts.join(',\n')}
       INSERT INTO document_events (${DOCUMENT_EVENT_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${eventValues.join(', ')})`,
      params,
    );
    const organizations = [...new Set(event.notify.filter((id): id is string => !!id))];
    // recordAll takes the organizations' feed counters in one fixed order: two transactions that
    // touch the same two organizations (sender and recipient acting at once) cannot deadlock.
    await this.feed.recordAll(
      manager,
      organizations.map((organizationId) => ({
        organizationId,
        type: event.feedTypeFor?.[organizationId] ?? event.type,
        documentId: document.id,
        ...(event.recipientId && { recipientId: event.recipientId }),
        data: { eventSeq: row.seq, ...(event.reason && { reason: event.reason }), ...event.data },
      })),
    );
    return row;
  }
}
