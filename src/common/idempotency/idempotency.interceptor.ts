import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, Observable, of, switchMap, throwError } from 'rxjs';
import { Clock } from '../clock';
import { DomainError } from '../errors/domain.error';
import { CommonErrorCode } from '../errors/common.errors';
import type { Principal } from '../security/principal';
import { sha256Hex } from '../security/secrets';
import { IdempotencyContext, idempotencyContext, IdempotentReplay } from './idempotency-context';
import { IdempotencyState } from './idempotency-record.entity';
import { IdempotencyRepository } from './idempotency.repository';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
// No request of ours runs this long; an older in-progress claim was left by a crashed process.
export const IDEMPOTENCY_ABANDONED_MS = 5 * 60_000;
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

function isMultipartRequest(request: Request): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
}

function scopeOf(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.userId}:${principal.organizationId}`;
    case 'api_key':
      return `api_key:${principal.apiKeyId}`;
    case 'operator':
      return 'operator';
  }
}

// Stable JSON (sorted keys), so that the same body with its fields in another order is the
// same request.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method}\n${path}\n${canonicalJson(body ?? null)}`);
}

// `Idempotency-Key` on POST: the first request runs and its response is stored; a retry with the
// same key and body gets the stored response (marked Idempotent-Replayed); the same key with
// another body is a conflict. A request that failed leaves no record, so it may be retried.
// A multipart upload's body is its file: such a request claims its key only once the handler has
// read the file (IdempotencyScope.claimContent, with the file's SHA-256), so that a retry with
// another file under the same key is a conflict, not a replay that drops the new file.
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header(IDEMPOTENCY_HEADER);
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    if (!VALID_KEY.test(key)) throw new DomainError(CommonErrorCode.IdempotencyKeyInvalid);

    const scope = scopeOf(request.principal);
    const state: IdempotencyContext = { stored: false, statusCode: () => response.statusCode };
    // Claims the key for this request's fingerprint; answers the stored response instead when the
    // key was used before by the same request.
    const claim = async (fingerprint: string): Promise<{ replay: IdempotentReplay } | undefined> => {
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
      const abandonedBefore = new Date(now.getTime() - IDEMPOTENCY_ABANDONED_MS);
      const claimed = await this.repository.claim(scope, key, fingerprint, now, expiresAt, abandonedBefore);
      if (claimed.claimed) {
        state.claim = { id: claimed.id, scope, key };
        return undefined;
      }
      const { existing } = claimed;
      if (existing.requestHash !== fingerprint) throw new DomainError(CommonErrorCode.IdempotencyKeyReused);
      if (existing.state !== IdempotencyState.Completed) throw new DomainError(CommonErrorCode.IdempotencyRequestInProgress);
      return { replay: new IdempotentReplay(existing.responseStatus ?? 200, existing.responseBody) };
    };
    const replay = (stored: IdempotentReplay) => {
      response.status(stored.status);
      response.setHeader('Idempotent-Replayed', 'true');
      return of(stored.body);
    };
    const handle = () =>
      idempotencyContext
        .run(state, () => next.handle())
        .pipe(
          switchMap((body: unknown) => {
            if (!state.claim || state.stored) return of(body);
            return from(this.repository.complete(state.claim, response.statusCode, body).then(() => body));
          }),
          catchError((error: unknown) => {
            if (error instanceof IdempotentReplay) return replay(error);
            if (!state.claim) return throwError(() => error);
            return from(this.repository.release(state.claim.id)).pipe(switchMap(() => throwError(() => error)));
          }),
        );

    if (isMultipartRequest(request)) {
      const path = request.originalUrl;
      state.claimContent = async (content: unknown) => {
        const claimed = await claim(requestFingerprint(request.method, path, { multipart: content }));
        if (claimed) throw claimed.replay;
      };
      return handle();
    }

    const fingerprint = requestFingerprint(request.method, request.originalUrl, request.body);
    return from(claim(fingerprint)).pipe(switchMap((claimed) => (claimed ? replay(claimed.replay) : handle())));
  }
}
