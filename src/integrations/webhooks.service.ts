import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IntegrationsErrorCode } from './integrations.errors';
import { decodeCursor, decodeIdCursor, PageQuery, toPage } from '../common/http/pagination';
import type { TenantPrincipal } from '../common/security/principal';
import { AppConfig } from '../config/app-config';
import { IntegrationsRepository } from './integrations.repository';
import type { NewWebhookDto, UpdateWebhookDto } from './integrations.dto';
import { DeliveryLogEntry, WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSecretBox, newWebhookSecret } from './webhook-secret-box';
import { checkWebhookUrl } from './webhook-url';
import type { Webhook } from './webhook.entity';

// Enough for any sensible integration; a limit keeps one tenant from fanning each event out to
// thousands of URLs.
export const MAX_WEBHOOKS_PER_ORGANIZATION = 20;

export interface WebhookView {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  active: boolean;
  consecutiveFailures: number;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function present(webhook: Webhook): WebhookView {
  return {
    id: webhook.id,
    url: webhook.url,
    description: webhook.description,
    eventTypes: webhook.eventTypes,
    active: webhook.active,
    consecutiveFailures: webhook.consecutiveFailures,
    disabledAt: webhook.disabledAt,
    disabledReason: webhook.disabledReason,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class WebhooksService {
  constructor(
    private readonly repository: IntegrationsRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly box: WebhookSecretBox,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async list(principal: TenantPrincipal, page: PageQuery) {
    const rows = await this.repository.listWebhooks(principal.organizationId, page.limit, decodeIdCursor(page.cursor));

    return toPage(rows, page.limit, (row) => ({ id: row.id }), present);
  }

  async get(principal: TenantPrincipal, id: string): Promise<WebhookView> {
    return present(await this.find(principal, id));
  }

  // The secret is in this response only (and in that of rotate-secret).
  async create(principal: TenantPrincipal, dto: NewWebhookDto): Promise<WebhookView & { secret: string }> {
    const url = this.checkedUrl(dto.url);
    if ((await this.repository.countWebhooks(principal.organizationId)) >= MAX_WEBHOOKS_PER_ORGANIZATION) {
      throw new DomainError(IntegrationsErrorCode.WebhookLimitReached, { limit: MAX_WEBHOOKS_PER_ORGANIZATION });
    }
    const id = randomUUID();
    const secret = newWebhookSecret();
    const now = this.clock.now();
    const webhook: Webhook = {
      id,
      organizationId: principal.organizationId,
      url,
      description: dto.description || null,
      eventTypes: dto.eventTypes ?? [],
      secretCiphertext: this.box.seal(secret, id),
      active: true,
      consecutiveFailures: 0,
      disabledAt: null,
      disabledReason: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.insertWebhook(webhook);

    return { ...present(webhook), secret };
  }

  async update(principal: TenantPrincipal, id: string, dto: UpdateWebhookDto): Promise<WebhookView> {
    const webhook = await this.find(principal, id);
    const changes: Partial<Webhook> = { updatedAt: this.clock.now() };
    if (dto.url !== undefined) changes.url = this.checkedUrl(dto.url);
    if (dto.eventTypes !== undefined) changes.eventTypes = dto.eventTypes;
    if (dto.description !== undefined) changes.description = dto.description || null;
    await this.repository.updateWebhook(principal.organizationId, id, changes);

    return present({ ...webhook, ...changes });
  }

  // Deliveries still queued for it are dropped; its delivery log goes with it.
  async remove(principal: TenantPrincipal, id: string): Promise<WebhookView> {
    const webhook = await this.find(principal, id);
    await this.repository.deleteWebhook(principal.organizationId, id);

    return present(webhook);
  }

  // The old secret stops working at once: receivers should accept both while they switch.
  async rotateSecret(principal: TenantPrincipal, id: string): Promise<WebhookView & { secret: string }> {
    const webhook = await this.find(principal, id);
    const secret = newWebhookSecret();
    const changes = { secretCiphertext: this.box.seal(secret, id), updatedAt: this.clock.now() };
    await this.repository.updateWebhook(principal.organizationId, id, changes);

    return { ...present({ ...webhook, ...changes }), secret };
  }

  // Switches a webhook back on (after automatic disabling) with a fresh failure count. Events
  // recorded while it was off are not re-sent: the feed (GET /api/v1/events) has them.
  async enable(principal: TenantPrincipal, id: string): Promise<WebhookView> {
    const webhook = await this.find(principal, id);
    const changes = { active: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null, updatedAt: this.clock.now() };
    await this.repository.updateWebhook(principal.organizationId, id, changes);

    return present({ ...webhook, ...changes });
  }

  async disable(principal: TenantPrincipal, id: string): Promise<WebhookView> {
    const webhook = await this.find(principal, id);
    if (!webhook.active) return present(webhook);
    const now = this.clock.now();
    const changes = { active: false, disabledAt: now, disabledReason: 'manual' as const, updatedAt: now };
    await this.repository.updateWebhook(principal.organizationId, id, changes);

    return present({ ...webhook, ...changes });
  }

  async test(principal: TenantPrincipal, id: string): Promise<DeliveryLogEntry> {
    return this.dispatcher.ping(await this.find(principal, id));
  }

  async deliveries(principal: TenantPrincipal, id: string, page: PageQuery) {
    await this.find(principal, id);
    const position = decodeCursor(page.cursor, ['createdAt', 'id'] as const);
    if (position && (!UUID.test(position.id) || Number.isNaN(Date.parse(position.createdAt)))) {
      throw new DomainError(CommonErrorCode.CursorInvalid);
    }
    const rows = await this.repository.listDeliveries(principal.organizationId, id, page.limit, position);

    return toPage(
      rows,
      page.limit,
      (row) => ({ createdAt: new Date(row.createdAt).toISOString(), id: row.id }),
      ({ webhookId: _webhookId, organizationId: _organizationId, webhook: _webhook, ...view }) => ({
        ...view,
        eventSeq: view.eventSeq === null ? null : String(view.eventSeq),
      }),
    );
  }

  private async find(principal: TenantPrincipal, id: string): Promise<Webhook> {
    const webhook = await this.repository.findWebhook(principal.organizationId, id);
    if (!webhook) throw new DomainError(CommonErrorCode.NotFound);

    return webhook;
  }

  private checkedUrl(raw: string): string {
    const checked = checkWebhookUrl(raw, {
      production: this.config.isProduction,
      allowPrivateAddresses: this.config.integrations.webhookAllowPrivateAddresses,
    });
    if ('problem' in checked) throw new DomainError(IntegrationsErrorCode.WebhookUrlInvalid, { problem: checked.problem });

    return checked.url;
  }
}
