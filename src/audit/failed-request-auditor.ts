import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { DomainError } from '../common/errors/domain.error';
import { errorEntry } from '../common/errors/error-definitions';
import type { FailedRequestAudit } from '../common/errors/failed-request-audit.port';
import { READ_ONLY_METHODS } from './audit.interceptor';
import { AUDIT_ACTION, AuditMetadata, NOT_AUDITED } from './audited';
import { AuditService } from './audit.service';

// A failed state-changing request (or a failed login) is audited like a successful one; the
// error filter calls this through FAILED_REQUEST_AUDIT.
@Injectable()
export class FailedRequestAuditor implements FailedRequestAudit {
  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  async recordFailure(request: Request, handler: ReturnType<ExecutionContext['getHandler']> | undefined, error: DomainError) {
    const metadata =
      request.auditMetadata ?? (handler ? this.reflector.get<AuditMetadata | undefined>(AUDIT_ACTION, handler) : undefined);
    if (READ_ONLY_METHODS.has(request.method) && !metadata) return;
    if (request.isNotAudited || (handler && this.reflector.get<boolean>(NOT_AUDITED, handler))) return;
    await this.audit.recordRequest(request, metadata, {
      statusCode: errorEntry(error.code).status,
      errorCode: error.code,
      attribution: error.attribution,
    });
  }
}
