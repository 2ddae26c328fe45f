import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Transaction } from '../common/persistence/transaction';
import { Clock } from '../common/clock';
import { IntegrationsJobName, INTEGRATIONS_JOBS } from './integrations.jobs';
import { JobsService } from '../common/jobs/jobs.service';
import { FeedEntry, FeedJobKinds, feedStatementParts, Param } from './feed-statement';
import { OrganizationEventView, presentEvent } from './event-view';
import { IntegrationsRepository } from './integrations.repository';
import { ORGANIZATION_EVENT_TYPES, type OrganizationEventType } from './organization-event-types';

export { ORGANIZATION_EVENT_TYPES } from './organization-event-types';
export type { OrganizationEventType } from './organization-event-types';

export interface OrganizationEventInput {
  readonly organizationId: string; // whose feed gets the event (call once per participant org)
  readonly type: OrganizationEventType;
  readonly documentId: string;
  readonly recipientId?: string; // the document_recipients row concerned, if any
  // The organization that acted (null: an unregistered recipient through its link, or the
  // service itself). Every feed event carries it as `data.actorOrganizationId`, and no
  // organization's users are e-mailed about their own organization's action.
  readonly actorOrganizationId: string | null;
  // Small JSON: ids, statuses, reason...; never file content, never link tokens. Optional keys
  // the notifications read: `title`, `number` (shown in e-mails), `reason`.
  readonly data: Record<string, unknown>;
}

// A page of the feed. Unlike the other lists, the cursor is the seq itself and never null: the
// client keeps the last one and asks again later.
export interface EventFeedPage {
  items: OrganizationEventView[];
  nextCursor: string;
  hasMore: boolean;
}

// Events that e-mail the organization's users: an incoming document and every answer of the
// other side to a document (see notifications.service.ts).
export const NOTIFIED_EVENT_TYPES: ReadonlySet<OrganizationEventType> = new Set([
  'document.received',
  'document.signed_by_recipient',
  'document.refused',
  'document.correction_requested',
  'document.annulment_offered',
  'document.annulment_accepted',
  'document.annulment_rejected',
]);

// Feed data stays small: it is copied into every webhook delivery.
const MAX_DATA_BYTES = 16 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The feed port. D1 calls `record` inside its own transactions, once per participant
// organization, for every state change of a document.
@Injectable()
export class OrganizationEventsService {
  constructor(
    private readonly repository: IntegrationsRepository,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  // Appends the event to the organization's feed and, in the same transaction (transactional
  // outbox), enqueues one delivery per matching active webhook and the notification fan-out.
  // The organization's next seq is taken under its counter row lock, held until the caller's
  // transaction ends: concurrent writers of one feed are serialized (writers of other
  // organizations are not), so the feed is gap-free and commits in seq order. A transaction that
  // records for two organizations should do it through `recordAll`, which takes the locks in a
  // fixed order and cannot deadlock with another such transaction.
  async record(manager: Transaction, event: OrganizationEventInput): Promise<{ seq: string }> {
    return (await this.recordAll(manager, [event]))[0];
  }

  // A page of the caller's feed after a cursor. `nextCursor` is where to continue (the last seq
  // returned, or the same cursor when nothing new has come): a client stores it and asks again.
  async list(
    organizationId: string,
    query: { after: string; limit: number; type?: string; documentId?: string },
  ): Promise<EventFeedPage> {
    const rows = await this.repository.listEvents(organizationId, {
      afterSeq: query.after,
      limit: query.limit,
      type: query.type,
      documentId: query.documentId,
    });
    const items = rows.slice(0, query.limit).map(presentEvent);

    return {
      items,
      nextCursor: items.length ? items[items.length - 1].seq : String(BigInt(query.after)),
      hasMore: rows.length > query.limit,
    };
  }

  // Records several events (e.g. the sender's and the recipient's) in one transaction, taking the
  // organizations' feed locks in a fixed order. Results are in the order of `events`. The feed
  // rows and their jobs (webhook deliveries, notification fan-out) go in one statement, in the
  // caller's transaction.
  async recordAll(manager: Transaction, events: readonly OrganizationEventInput[]): Promise<{ seq: string }[]> {
    return this.repository.appendEvents(manager, this.entriesOf(events), this.jobKinds());
  }

  // The same write as parts of a caller's statement (see feedStatementParts): DocumentHistory
  // writes a document's event and its feed entries in one round trip. The caller wakes the job
  // runner (jobsWritten) once the jobs are committed.
  statementParts(events: readonly OrganizationEventInput[], param: Param, onlyIf?: string): string[] {
    return feedStatementParts(this.entriesOf(events), this.jobKinds(), param, onlyIf);
  }

  // Jobs written by a statement outside any transaction are visible now: start them.
  jobsWritten(): void {
    this.jobs.wake();
  }

  private entriesOf(events: readonly OrganizationEventInput[]): FeedEntry[] {
    events.forEach(assertValid);
    const now = this.clock.now();
    return events.map((event) => ({
      id: randomUUID(),
      organizationId: event.organizationId,
      type: event.type,
      documentId: event.documentId,
      recipientId: event.recipientId ?? null,
      data: { ...event.data, actorOrganizationId: event.actorOrganizationId },
      createdAt: now,
      // The organization that acted is not told of its own action.
      notify: NOTIFIED_EVENT_TYPES.has(event.type) && event.actorOrganizationId !== event.organizationId,
    }));
  }

  private jobKinds(): FeedJobKinds {
    const kind = (name: IntegrationsJobName) => ({ name, version: INTEGRATIONS_JOBS[name].version });
    return {
      webhook: kind(IntegrationsJobName.DeliverWebhook),
      notify: kind(IntegrationsJobName.NotifyOrganizationEvent),
      runAt: this.clock.now(),
    };
  }
}

// Bad input here is a programming error of the caller: fail its transaction loudly.
function assertValid(event: OrganizationEventInput) {
  if (!(ORGANIZATION_EVENT_TYPES as readonly string[]).includes(event.type)) throw new Error(`unknown event type ${event.type}`);
  if (!UUID.test(event.organizationId) || !UUID.test(event.documentId)) throw new Error('event ids must be UUIDs');
  if (event.recipientId !== undefined && !UUID.test(event.recipientId)) throw new Error('event recipientId must be a UUID');
  if (event.actorOrganizationId !== null && !UUID.test(event.actorOrganizationId)) {
    throw new Error('event actorOrganizationId must be a UUID or null');
  }
  if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) {
    throw new Error('event data must be an object');
  }
  if (Buffer.byteLength(JSON.stringify(event.data)) > MAX_DATA_BYTES) throw new Error('event data is too large');
}
