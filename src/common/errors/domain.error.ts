import type { ErrorCode } from './error-definitions';

// The one error type services throw. The global filter turns it into the JSON error body.
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    // Extra response headers (e.g. Retry-After for a lockout).
    readonly headers?: Record<string, string>,
  ) {
    super(code);
    this.name = 'DomainError';
  }

  // Who the failed action concerns when nobody is authenticated yet (a wrong password for a
  // known user): the audit trail files the failure under that user's organizations. Never sent
  // to the client.
  attribution?: { actorId: string; organizationIds: string[] };

  attributeTo(actorId: string, organizationIds: string[]): this {
    this.attribution = { actorId, organizationIds };

    return this;
  }
}
