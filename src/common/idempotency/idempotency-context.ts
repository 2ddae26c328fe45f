import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from '../persistence/transaction';
import type { IdempotencyClaim } from './idempotency-response-box';
import { IdempotencyRepository } from './idempotency.repository';

// What a request made with an Idempotency-Key carries through its handler (AsyncLocalStorage):
// - a multipart request cannot be told from another before its file is read: it claims its key
//   only when the handler knows the content (claimContent, with the file's SHA-256);
// - an operation that commits in a transaction stores its response in that same transaction
//   (completeWithin): a crash after the commit cannot leave the key "in progress" with the
//   operation done, so its retry is replayed.
export interface IdempotencyContext {
  // The record claimed for this request.
  claim?: IdempotencyClaim;
  // The response is already stored (by completeWithin).
  stored: boolean;
  statusCode(): number;
  // Set for a deferred (multipart) request until it has claimed.
  claimContent?: (content: unknown) => Promise<void>;
}

export const idempotencyContext = new AsyncLocalStorage<IdempotencyContext>();

// Thrown by claimContent when the key was used before with the same content: the interceptor
// answers the stored response; the handler only undoes what it did so far (e.g. a stored file).
export class IdempotentReplay extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('idempotent replay');
  }
}

@Injectable()
export class IdempotencyScope {
  constructor(private readonly repository: IdempotencyRepository) {}

  // The multipart handler's content, once read (fields, file name, size and SHA-256): claims the
  // request's key for it. Throws IdempotentReplay or the 409 conflicts; no-op without a key.
  async claimContent(content: unknown): Promise<void> {
    const context = idempotencyContext.getStore();
    if (!context?.claimContent) return;
    const claim = context.claimContent;
    context.claimContent = undefined;
    await claim(content);
  }

  // A claim is held whose response is not stored yet.
  isPending(): boolean {
    const context = idempotencyContext.getStore();
    return !!context?.claim && !context.stored;
  }

  // Stores `body` as the response, inside the caller's transaction.
  async completeWithin(manager: Transaction, body: unknown): Promise<void> {
    const context = idempotencyContext.getStore();
    if (!context?.claim || context.stored) return;
    await this.repository.complete(context.claim, context.statusCode(), body, manager);
    context.stored = true;
  }
}
