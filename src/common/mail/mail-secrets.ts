import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { SendMailPayload } from './mail.jobs';
import { developmentSecretKey, SecretBox } from '../security/secret-box';
import type { MailMessage } from './mail-sender.port';

// Where a mail's sealed secret goes in its text and html.
export const MAIL_SECRET_PLACEHOLDER = '{{secret}}';

// A mail that carries a secret (a document link's token, known only when the link is made) is
// queued with the secret sealed (AES-256-GCM, a key derived from WEBHOOK_SECRET_KEY, bound to the
// recipient address) and the text holding a placeholder: no job row holds the plain secret, and
// the sealed copy is removed once the mail is sent.
@Injectable()
export class MailSecrets {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    const key = config.integrations.webhookSecretKey;
    if (!key && config.isProduction) throw new Error('WEBHOOK_SECRET_KEY is required when NODE_ENV=production');
    this.box = SecretBox.derived(key ?? developmentSecretKey(), 'mail secrets');
  }

  seal(secret: string, to: string): string {
    return this.box.seal(secret, `mail:${to.toLowerCase()}`);
  }

  // The message as it goes out: the placeholder replaced by the opened secret.
  reveal(payload: SendMailPayload): MailMessage {
    const { sealedSecret, ...message } = payload;
    if (sealedSecret === undefined) return message;
    const secret = this.box.open(sealedSecret, `mail:${payload.to.toLowerCase()}`);
    const fill = (text: string) => text.split(MAIL_SECRET_PLACEHOLDER).join(secret);

    return { ...message, text: fill(message.text), ...(message.html !== undefined && { html: fill(message.html) }) };
  }
}
