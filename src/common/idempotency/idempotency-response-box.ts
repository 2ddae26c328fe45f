import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { developmentSecretKey, SecretBox } from '../security/secret-box';

// The record a response is stored for: its sealed body is bound to (scope, key).
export interface IdempotencyClaim {
  id: string;
  scope: string;
  key: string;
}

// How a response body is kept in idempotency_records."responseBody" (jsonb): sealed, as
// {"sealed": "<SecretBox v1 text>"}. The SecretBox text carries its own version.
interface SealedResponse {
  sealed: string;
}

function isSealedResponse(stored: unknown): stored is SealedResponse {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return false;
  const keys = Object.keys(stored);

  return keys.length === 1 && keys[0] === 'sealed' && typeof (stored as SealedResponse).sealed === 'string';
}

// A stored response may carry a secret shown once (a new API key, a webhook signing secret), and
// it is kept for 24 hours to be replayed: it is sealed at rest (AES-256-GCM, a key derived from
// WEBHOOK_SECRET_KEY for this purpose), with the record's scope and Idempotency-Key as associated
// data, so that a sealed body copied onto another record (another principal's) does not open.
// A row stored before bodies were sealed (a plain JSON body, at most 24 hours old, removed by the
// expiry sweep) is replayed as it is: counting it as absent would run again a POST that was
// already done (a second API key, a second send), which is what the key exists to prevent.
@Injectable()
export class IdempotencyResponseBox {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    const key = config.integrations.webhookSecretKey;
    if (!key && config.isProduction) throw new Error('WEBHOOK_SECRET_KEY is required when NODE_ENV=production');
    this.box = SecretBox.derived(key ?? developmentSecretKey(), 'idempotency responses');
  }

  seal(body: unknown, claim: Pick<IdempotencyClaim, 'scope' | 'key'>): SealedResponse {
    return { sealed: this.box.seal(JSON.stringify(body ?? null), this.context(claim)) };
  }

  // Throws when a sealed body does not open (another key, or moved from another record).
  open(stored: unknown, claim: Pick<IdempotencyClaim, 'scope' | 'key'>): unknown {
    if (!isSealedResponse(stored)) return stored;

    let plaintext: string;
    try {
      plaintext = this.box.open(stored.sealed, this.context(claim));
    } catch {
      throw new Error('a stored idempotent response does not open (another WEBHOOK_SECRET_KEY, or another record)');
    }

    return JSON.parse(plaintext) as unknown;
  }

  // Neither a scope nor a key (printable ASCII) holds a line feed.
  private context({ scope, key }: Pick<IdempotencyClaim, 'scope' | 'key'>): string {
    return `idempotency response\n${scope}\n${key}`;
  }
}
