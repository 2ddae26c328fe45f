import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { FileMailSender } from './file-mail-sender';
import { MailJobHandler } from './mail-job.handler';
import { MailSecrets } from './mail-secrets';
import { MAIL_SENDER, MailSender } from './mail-sender.port';
import { SmtpMailSender } from './smtp-mail-sender';

@Global()
@Module({
  providers: [
    {
      provide: MAIL_SENDER,
      inject: [AppConfig],
      useFactory: (config: AppConfig): MailSender =>
        config.mail.driver === 'smtp'
          ? new SmtpMailSender(config.mail.url, config.mail.from)
          : new FileMailSender(config.mail.dir, config.mail.from),
    },
    MailJobHandler,
    MailSecrets,
  ],
  exports: [MAIL_SENDER, MailSecrets],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_SENDER) private readonly sender: MailSender) {}

  onApplicationShutdown() {
    if (this.sender instanceof SmtpMailSender) this.sender.close();
  }
}
