import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MailJobName } from './mail.jobs';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { JobsService } from '../jobs/jobs.service';
import { stripUnsafeText } from '../http/safe-text';
import { MailSecrets } from './mail-secrets';
import { MAIL_SENDER, MailSender } from './mail-sender.port';

// A subject is one line whatever text went into it (a title stored before titles were checked):
// no line break can add a header, no bidi override can disguise it.
export function mailSubject(subject: string): string {
  return stripUnsafeText(subject).replace(/ {2,}/g, ' ').trim() || '-';
}

// Mail goes out through a job so that a failing SMTP server delays mail instead of failing the
// request that caused it. SMTP has no idempotency: a retry after a timeout may send twice,
// which is the lesser evil for notices.
@Injectable()
export class MailJobHandler implements OnModuleInit {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly registry: JobHandlerRegistry,
    @Inject(MAIL_SENDER) private readonly sender: MailSender,
    private readonly secrets: MailSecrets,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit() {
    this.registry.register(MailJobName.SendMail, async (payload, job) => {
      // Sent already: the sealed secret is blanked only after the mail went out, so a run that
      // finds it blank (a retry after the job's completion was not recorded) would send a broken
      // link. The mail was delivered; nothing to do.
      if (payload.sealedSecret === '') {
        this.logger.log(`job ${job.id}: mail already sent (its secret was blanked after sending)`);
        return;
      }
      const message = this.secrets.reveal(payload);
      await this.sender.send({ ...message, subject: mailSubject(message.subject) });
      if (payload.sealedSecret === undefined) return;
      // Sent: the job row keeps no copy of the secret, even sealed. Failing that, the mail is not
      // sent again (the sealed copy goes with the job's purge).
      await this.jobs.redactPayload(job.id, 'sealedSecret').catch((error: Error) => {
        this.logger.warn(`could not remove the sealed secret of job ${job.id}: ${error.message}`);
      });
    });
  }
}
