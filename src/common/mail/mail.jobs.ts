import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { defineJobs } from '../jobs/job-definitions';

export enum MailJobName {
  SendMail = 'mail.send',
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

declare module '../jobs/job-definitions' {
  interface JobPayloads {
    [MailJobName.SendMail]: SendMailPayload;
  }
}

export const MAIL_JOBS = defineJobs({
  [MailJobName.SendMail]: { version: 1, payload: SendMailPayload },
});
