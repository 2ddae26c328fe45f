import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Clock } from '../common/clock';
import { OrganizationEventsService, OrganizationEventType } from '../integrations/organization-events.service';
import { DocumentEvent } from './entities/document-event.entity';
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

// Appends to a document's immutable history and to the participants' event feeds, inside the
// caller's transaction. The caller must hold the document row lock (lockDocument): the event
// number is the document's lastEventSeq + 1.
@Injectable()
export class DocumentHistory {
  constructor(
    private readonly feed: OrganizationEventsService,
    private readonly clock: Clock,
  ) {}

  async lockDocument(manager: EntityManager, documentId: string): Promise<DocumentRecord | null> {
    return manager.getRepository(DocumentRecord).findOne({ where: { id: documentId }, lock: { mode: 'pessimistic_write' } });
  }

  async append(manager: EntityManager, document: DocumentRecord, actor: Actor, event: NewEvent): Promise<DocumentEvent> {
    Object.assign(document, event.documentChanges, { lastEventSeq: document.lastEventSeq + 1 });
    await manager.update(DocumentRecord, { id: document.id }, { ...event.documentChanges, lastEventSeq: document.lastEventSeq });
    // insert, not save: the row is new (its id is set here), so save()'s read-before-write is a wasted round trip.
    const row = manager.create(DocumentEvent, {
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
    // TypeORM's insert typing cannot express a free-form jsonb column (data); the row is a complete entity.
    await manager.insert(DocumentEvent, row as QueryDeepPartialEntity<DocumentEvent>);
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
