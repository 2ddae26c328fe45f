export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface MailSender {
  readonly driver: 'smtp' | 'file';
  // Resolves with the message id once the message is handed over (or written).
  send(message: MailMessage): Promise<string>;
  ping(): Promise<void>;
}

export const MAIL_SENDER = Symbol('MAIL_SENDER');
