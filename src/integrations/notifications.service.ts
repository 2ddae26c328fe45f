import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import {
  IntegrationsJobName,
  NotifyOrganizationEventPayload,
  ScheduleDailyDigestsPayload,
  SendOrganizationDigestPayload,
} from './integrations.jobs';
import { MailJobName } from '../common/mail/mail.jobs';
import { JobHandlerRegistry } from '../common/jobs/job-handler.registry';
import { JOB_RUNNER, JobRunner } from '../common/jobs/job-runner.port';
import { JobsService } from '../common/jobs/jobs.service';
import { PROCESS_ROLE, ProcessRole } from '../common/process-role';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain.error';
import { IntegrationsErrorCode } from './integrations.errors';
import type { TenantPrincipal } from '../common/security/principal';
import { IntegrationsRepository } from './integrations.repository';
import type { NotificationPreferencesDto } from './integrations.dto';
import { digestMail, eventMail } from './notification-mails';

const DAY_MS = 86_400_000;
// Documents listed in one digest; the mail says when there are more.
const DIGEST_MAX_DOCUMENTS = 50;

export interface NotificationPreferencesView {
  emailOnEvents: boolean;
  emailDigest: boolean;
}

// E-mails to an organization's users (documents:read or more, with an address): one per incoming
// document and per answer to the organization's documents, and a daily digest of documents
// still awaiting action. Everything goes through jobs, so a failing SMTP server only delays mail.
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly jobs: JobsService,
    private readonly repository: IntegrationsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  onModuleInit() {
    this.registry.register(IntegrationsJobName.NotifyOrganizationEvent, (payload) => this.notifyEvent(payload));
    this.registry.register(IntegrationsJobName.ScheduleDailyDigests, (payload) => this.scheduleDigests(payload));
    this.registry.register(IntegrationsJobName.SendOrganizationDigest, (payload) => this.sendDigest(payload));
  }

  // Like the maintenance job: whoever runs jobs keeps one daily chain going (dedup per day).
  async onApplicationBootstrap() {
    if (this.role === 'worker' || this.runner.driver === 'in-process') await this.scheduleDay(this.nextDigestDay());
  }

  // A user's choice of e-mails in the caller's organization (only users have one; API keys do not).
  async preferences(principal: TenantPrincipal): Promise<NotificationPreferencesView> {
    const userId = this.userOf(principal);
    const stored = await this.repository.findPreference(principal.organizationId, userId);

    return { emailOnEvents: stored?.emailOnEvents ?? true, emailDigest: stored?.emailDigest ?? true };
  }

  async updatePreferences(principal: TenantPrincipal, dto: NotificationPreferencesDto): Promise<NotificationPreferencesView> {
    const current = await this.preferences(principal);
    const next = {
      emailOnEvents: dto.emailOnEvents ?? current.emailOnEvents,
      emailDigest: dto.emailDigest ?? current.emailDigest,
    };
    await this.repository.savePreference({
      organizationId: principal.organizationId,
      userId: this.userOf(principal),
      ...next,
      updatedAt: this.clock.now(),
    });

    return next;
  }

  private userOf(principal: TenantPrincipal): string {
    if (principal.kind !== 'user') throw new DomainError(IntegrationsErrorCode.NotificationPreferencesUserOnly);

    return principal.userId;
  }

  // The mails of one feed event, one per user; the dedup keys make a retried fan-out harmless.
  async notifyEvent({ organizationId, eventSeq }: NotifyOrganizationEventPayload): Promise<void> {
    // Whom to mail first: with nobody, the event itself need not be read.
    const users = await this.repository.usersWithRight(
      organizationId,
      'documents',
      ['read', 'write'],
      undefined,
      'emailOnEvents',
    );
    if (users.length === 0) return;
    const event = await this.repository.findEvent(organizationId, eventSeq);
    if (!event) return;
    const mail = eventMail(event, this.config.http.publicUrl);
    // All the mails in one statement. Inside a transaction, like every fan-out: the runner that
    // runs this job picks them up in its current pass (nothing pokes another pass meanwhile).
    await this.repository.transaction((manager) =>
      this.jobs.enqueueMany(
        users.map((user) => ({
          name: MailJobName.SendMail,
          payload: { to: user.email, ...mail },
          dedupKey: `notify:${event.id}:${user.userId}`,
        })),
        { manager },
      ),
    );
  }

  // The run time of a digest day: that day at NOTIFICATION_DIGEST_HOUR_UTC.
  digestTime(day: string): Date {
    return new Date(`${day}T${String(this.config.integrations.digestHourUtc).padStart(2, '0')}:00:00.000Z`);
  }

  private nextDigestDay(): string {
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);

    return now < this.digestTime(today) ? today : new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
  }

  private async scheduleDay(day: string) {
    await this.jobs.enqueue(
      IntegrationsJobName.ScheduleDailyDigests,
      { day },
      { runAt: this.digestTime(day), dedupKey: `digest-daily:${day}` },
    );
  }

  // Starts the digest of every organization that received documents in the last 24 hours, then
  // schedules tomorrow's run.
  async scheduleDigests({ day }: ScheduleDailyDigestsPayload): Promise<void> {
    const until = this.digestTime(day);
    const organizations = await this.repository.organizationsWithReceivedDocuments(new Date(until.getTime() - DAY_MS), until);
    await this.repository.transaction(async (manager) => {
      for (const organizationId of organizations) {
        await this.jobs.enqueue(
          IntegrationsJobName.SendOrganizationDigest,
          { organizationId, day },
          { manager, dedupKey: `digest:${organizationId}:${day}` },
        );
      }
      const next = new Date(until.getTime() + DAY_MS).toISOString().slice(0, 10);
      await this.jobs.enqueue(
        IntegrationsJobName.ScheduleDailyDigests,
        { day: next },
        { manager, runAt: this.digestTime(next), dedupKey: `digest-daily:${next}` },
      );
    });
  }

  // Documents received within the 24 hours before the digest time that the feed shows no answer
  // to yet (signed, refused, correction requested). The documents tables belong to the documents
  // module; the feed alone is enough to tell what is still waiting.
  async sendDigest({ organizationId, day }: SendOrganizationDigestPayload): Promise<void> {
    const until = this.digestTime(day);
    const found = await this.repository.awaitingAction(
      organizationId,
      new Date(until.getTime() - DAY_MS),
      until,
      DIGEST_MAX_DOCUMENTS + 1,
    );
    if (!found.length) return;
    const mail = digestMail(
      found.slice(0, DIGEST_MAX_DOCUMENTS),
      found.length > DIGEST_MAX_DOCUMENTS,
      this.config.http.publicUrl,
    );
    await this.repository.transaction(async (manager) => {
      for (const user of await this.repository.usersWithRight(
        organizationId,
        'documents',
        ['read', 'write'],
        manager,
        'emailDigest',
      )) {
        await this.jobs.enqueue(
          MailJobName.SendMail,
          { to: user.email, ...mail },
          { manager, dedupKey: `digest:${organizationId}:${day}:${user.userId}` },
        );
      }
    });
  }
}
