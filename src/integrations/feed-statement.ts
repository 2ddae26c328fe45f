import type { OrganizationEvent } from './organization-event.entity';

// One feed event to append, with whether its organization's users are to be e-mailed about it.
export interface FeedEntry extends Omit<OrganizationEvent, 'seq'> {
  readonly notify: boolean;
}

// The jobs a feed event causes (names and versions from the job definitions).
export interface FeedJobKinds {
  readonly webhook: { readonly name: string; readonly version: number };
  readonly notify: { readonly name: string; readonly version: number };
  readonly runAt: Date;
}

// Adds a value to a statement's parameter list and returns its placeholder ($n).
export type Param = (value: unknown) => string;

// The users of an organization who get e-mail about documents: with an address, a right to read
// documents, and not opted out (`choice`). `organization` is an SQL expression.
export function mailableUsersSql(organization: string, choice: 'emailOnEvents' | 'emailDigest' | undefined, rights: string) {
  return `FROM memberships m JOIN users u ON u.id = m."userId"
     LEFT JOIN notification_preferences p ON p."organizationId" = m."organizationId" AND p."userId" = m."userId"
    WHERE m."organizationId" = ${organization} AND m."acceptedAt" IS NOT NULL AND u.email IS NOT NULL AND ${rights}
      ${choice ? `AND COALESCE(p."${choice}", true)` : ''}`;
}

// The WITH-clause parts that append `entries` to their organizations' feeds and enqueue their
// jobs (a delivery per matching active webhook, an e-mail fan-out where somebody is to be
// mailed), for a statement that may do more (DocumentHistory writes a document event with them):
// one round trip for all of it. The parts are named feed_input, feed_counter, feed_inserted and
// feed_jobs. With `onlyIf`, the name of an earlier part, nothing is written unless that part
// returned a row (a guarded change that did not apply leaves no feed entry).
//
// The counter upsert locks each organization's counter row until the transaction ends, so a
// second writer of the same feed waits there and then gets the next numbers: seqs of one
// organization commit in order and without gaps. The counters are taken in organization id order
// (INSERT … SELECT … ORDER BY inserts in that order), so two transactions that write the same
// feeds cannot deadlock; events of one organization get consecutive seqs in the order given.
export function feedStatementParts(entries: readonly FeedEntry[], jobs: FeedJobKinds, param: Param, onlyIf?: string): string[] {
  // One array parameter per column, unnested together (in the order of t(...) below).
  const columns: [unknown[], string][] = [
    [entries.map((e) => e.id), 'uuid'],
    [entries.map((e) => e.organizationId), 'uuid'],
    [entries.map((e) => e.type), 'text'],
    [entries.map((e) => e.documentId), 'uuid'],
    [entries.map((e) => e.recipientId), 'uuid'],
    [entries.map((e) => JSON.stringify(e.data)), 'jsonb'],
    [entries.map((e) => e.createdAt), 'timestamptz'],
    [entries.map((e) => e.notify), 'boolean'],
  ];
  const at = param(jobs.runAt);
  return [
    `feed_input AS (
       SELECT t.*, row_number() OVER (PARTITION BY t.org ORDER BY t.ord) AS rank, count(*) OVER (PARTITION BY t.org) AS n
         FROM unnest(${columns.map(([values, type]) => `${param(values)}::${type}[]`).join(', ')})
              WITH ORDINALITY AS t(id, org, type, doc, recipient, data, at, notify, ord)
        ${onlyIf ? `WHERE EXISTS (SELECT 1 FROM ${onlyIf})` : ''}
     )`,
    `feed_counter AS (
       INSERT INTO organization_event_counters ("organizationId", "lastSeq")
       SELECT org, max(n) FROM feed_input GROUP BY org ORDER BY org
       ON CONFLICT ("organizationId") DO UPDATE SET "lastSeq" = organization_event_counters."lastSeq" + EXCLUDED."lastSeq"
       RETURNING "organizationId", "lastSeq"
     )`,
    `feed_inserted AS (
       INSERT INTO organization_events (id, "organizationId", seq, type, "documentId", "recipientId", data, "createdAt")
       SELECT i.id, i.org, c."lastSeq" - i.n + i.rank, i.type, i.doc, i.recipient, i.data, i.at
         FROM feed_input i JOIN feed_counter c ON c."organizationId" = i.org
       RETURNING id, "organizationId", seq, type
     )`,
    `feed_jobs AS (
       INSERT INTO jobs (name, version, payload, "runAt", "dedupKey")
       SELECT ${param(jobs.webhook.name)}, ${param(jobs.webhook.version)}::int,
              jsonb_build_object('webhookId', w.id, 'organizationId', f."organizationId", 'eventSeq', f.seq::text), ${at}::timestamptz,
              'webhook:' || w.id || ':' || f.seq
         FROM feed_inserted f
         JOIN webhooks w ON w."organizationId" = f."organizationId" AND w.active
                        AND (cardinality(w."eventTypes") = 0 OR f.type = ANY(w."eventTypes"))
       UNION ALL
       SELECT ${param(jobs.notify.name)}, ${param(jobs.notify.version)}::int,
              jsonb_build_object('organizationId', f."organizationId", 'eventSeq', f.seq::text), ${at}::timestamptz,
              'notify:' || f."organizationId" || ':' || f.seq
         FROM feed_inserted f JOIN feed_input i ON i.id = f.id
        WHERE i.notify
          AND EXISTS (SELECT 1 ${mailableUsersSql('f."organizationId"', 'emailOnEvents', `m.rights ->> 'documents' IN ('read', 'write')`)})
       ON CONFLICT ("dedupKey") WHERE "dedupKey" IS NOT NULL DO NOTHING
       RETURNING id
     )`,
  ];
}
