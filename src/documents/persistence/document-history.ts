import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/errors/domain.error';
import { queryRows } from '../../common/persistence/query-rows';
import { FeedWriter, OrganizationEventType, StatementParam } from '../../integrations';
import type { OrganizationSummary } from '../../identity';
import { DocumentEvent } from '../entities/document-event.entity';
import { DocumentRecipient } from '../entities/document-recipient.entity';
import { DocumentSignature } from '../entities/document-signature.entity';
import { DocumentsRepository, INSERTED_DOCUMENT_COLUMNS } from './documents.repository';
import { DocumentRecord } from '../entities/document.entity';
import { DOCUMENT_EVENT_COLUMNS, DOCUMENT_RECIPIENT_CHANGEABLE, DOCUMENT_SIGNATURE_COLUMNS } from './document-columns';
import { CommonErrorCode } from '../../common/errors/common.errors';

export interface Actor {
  // Null: an unregistered recipient acting through its e-mailed link.
  organizationId: string | null;
  userId: string | null;
  label: string;
  linkId?: string;
}

// An event that another one implies, written before it in the same statement (same actor): a
// counter-signature or refusal by a recipient who never fetched the document records its delivery
// and opening too, as the explicit reads would have.
export interface ImpliedEvent {
  type: OrganizationEventType;
  recipientId?: string | null;
  notify: readonly (string | null | undefined)[];
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
  // Other data for one organization's feed entry (and so its webhooks) than the event's own:
  // a replaced recipient must not learn whom the document went to instead.
  feedDataFor?: Readonly<Record<string, Record<string, unknown>>>;
  id?: string;
  // Columns of the document row that change with this event: written in the same UPDATE as the
  // event counter (and applied to `document`), one round trip instead of two.
  documentChanges?: Partial<Pick<DocumentRecord, (typeof CHANGEABLE)[number]>>;
  // The event applies only while the document is in no package. Putting documents into a package
  // changes packageId without an event (createPackage, under the row lock), so the event counter
  // alone would not notice it between a guarded write's read and its statement.
  requireNoPackage?: boolean;
  // The signature this event records (a complete new row, its id set), inserted with the event.
  signature?: Omit<DocumentSignature, 'id'> & { id: string };
  // The new state of the recipient row the event changes (the caller holds its lock), written
  // with the event.
  recipientChanges?: RecipientChanges;
  // More parts of the event's statement (WITH-clause parts that select FROM document, so they
  // are written only with the event), e.g. the recipient row a sending event creates.
  parts?: (param: StatementParam) => string[];
  // Events this one implies, written just before it (consecutive seqs, same statement).
  implied?: readonly ImpliedEvent[];
}

// The document columns an event may change (NewEvent.documentChanges): the signing and sending
// times, a draft's metadata (document.edited) and its deletion (document.deleted).
const CHANGEABLE = [
  'senderSignedAt',
  'sentAt',
  'title',
  'kind',
  'number',
  'documentDate',
  'amountMinor',
  'currency',
  'tags',
  'deletedAt',
] as const;

export type RecipientChanges = Pick<DocumentRecipient, 'id' | (typeof DOCUMENT_RECIPIENT_CHANGEABLE)[number]>;

// The document (or its recipient row) is gone: the route's 404.
export const throwNotFound = (): never => {
  throw new DomainError(CommonErrorCode.NotFound);
};

// A guarded write found the document changed since it was read (another event came first).
export class DocumentChangedError extends Error {
  constructor(documentId: string) {
    super(`document ${documentId} changed while the event was written`);
  }
}

// Guarded writes (appendGuarded) tried before the caller takes the row lock instead: a document
// that many act on at once still gets every event written.
const GUARDED_ATTEMPTS = 3;

export interface AppendOptions {
  // The document row is new (lastEventSeq 0): the statement inserts it.
  insertDocument?: boolean;
  // Also read the owner organization (id, identifier, name, kind) in the same statement.
  readOwner?: boolean;
}

type OwnerSummary = OrganizationSummary;

// One event row to write, with whose feeds get it.
interface WrittenEvent {
  notify: readonly (string | null | undefined)[];
  feedTypeFor?: Readonly<Record<string, OrganizationEventType>>;
  feedDataFor?: Readonly<Record<string, Record<string, unknown>>>;
  row: DocumentEvent;
}

// Appends to a document's immutable history and to the participants' event feeds. Every append
// is one statement, guarded by the document's event counter: it applies only if the document's
// lastEventSeq is still the one the caller read, so an event is always computed from the
// document's current state. Two ways to hold that:
// - `append`, inside the caller's transaction with the document row locked (lockDocument): the
//   guard cannot fail; for changes that take several statements (send, packages, statements);
// - `appendIfUnchanged`, alone (its own implicit transaction), for a change that is this one
//   statement: no lock, no BEGIN/COMMIT round trips; when another event came first it writes
//   nothing and answers null, and the caller reads the document again and decides again.
@Injectable()
export class DocumentHistory {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feed: FeedWriter,
    private readonly repository: DocumentsRepository,
    private readonly clock: Clock,
  ) {}

  async lockDocument(manager: EntityManager, documentId: string): Promise<DocumentRecord | null> {
    return this.repository.lockDocument(manager, documentId);
  }

  async append(manager: EntityManager, document: DocumentRecord, actor: Actor, event: NewEvent): Promise<DocumentEvent> {
    const written = await this.write(manager, document, actor, event, {});
    if (!written) throw new DocumentChangedError(document.id);
    return written.event;
  }

  async appendIfUnchanged(
    document: DocumentRecord,
    actor: Actor,
    event: NewEvent,
    options: AppendOptions = {},
  ): Promise<{ event: DocumentEvent; owner?: OwnerSummary } | null> {
    const written = await this.write(this.dataSource.manager, document, actor, event, options);
    // Committed with the statement: the runner may take the feed's jobs now.
    if (written?.jobs) this.feed.jobsWritten();
    return written;
  }

  // appendIfUnchanged inside the caller's transaction (with what else must commit with it, e.g. a
  // stored idempotent answer); the caller calls jobsWritten once it committed.
  async appendIfUnchangedWithin(
    manager: EntityManager,
    document: DocumentRecord,
    actor: Actor,
    event: NewEvent,
    options: AppendOptions = {},
  ): Promise<{ event: DocumentEvent; owner?: OwnerSummary } | null> {
    return this.write(manager, document, actor, event, options);
  }

  jobsWritten(): void {
    this.feed.jobsWritten();
  }

  // Writes the event `build` decides from `state` (the document as read, with whatever else the
  // decision needs) as one guarded statement; when another event came first, reads the state
  // again (`reread`) and decides again. Answers the state the event was written against, or null
  // after GUARDED_ATTEMPTS lost races: the caller then takes the row lock and uses `append`.
  async appendGuarded<S extends { document: DocumentRecord }>(
    state: S,
    actor: Actor,
    build: (state: S) => NewEvent,
    reread: () => Promise<S | null>,
  ): Promise<S | null> {
    let current = state;
    for (let attempt = 1; ; attempt++) {
      if (await this.appendIfUnchanged(current.document, actor, build(current))) return current;
      if (attempt >= GUARDED_ATTEMPTS) return null;
      current = (await reread()) ?? throwNotFound();
    }
  }

  private async write(
    manager: EntityManager,
    document: DocumentRecord,
    actor: Actor,
    event: NewEvent,
    options: AppendOptions,
  ): Promise<{ event: DocumentEvent; jobs: number; owner?: OwnerSummary } | null> {
    const written = this.eventRows(document, actor, event);
    const row = written[written.length - 1].row;
    const seq = row.seq;
    // The document's counter (and the columns that change with this event), the signature and
    // recipient row changes the event records, the event row, the feed entries and their jobs:
    // one statement (data-modifying CTEs; the foreign keys are checked at its end). Every part
    // reads the `document` part, so none is written when the guard finds the document changed.
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const changes = { ...event.documentChanges, lastEventSeq: seq };
    const parts: string[] = [];
    parts.push(documentPart(document, changes, event, options, param));
    if (event.signature) {
      const values = DOCUMENT_SIGNATURE_COLUMNS.map((column) => {
        const value = event.signature![column];
        return param(column === 'report' ? JSON.stringify(value) : value);
      });
      parts.push(
        `signature AS (INSERT INTO document_signatures (${DOCUMENT_SIGNATURE_COLUMNS.map((c) => `"${c}"`).join(', ')})
           SELECT ${values.join(', ')} FROM document)`,
      );
    }
    if (event.parts) parts.push(...event.parts(param));
    if (event.recipientChanges) {
      const { id, ...set } = event.recipientChanges;
      const assignments = DOCUMENT_RECIPIENT_CHANGEABLE.map((column) => `"${column}" = ${param(set[column])}`);
      parts.push(
        `recipient AS (UPDATE document_recipients SET ${assignments.join(', ')}, "updatedAt" = CURRENT_TIMESTAMP
           WHERE id = ${param(id)} AND EXISTS (SELECT 1 FROM document))`,
      );
    }
    written.forEach(({ row: each }, index) => {
      const values = DOCUMENT_EVENT_COLUMNS.map((column) => param(column === 'data' ? JSON.stringify(each.data) : each[column]));
      parts.push(
        `${index === written.length - 1 ? 'event' : `implied_event_${index}`} AS (
           INSERT INTO document_events (${DOCUMENT_EVENT_COLUMNS.map((c) => `"${c}"`).join(', ')})
           SELECT ${values.join(', ')} FROM document)`,
      );
    });
    const feedEntries = feedEntriesOf(document, actor, written);
    if (feedEntries.length > 0) parts.push(...this.feed.statementParts(feedEntries, param, 'document'));
    const owner = options.readOwner
      ? `, (SELECT json_build_object('id', o.id, 'identifier', o.identifier, 'name', o.name, 'kind', o.kind)
             FROM organizations o WHERE o.id = ${param(document.ownerOrganizationId)}) AS owner`
      : '';
    const [result]: { applied: number; jobs: number; owner?: OwnerSummary }[] = await queryRows(
      manager,
      `WITH ${parts.join(',\n')}
       SELECT (SELECT count(*) FROM document)::int AS applied,
              ${feedEntries.length > 0 ? '(SELECT count(*) FROM feed_jobs)::int' : '0'} AS jobs${owner}`,
      params,
    );
    if (result.applied === 0) return null;
    Object.assign(document, changes);
    return { event: row, jobs: result.jobs, ...(result.owner && { owner: result.owner }) };
  }

  // The rows of the implied events, then of this one: consecutive seqs, the last one this event's.
  private eventRows(document: DocumentRecord, actor: Actor, event: NewEvent): WrittenEvent[] {
    return [...(event.implied ?? []), event].map((each, index) => ({
      notify: each.notify,
      feedTypeFor: each === event ? event.feedTypeFor : undefined,
      feedDataFor: each === event ? event.feedDataFor : undefined,
      row: Object.assign(new DocumentEvent(), {
        id: (each === event && event.id) || randomUUID(),
        documentId: document.id,
        seq: document.lastEventSeq + 1 + index,
        type: each.type,
        recipientId: each.recipientId ?? null,
        actorOrganizationId: actor.organizationId,
        actorUserId: actor.userId,
        actorLabel: actor.label.slice(0, 300),
        signatureId: each === event ? (event.signatureId ?? null) : null,
        reason: each === event ? (event.reason ?? null) : null,
        statement: each === event ? (event.statement ?? null) : null,
        data: each === event ? (event.data ?? {}) : {},
        createdAt: this.clock.now(),
      }),
    }));
  }
}

// Each event goes to the feed of every organization it names, with the organization that acted
// (null: an outsider through its link), which is not e-mailed about its own action.
function feedEntriesOf(document: DocumentRecord, actor: Actor, written: readonly WrittenEvent[]) {
  return written.flatMap(({ row: each, notify, feedTypeFor, feedDataFor }) =>
    [...new Set(notify.filter((id): id is string => !!id))].map((organizationId) => ({
      organizationId,
      type: feedTypeFor?.[organizationId] ?? (each.type as OrganizationEventType),
      documentId: document.id,
      ...(each.recipientId && { recipientId: each.recipientId }),
      actorOrganizationId: actor.organizationId,
      // The title and number name the document in notification mails and for integrators.
      data: {
        eventSeq: each.seq,
        title: document.title,
        ...(document.number && { number: document.number }),
        ...(each.reason && { reason: each.reason }),
        ...(feedDataFor?.[organizationId] ?? each.data),
      },
    })),
  );
}

// The statement's first part: the document row inserted (upload) or its counter (and the columns
// that change with the event) updated under the guard; every other part selects from it.
function documentPart(
  document: DocumentRecord,
  changes: Partial<DocumentRecord>,
  event: NewEvent,
  options: AppendOptions,
  param: StatementParam,
): string {
  if (options.insertDocument) {
    if (document.lastEventSeq !== 0) throw new Error('a new document starts with no event');
    const inserted = { ...document, ...changes };
    return `document AS (INSERT INTO documents (${INSERTED_DOCUMENT_COLUMNS.map((c) => `"${c}"`).join(', ')})
           VALUES (${INSERTED_DOCUMENT_COLUMNS.map((c) => param(inserted[c])).join(', ')}) RETURNING id)`;
  } else {
    const set = CHANGEABLE.filter((column) => changes[column] !== undefined)
      .map((column) => `, "${column}" = ${param(changes[column])}`)
      .join('');
    return `document AS (UPDATE documents SET "lastEventSeq" = ${param(changes.lastEventSeq)}${set}
           WHERE id = ${param(document.id)} AND "lastEventSeq" = ${param(document.lastEventSeq)}${event.requireNoPackage ? ' AND "packageId" IS NULL' : ''} RETURNING id)`;
  }
}
