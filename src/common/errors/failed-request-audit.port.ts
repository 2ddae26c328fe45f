import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { DomainError } from './domain.error';

// The error filter's way to get a failed request into the audit trail without common knowing the
// audit module: audit provides it under this token (AuditModule) and decides which failures are
// recorded, as its interceptor does for successful requests.
export const FAILED_REQUEST_AUDIT = Symbol('FAILED_REQUEST_AUDIT');

export interface FailedRequestAudit {
  // `handler`: the route's handler when the request reached one. Rejects when the line could not
  // be written (the audit service has logged it).
  recordFailure(
    request: Request,
    handler: ReturnType<ExecutionContext['getHandler']> | undefined,
    error: DomainError,
  ): Promise<void>;
}
