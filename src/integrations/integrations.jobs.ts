import { IsUUID, Matches } from 'class-validator';
import { defineJobs } from '../common/jobs/job-definitions';

export enum IntegrationsJobName {
  DeliverWebhook = 'webhooks.deliver',
  NotifyOrganizationEvent = 'notifications.event',
  ScheduleDailyDigests = 'notifications.digest-daily',
  SendOrganizationDigest = 'notifications.digest',
}

// One feed event to one webhook; the event is read back by its seq.
export class DeliverWebhookPayload {
  @IsUUID()
  webhookId!: string;

  @IsUUID()
  organizationId!: string;

  @Matches(/^[1-9]\d{0,18}$/)
  eventSeq!: string;
}

// Fans one feed event out to the notification e-mails of the organization's users.
export class NotifyOrganizationEventPayload {
  @IsUUID()
  organizationId!: string;

  @Matches(/^[1-9]\d{0,18}$/)
  eventSeq!: string;
}

// Once a day: starts one digest per organization and schedules the next day.
export class ScheduleDailyDigestsPayload {
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  day!: string;
}

export class SendOrganizationDigestPayload {
  @IsUUID()
  organizationId!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  day!: string;
}

declare module '../common/jobs/job-definitions' {
  interface JobPayloads {
    [IntegrationsJobName.DeliverWebhook]: DeliverWebhookPayload;
    [IntegrationsJobName.NotifyOrganizationEvent]: NotifyOrganizationEventPayload;
    [IntegrationsJobName.ScheduleDailyDigests]: ScheduleDailyDigestsPayload;
    [IntegrationsJobName.SendOrganizationDigest]: SendOrganizationDigestPayload;
  }
}

export const INTEGRATIONS_JOBS = defineJobs({
  [IntegrationsJobName.DeliverWebhook]: { version: 1, payload: DeliverWebhookPayload },
  [IntegrationsJobName.NotifyOrganizationEvent]: { version: 1, payload: NotifyOrganizationEventPayload },
  [IntegrationsJobName.ScheduleDailyDigests]: { version: 1, payload: ScheduleDailyDigestsPayload },
  [IntegrationsJobName.SendOrganizationDigest]: { version: 1, payload: SendOrganizationDigestPayload },
});
