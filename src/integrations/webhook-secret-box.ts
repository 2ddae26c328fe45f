import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

// Webhook signing secrets must be recoverable (an HMAC needs the secret itself, a hash would not
// do), so they are stored encrypted: AES-256-GCM under WEBHOOK_SECRET_KEY, with the webhook id as
// associated data so that a ciphertext copied onto another row does not decrypt. A database dump
// alone then reveals no secret.
export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the webhook secret key must be 32 bytes');
    this.key = key;
  }

  // The development key: fixed, public, so that a local database keeps working across restarts.
  static developmentKey(): Buffer {
    return createHash('sha256').update('edo-kz development webhook secret key (not for production)').digest();
  }

  seal(plaintext: string, webhookId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(webhookId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);

    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string, webhookId: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('unknown webhook secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(webhookId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));

    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

// "whsec_" + 256 random bits, the form shown to the client once.
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
