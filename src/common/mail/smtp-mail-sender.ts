import nodemailer, { Transporter } from 'nodemailer';
import { MailMessage, MailSender } from './mail-sender.port';

export class SmtpMailSender implements MailSender {
  readonly driver = 'smtp' as const;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: MailMessage): Promise<string> {
    const info = await this.transport.sendMail({ from: this.from, ...message });

    return String(info.messageId);
  }

  async ping(): Promise<void> {
    await this.transport.verify();
  }

  close() {
    this.transport.close();
  }
}
