import { ErrorCode } from './error-catalog';

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
}
