import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { MailMessage, MailSender } from './mail-sender.port';

// The mails hold e-mailed link tokens: their folder is the service user's alone.
const PRIVATE_FOLDER_MODE = 0o700;

// Embedded default: each message becomes an .eml file in a folder, and its links go to the log
// so a developer can follow them without a mail server.
export class FileMailSender implements MailSender {
  readonly driver = 'file' as const;
  private readonly transport: Transporter;
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: MailMessage): Promise<string> {
    const info = await this.transport.sendMail({ from: this.from, ...message });
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}`;
    await mkdir(this.dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    const file = path.join(this.dir, `${id}.eml`);
    await writeFile(`${file}.part`, info.message as Buffer);
    await rename(`${file}.part`, file);
    const links = message.text.match(/https?:\/\/\S+/g) ?? [];
    this.logger.log({ msg: 'mail written', to: message.to, subject: message.subject, file, links });

    return String(info.messageId);
  }

  async ping(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  }
}
