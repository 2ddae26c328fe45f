import { IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

export enum JobName {
  SendMail = 'mail.send',
  PurgeExpiredRecords = 'maintenance.purge-expired',
  DeliverWebhook = 'webhooks.deliver',
  NotifyOrganizationEvent = 'notifications.event',
  ScheduleDailyDigests = 'notifications.digest-daily',
  SendOrganizationDigest = 'notifications.digest',
  ResealDocumentSignatures = 'documents.reseal-signatures',
}

export class SendMailPayload {
  @IsEmail()
  to!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  subject!: string;

  @IsString()
  @MaxLength(200_000)
  text!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500_000)
  html?: string;

  // A secret the mail carries (a document link's token), sealed by MailSecrets: the text and html
  // hold MAIL_SECRET_PLACEHOLDER where it goes. Removed from the stored job once the mail is sent.
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  sealedSecret?: string;
}

export class PurgeExpiredRecordsPayload {}

// One feed event to one webhook (src/integrations); the event is read back by its seq.
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

// Each job's payload schema and version. A worker meeting a version it does not know fails the
// job loudly instead of guessing.
// Retries the evidence upgrade of recently accepted document signatures (src/documents).
export class ResealDocumentSignaturesPayload {}

export const JOB_DEFINITIONS = {
  [JobName.SendMail]: { version: 1, payload: SendMailPayload },
  [JobName.PurgeExpiredRecords]: { version: 1, payload: PurgeExpiredRecordsPayload },
  [JobName.DeliverWebhook]: { version: 1, payload: DeliverWebhookPayload },
  [JobName.NotifyOrganizationEvent]: { version: 1, payload: NotifyOrganizationEventPayload },
  [JobName.ScheduleDailyDigests]: { version: 1, payload: ScheduleDailyDigestsPayload },
  [JobName.SendOrganizationDigest]: { version: 1, payload: SendOrganizationDigestPayload },
  [JobName.ResealDocumentSignatures]: { version: 1, payload: ResealDocumentSignaturesPayload },
} satisfies Record<JobName, { version: number; payload: new () => object }>;

export type JobPayload<N extends JobName> = InstanceType<(typeof JOB_DEFINITIONS)[N]['payload']>;
