import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { IntegrationsJobName, DeliverWebhookPayload } from './integrations.jobs';
import { MailJobName } from '../common/mail/mail.jobs';
import { PermanentJobError } from '../common/jobs/job-errors';
import { JobHandlerRegistry } from '../common/jobs/job-handler.registry';
import { JobsService } from '../common/jobs/jobs.service';
import { AppConfig } from '../config/app-config';
import { presentEvent, presentPing } from './event-view';
import { IntegrationsRepository } from './integrations.repository';
import { webhookDisabledMail } from './notification-mails';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookSecretBox } from './webhook-secret-box';
import { WEBHOOK_SENDER, WebhookSender } from './webhook-sender.port';
import { signWebhookPayload, WEBHOOK_HEADERS, WEBHOOK_USER_AGENT } from './webhook-signature';
import { WebhookDestinationRefused } from './webhook-http-sender';
import type { Webhook } from './webhook.entity';

export interface AttemptResult {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  // No retry can help (the URL resolves to a private address, see HttpWebhookSender).
  permanent: boolean;
}

export interface DeliveryLogEntry {
  id: string;
  deliveryId: string;
  eventSeq: string | null;
  eventType: string;
  attempt: number;
  status: WebhookDeliveryStatus;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  createdAt: Date;
}

// Sends signed webhook POSTs: the job handler of feed deliveries, and the test ping.
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly repository: IntegrationsRepository,
    private readonly jobs: JobsService,
    private readonly box: WebhookSecretBox,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(WEBHOOK_SENDER) private readonly sender: WebhookSender,
  ) {}

  onModuleInit() {
    this.registry.register(IntegrationsJobName.DeliverWebhook, (payload, job) => this.deliver(payload, job));
  }

  // One attempt of one feed event to one webhook. A failure throws, so the jobs runner retries it
  // with its exponential backoff; the last failed attempt counts against the webhook.
  async deliver(payload: DeliverWebhookPayload, job: { id: string; attempt: number }): Promise<void> {
    const webhook = await this.repository.findWebhookWithSecret(payload.webhookId);
    // Deleted or switched off since: the event stays in the feed, nothing is sent.
    if (!webhook || webhook.organizationId !== payload.organizationId || !webhook.active) return;
    const event = await this.repository.findEvent(payload.organizationId, payload.eventSeq);
    if (!event) throw new PermanentJobError(`event ${payload.eventSeq} of ${payload.organizationId} not found`);

    const body = JSON.stringify(presentEvent(event));
    const result = await this.attempt(webhook, body, event.type, job.id);
    const final = !result.ok && (result.permanent || job.attempt >= this.config.jobs.attempts);
    await this.log(webhook, {
      deliveryId: job.id,
      eventSeq: event.seq,
      eventType: event.type,
      attempt: job.attempt,
      status: result.ok ? 'delivered' : final ? 'failed' : 'retrying',
      result,
    });
    if (result.ok) {
      await this.repository.resetFailures(webhook.id, this.clock.now());
      return;
    }
    if (final) await this.countFinalFailure(webhook);
    const reason = `webhook ${webhook.id}: ${result.error}`;
    throw result.permanent ? new PermanentJobError(reason) : new Error(reason);
  }

  // The test endpoint: one ping, sent now, logged like any delivery, never retried and never
  // counted against the webhook.
  async ping(webhook: Webhook): Promise<DeliveryLogEntry> {
    const withSecret = await this.repository.findWebhookWithSecret(webhook.id);
    if (!withSecret) throw new Error(`webhook ${webhook.id} vanished`);
    const deliveryId = randomUUID();
    const body = JSON.stringify(presentPing(deliveryId, webhook, this.clock.now()));
    const result = await this.attempt(withSecret, body, 'ping', deliveryId);

    return this.log(withSecret, {
      deliveryId,
      eventSeq: null,
      eventType: 'ping',
      attempt: 1,
      status: result.ok ? 'delivered' : 'failed',
      result,
    });
  }

  private async attempt(webhook: Webhook, body: string, eventType: string, deliveryId: string): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    let secret: string;
    try {
      secret = this.box.open(webhook.secretCiphertext, webhook.id);
    } catch {
      // Retrying cannot help until an operator restores the key (or the client rotates the secret).
      const error = 'the webhook secret cannot be decrypted (was WEBHOOK_SECRET_KEY changed?)';
      return { ok: false, httpStatus: null, error, durationMs: elapsed(), permanent: true };
    }
    try {
      const response = await this.sender.post({
        url: webhook.url,
        body,
        timeoutMs: this.config.integrations.webhookTimeoutMs,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': WEBHOOK_USER_AGENT,
          [WEBHOOK_HEADERS.event]: eventType,
          [WEBHOOK_HEADERS.delivery]: deliveryId,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhookPayload(secret, timestamp, body),
        },
      });
      const ok = response.status >= 200 && response.status < 300;

      return {
        ok,
        httpStatus: response.status,
        error: ok ? null : `answered HTTP ${response.status}`,
        durationMs: elapsed(),
        permanent: false,
      };
    } catch (error) {
      // No retry can help: the destination is inside the service's own network.
      if (error instanceof WebhookDestinationRefused) {
        return { ok: false, httpStatus: null, error: error.message, durationMs: elapsed(), permanent: true };
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const message = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : (error as Error).message;
      const detail = cause?.code ?? cause?.message;

      return {
        ok: false,
        httpStatus: null,
        error: detail ? `${message} (${detail})` : message,
        durationMs: elapsed(),
        permanent: false,
      };
    }
  }

  private async log(
    webhook: Webhook,
    entry: {
      deliveryId: string;
      eventSeq: string | null;
      eventType: string;
      attempt: number;
      status: WebhookDeliveryStatus;
      result: AttemptResult;
    },
  ): Promise<DeliveryLogEntry> {
    const row = {
      id: randomUUID(),
      webhookId: webhook.id,
      organizationId: webhook.organizationId,
      deliveryId: entry.deliveryId,
      eventSeq: entry.eventSeq,
      eventType: entry.eventType,
      attempt: entry.attempt,
      status: entry.status,
      httpStatus: entry.result.httpStatus,
      error: entry.result.error?.slice(0, 1000) ?? null,
      durationMs: entry.result.durationMs,
      createdAt: this.clock.now(),
    };
    await this.repository.insertDelivery(row);
    if (!entry.result.ok) {
      this.logger.warn({ msg: 'webhook delivery failed', webhookId: webhook.id, status: entry.status, reason: row.error });
    }
    const { webhookId: _webhookId, organizationId: _organizationId, ...view } = row;

    return view;
  }

  private async countFinalFailure(webhook: Webhook) {
    const limit = this.config.integrations.webhookDisableAfterFailures;
    const now = this.clock.now();
    await this.repository.transaction(async (manager) => {
      const disabledNow = await this.repository.countFinalFailure(manager, webhook.id, limit, now);
      if (!disabledNow) return;
      this.logger.warn({ msg: 'webhook switched off after repeated failures', webhookId: webhook.id, failures: limit });
      const admins = await this.repository.usersWithRight(webhook.organizationId, 'administration', ['write'], manager);
      const mail = webhookDisabledMail({ url: webhook.url, failures: limit, publicUrl: this.config.http.publicUrl });
      for (const admin of admins) {
        await this.jobs.enqueue(
          MailJobName.SendMail,
          { to: admin.email, ...mail },
          { manager, dedupKey: `webhook-disabled:${webhook.id}:${now.getTime()}:${admin.userId}` },
        );
      }
    });
  }
}
