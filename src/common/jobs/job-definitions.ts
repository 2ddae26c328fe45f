import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export enum JobName {
  SendMail = 'mail.send',
  PurgeExpiredRecords = 'maintenance.purge-expired',
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
}

export class PurgeExpiredRecordsPayload {}

// Each job's payload schema and version. A worker meeting a version it does not know fails the
// job loudly instead of guessing.
export const JOB_DEFINITIONS = {
  [JobName.SendMail]: { version: 1, payload: SendMailPayload },
  [JobName.PurgeExpiredRecords]: { version: 1, payload: PurgeExpiredRecordsPayload },
} satisfies Record<JobName, { version: number; payload: new () => object }>;

export type JobPayload<N extends JobName> = InstanceType<(typeof JOB_DEFINITIONS)[N]['payload']>;
