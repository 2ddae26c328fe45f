import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Param } from './feed-statement';
import { OrganizationEventInput, OrganizationEventsService } from './organization-events.service';

export type { OrganizationEventType } from './organization-event-types';
// One feed entry to write (whose feed, type, document, actor, data).
export type FeedEventInput = OrganizationEventInput;
// Adds a value to the caller's statement parameters and returns its placeholder ($n).
export type StatementParam = Param;

// The port through which another module writes the participants' feeds (and their webhook and
// e-mail jobs) with its own changes. The feed's tables are the integrations module's: callers
// get SQL parts or a call, never the tables. The document flow embeds `statementParts` in the
// statement that writes a document event, so an event and its feed entries stay one round trip
// (bench/flow; see feed-statement.ts for the parts' SQL).
@Injectable()
export class FeedWriter {
  constructor(private readonly events: OrganizationEventsService) {}

  // WITH-clause parts writing `events` to their feeds, for the caller's statement; with `onlyIf`
  // (an earlier part's name) nothing is written unless that part returned a row.
  statementParts(events: readonly FeedEventInput[], param: StatementParam, onlyIf?: string): string[] {
    return this.events.statementParts(events, param, onlyIf);
  }

  // The same as a statement of its own in the caller's transaction.
  async recordAll(manager: EntityManager, events: readonly FeedEventInput[]): Promise<void> {
    await this.events.recordAll(manager, events);
  }

  // Jobs written outside any transaction (or once the caller's committed) are runnable: start them.
  jobsWritten(): void {
    this.events.jobsWritten();
  }
}
