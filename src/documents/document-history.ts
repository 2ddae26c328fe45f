import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { OrganizationEventsService, OrganizationEventType } from '../integrations/organization-events.service';
import { DocumentEvent } from './entities/document-event.entity';
import { DocumentsRepository } from './documents.repository';
import { DocumentRecord } from './entities/document.entity';

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
}

// The document columns an event may change (NewEvent.documentChanges).
const CHANGEABLE = ['senderSignedAt', 'sentAt'] as const;

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
    // The document's counter (and the columns that change with this event) and the event row in
    // one statement: one round trip instead of two.
    const changes = CHANGEABLE.filter((column) => event.documentChanges?.[column] !== undefined);
    await manager.query(
      `WITH document AS (
         UPDATE documents SET "lastEventSeq" = $3${changes.map((column, i) => `, "${column}" = $${14 + i}`).join('')}
          WHERE id = $2
       )
       INSERT INTO document_events (id, "documentId", seq, type, "recipientId", "actorOrganizationId", "actorUserId",
                                    "actorLabel", "signatureId", reason, statement, data, "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        row.id,
        row.documentId,
        row.seq,
        row.type,
        row.recipientId,
        row.actorOrganizationId,
        row.actorUserId,
        row.actorLabel,
        row.signatureId,
        row.reason,
        row.statement,
        JSON.stringify(row.data),
        row.createdAt,
        ...changes.map((column) => event.documentChanges![column]),
      ],
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
