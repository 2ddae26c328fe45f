import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../common/persistence/query-rows';
import { AuditEvent } from './entities/audit-event.entity';

export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'createdAt'>;

const COLUMNS = [
  ['organizationId', 'uuid'],
  ['actorType', 'audit_actor_type'],
  ['actorId', 'uuid'],
  ['actorLabel', 'varchar'],
  ['action', 'varchar'],
  ['targetType', 'varchar'],
  ['targetId', 'varchar'],
  ['result', 'audit_result'],
  ['errorCode', 'varchar'],
  ['httpMethod', 'varchar'],
  ['path', 'varchar'],
  ['statusCode', 'int'],
  ['ip', 'varchar'],
  ['userAgent', 'varchar'],
  ['requestId', 'varchar'],
] as const satisfies readonly (readonly [keyof NewAuditEvent, string])[];

// Every column of a new line is listed above: a new one left out fails to compile here.
type Unlisted = Exclude<keyof NewAuditEvent, (typeof COLUMNS)[number][0]>;
const ALL_COLUMNS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
void ALL_COLUMNS_LISTED;

const INSERT_MANY = `INSERT INTO audit_events (${COLUMNS.map(([name]) => `"${name}"`).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;

interface Waiting {
  readonly event: NewAuditEvent;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

@Injectable()
export class AuditRepository {
  // Lines that arrived while an insert was running: they go together in the next one.
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // Written on its own connection, never inside the request's transaction: a failed action
  // that rolled back is still recorded. Resolves once the line is stored (the response waits for
  // it). Group commit: while one insert runs, the lines of other requests that finish meanwhile
  // queue up and are then stored by one multi-row INSERT (one round trip and one commit for
  // all) — under load most requests share a statement; alone, a line is written at once.
  insert(event: NewAuditEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (this.writing) return;
      // The first line waits for the end of this turn of the event loop: the requests that finish
      // in the same turn share its statement.
      this.writing = true;
      setImmediate(() => void this.writeWaiting());
    });
  }

  private async writeWaiting() {
    try {
      while (this.waiting.length) {
        const batch = this.waiting;
        this.waiting = [];
        try {
          await this.insertMany(batch.map((w) => w.event));
          batch.forEach((w) => w.resolve());
        } catch (error) {
          if (batch.length === 1) batch[0].reject(error);
          // One bad line must not cost the others theirs: each on its own, each with its outcome.
          else
            await Promise.all(
              batch.map((w) =>
                this.insertMany([w.event]).then(
                  () => w.resolve(),
                  (rowError: unknown) => w.reject(rowError),
                ),
              ),
            );
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async insertMany(events: readonly NewAuditEvent[]) {
    await queryRows(
      this.dataSource.manager,
      INSERT_MANY,
      COLUMNS.map(([name]) => events.map((event) => event[name] ?? null)),
    );
  }

  async list(organizationId: string, limit: number, filter: { beforeSeq?: string; action?: string; actorId?: string }) {
    const query = this.dataSource.manager
      .createQueryBuilder(AuditEvent, 'event')
      .where('event.organizationId = :organizationId', { organizationId })
      .orderBy('event.seq', 'DESC')
      .limit(limit + 1);
    if (filter.beforeSeq) query.andWhere('event.seq < :beforeSeq', { beforeSeq: filter.beforeSeq });
    if (filter.action) query.andWhere('event.action = :action', { action: filter.action });
    if (filter.actorId) query.andWhere('event.actorId = :actorId', { actorId: filter.actorId });

    return query.getMany();
  }

  // One organization's lines about one target, oldest first (a document's evidence package).
  async forTarget(organizationId: string, targetType: string, targetId: string): Promise<AuditEvent[]> {
    return this.dataSource.manager.find(AuditEvent, {
      where: { organizationId, targetType, targetId },
      order: { seq: 'ASC' },
    });
  }

  // Names of the actors and targets of some lines, looked up within the one organization only: a
  // user is named when they are (or were proposed as) its member, a document when it owns it or
  // received it, an API key or invitation when it is its own. Anything else stays unnamed (the
  // cabinet then says what kind of thing it was, not its id). One statement per page.
  async names(organizationId: string, refs: readonly { type: string; id: string }[]): Promise<Map<string, string>> {
    const uuids = refs.filter((ref) => UUID.test(ref.id));
    if (!uuids.length) return new Map();
    const rows = await queryRows<{ type: string; id: string; name: string }>(
      this.dataSource.manager,
      `WITH refs AS (SELECT * FROM unnest($2::varchar[], $3::uuid[]) AS r(type, id))
       SELECT 'user' AS type, m."userId"::text AS id,
              CASE WHEN m."acceptedAt" IS NULL THEN m."proposedFullName" ELSE u."fullName" END AS name
         FROM memberships m JOIN users u ON u.id = m."userId"
        WHERE m."organizationId" = $1 AND m."userId" IN (SELECT id FROM refs WHERE type = 'user')
       UNION ALL
       SELECT 'api_key', k.id::text, k.name FROM api_keys k
        WHERE k."organizationId" = $1 AND k.id IN (SELECT id FROM refs WHERE type = 'api_key')
       UNION ALL
       SELECT 'invitation', i.id::text, i.iin FROM invitations i
        WHERE i."organizationId" = $1 AND i.id IN (SELECT id FROM refs WHERE type = 'invitation')
       UNION ALL
       SELECT 'organization', o.id::text, o.name FROM organizations o
        WHERE o.id = $1 AND o.id IN (SELECT id FROM refs WHERE type = 'organization')
       UNION ALL
       SELECT 'document', d.id::text, d.title FROM documents d
        WHERE d.id IN (SELECT id FROM refs WHERE type = 'document')
          AND (d."ownerOrganizationId" = $1
               OR EXISTS (SELECT 1 FROM document_recipients r
                           WHERE r."documentId" = d.id AND r."recipientOrganizationId" = $1))`,
      [organizationId, uuids.map((ref) => ref.type), uuids.map((ref) => ref.id.toLowerCase())],
    );

    return new Map(rows.filter((row) => row.name).map((row) => [`${row.type}:${row.id}`, row.name]));
  }

  // The choices of the cabinet's "by user" filter: the organization's members and API keys
  // (bounded by the organization's size, not by the length of its trail).
  async actors(organizationId: string) {
    return queryRows<{ actorType: 'user' | 'api_key'; actorId: string; name: string }>(
      this.dataSource.manager,
      `SELECT 'user' AS "actorType", m."userId"::text AS "actorId",
              CASE WHEN m."acceptedAt" IS NULL THEN m."proposedFullName" ELSE u."fullName" END AS name
         FROM memberships m JOIN users u ON u.id = m."userId"
        WHERE m."organizationId" = $1
       UNION ALL
       SELECT 'api_key', k.id::text, k.name FROM api_keys k WHERE k."organizationId" = $1
       ORDER BY 1 DESC, 3
       LIMIT 1000`,
      [organizationId],
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
