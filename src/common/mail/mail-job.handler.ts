import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JobName } from '../jobs/job-definitions';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { MAIL_SENDER, MailSender } from './mail-sender.port';

// Mail goes out through a job so that a failing SMTP server delays mail instead of failing the
// request that caused it. SMTP has no idempotency: a retry after a timeout may send twice,
// which is the lesser evil for notices.
@Injectable()
export class MailJobHandler implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    @Inject(MAIL_SENDER) private readonly sender: MailSender,
  ) {}

  onModuleInit() {
    this.registry.register(JobName.SendMail, async (payload) => {
      await this.sender.send(payload);
    });
  }
}
