import { randomBytes } from 'node:crypto';
import { developmentSecretKey, SecretBox } from '../common/security/secret-box';

// Webhook signing secrets must be recoverable (an HMAC needs the secret itself, a hash would not
// do), so they are stored encrypted: AES-256-GCM under WEBHOOK_SECRET_KEY, with the webhook id as
// associated data so that a ciphertext copied onto another row does not decrypt. A database dump
// alone then reveals no secret.
export class WebhookSecretBox extends SecretBox {
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the webhook secret key must be 32 bytes');
    super(key);
  }

  // The development key: fixed, public, so that a local database keeps working across restarts.
  static developmentKey(): Buffer {
    return developmentSecretKey();
  }
}

// "whsec_" + 256 random bits, the form shown to the client once.
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
