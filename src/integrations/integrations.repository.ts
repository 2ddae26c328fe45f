import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FeedEntry, FeedJobKinds, feedStatementParts, mailableUsersSql } from './feed-statement';
import { NotificationPreference } from './notification-preference.entity';
import { OrganizationEvent } from './organization-event.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { Webhook } from './webhook.entity';

export interface FeedQuery {
  afterSeq: string;
  limit: number;
  type?: string;
  documentId?: string;
}

export interface MailRecipient {
  userId: string;
  email: string;
}

// Events that end "awaiting action" for a received document: the recipient's responses, and the
// sender replacing that recipient (a mistyped BIN/IIN), after which it has nothing to act on.
export const RESPONSE_EVENT_TYPES = [
  'document.signed_by_recipient',
  'document.refused',
  'document.correction_requested',
  'document.recipient_replaced',
];

// Every SQL statement of src/integrations. Reads of tenant data take the organization id.
@Injectable()
export class IntegrationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // --- event feed

  // Appends events to their organizations' feeds under the next seqs, with their jobs (see
  // feedStatementParts): one round trip for all of them, in the caller's transaction. Returns
  // the seq of each event, in the order given.
  async appendEvents(manager: EntityManager, entries: readonly FeedEntry[], jobs: FeedJobKinds): Promise<{ seq: string }[]> {
    if (entries.length === 0) return [];
    const params: unknown[] = [];
    const parts = feedStatementParts(entries, jobs, (value) => `$${params.push(value)}`);
    const rows: { id: string; seq: string }[] = await manager.query(
      `WITH ${parts.join(',\n')} SELECT id, seq FROM feed_inserted`,
      params,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));

    return entries.map((entry) => ({ seq: String(byId.get(entry.id)!.seq) }));
  }

  listEvents(organizationId: string, query: FeedQuery): Promise<OrganizationEvent[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(OrganizationEvent, 'event')
      .where('event.organizationId = :organizationId', { organizationId })
      .andWhere('event.seq > :after', { after: query.afterSeq })
      .orderBy('event.seq', 'ASC')
      .limit(query.limit + 1);
    if (query.type) builder.andWhere('event.type = :type', { type: query.type });
    if (query.documentId) builder.andWhere('event.documentId = :documentId', { documentId: query.documentId });

    return builder.getMany();
  }

  findEvent(organizationId: string, seq: string): Promise<OrganizationEvent | null> {
    return this.dataSource.manager.findOneBy(OrganizationEvent, { organizationId, seq });
  }

  // Organizations that received a document within (from, to].
  async organizationsWithReceivedDocuments(from: Date, to: Date): Promise<string[]> {
    const rows: { organizationId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT "organizationId" FROM organization_events
        WHERE type = 'document.received' AND "createdAt" > $1 AND "createdAt" <= $2`,
      [from, to],
    );

    return rows.map((row) => row.organizationId);
  }

  // document.received events of (from, to] with no later response of the same recipient in the
  // feed: documents still waiting for this organization to act.
  awaitingAction(organizationId: string, from: Date, to: Date, limit: number): Promise<OrganizationEvent[]> {
    return this.dataSource.manager
      .createQueryBuilder(OrganizationEvent, 'received')
      .where('received.organizationId = :organizationId', { organizationId })
      .andWhere(`received.type = 'document.received'`)
      .andWhere('received.createdAt > :from AND received.createdAt <= :to', { from, to })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM organization_events response
            WHERE response."organizationId" = received."organizationId"
              AND response."documentId" = received."documentId"
              AND response."recipientId" IS NOT DISTINCT FROM received."recipientId"
              AND response.seq > received.seq
              AND response.type IN (:...responses))`,
        { responses: RESPONSE_EVENT_TYPES },
      )
      .orderBy('received.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  // --- people to notify

  // Users of the organization with an e-mail address and at least this right; with `choice`, only
  // those who have not switched that kind of e-mail off.
  async usersWithRight(
    organizationId: string,
    area: 'documents' | 'administration',
    levels: readonly ('read' | 'write')[],
    manager: EntityManager = this.dataSource.manager,
    choice?: 'emailOnEvents' | 'emailDigest',
  ): Promise<MailRecipient[]> {
    const rows: { userId: string; email: string }[] = await manager.query(
      `SELECT u.id AS "userId", u.email ${mailableUsersSql('$1', choice, 'm.rights ->> $2 = ANY($3::text[])')} ORDER BY u.id`,
      [organizationId, area, levels],
    );

    return rows;
  }

  async findPreference(organizationId: string, userId: string): Promise<NotificationPreference | null> {
    return this.dataSource.manager.findOneBy(NotificationPreference, { organizationId, userId });
  }

  async savePreference(preference: NotificationPreference): Promise<void> {
    await this.dataSource.manager.upsert(NotificationPreference, preference, ['organizationId', 'userId']);
  }

  // --- webhooks

  countWebhooks(organizationId: string): Promise<number> {
    return this.dataSource.manager.countBy(Webhook, { organizationId });
  }

  findWebhook(organizationId: string, id: string): Promise<Webhook | null> {
    return this.dataSource.manager.findOneBy(Webhook, { organizationId, id });
  }

  // With the encrypted secret, which is never selected otherwise.
  findWebhookWithSecret(id: string): Promise<Webhook | null> {
    return this.dataSource.manager
      .createQueryBuilder(Webhook, 'webhook')
      .addSelect('webhook.secretCiphertext')
      .where('webhook.id = :id', { id })
      .getOne();
  }

  listWebhooks(organizationId: string, limit: number, afterId?: string): Promise<Webhook[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Webhook, 'webhook')
      .where('webhook.organizationId = :organizationId', { organizationId })
      .orderBy('webhook.id', 'ASC')
      .limit(limit + 1);
    if (afterId) builder.andWhere('webhook.id > :afterId', { afterId });

    return builder.getMany();
  }

  async insertWebhook(webhook: Webhook): Promise<void> {
    await this.dataSource.manager.insert(Webhook, webhook);
  }

  async updateWebhook(organizationId: string, id: string, changes: Partial<Webhook>): Promise<void> {
    await this.dataSource.manager.update(Webhook, { organizationId, id }, changes);
  }

  async deleteWebhook(organizationId: string, id: string): Promise<void> {
    await this.dataSource.manager.delete(Webhook, { organizationId, id });
  }

  async resetFailures(id: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhooks SET "consecutiveFailures" = 0, "updatedAt" = $2 WHERE id = $1 AND "consecutiveFailures" > 0`,
      [id, now],
    );
  }

  // Counts a delivery that failed for good and, once the count reaches `limit`, switches the
  // webhook off. Returns true only to the one caller that switched it off.
  async countFinalFailure(manager: EntityManager, id: string, limit: number, now: Date): Promise<boolean> {
    const [rows] = (await manager.query(
      `UPDATE webhooks SET "consecutiveFailures" = "consecutiveFailures" + 1,
              active = CASE WHEN "consecutiveFailures" + 1 >= $2 THEN false ELSE active END,
              "disabledAt" = CASE WHEN active AND "consecutiveFailures" + 1 >= $2 THEN $3 ELSE "disabledAt" END,
              "disabledReason" = CASE WHEN active AND "consecutiveFailures" + 1 >= $2 THEN 'failures' ELSE "disabledReason" END,
              "updatedAt" = $3
        WHERE id = $1
        RETURNING "disabledAt" = $3 AS "disabledNow"`,
      [id, limit, now],
    )) as [{ disabledNow: boolean }[], number];

    return rows[0]?.disabledNow === true;
  }

  // --- delivery log

  async insertDelivery(delivery: WebhookDelivery): Promise<void> {
    await this.dataSource.manager.insert(WebhookDelivery, delivery);
  }

  // Newest first.
  listDeliveries(
    organizationId: string,
    webhookId: string,
    limit: number,
    before?: { createdAt: string; id: string },
  ): Promise<WebhookDelivery[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(WebhookDelivery, 'delivery')
      .where('delivery.organizationId = :organizationId AND delivery.webhookId = :webhookId', { organizationId, webhookId })
      .orderBy('delivery.createdAt', 'DESC')
      .addOrderBy('delivery.id', 'DESC')
      .limit(limit + 1);
    if (before) {
      builder.andWhere('(delivery.createdAt, delivery.id) < (:createdAt, :id)', { createdAt: before.createdAt, id: before.id });
    }

    return builder.getMany();
  }
}
