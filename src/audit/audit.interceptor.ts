import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { AuditService } from './audit.service';
import { AUDIT_ACTION, AuditMetadata, NOT_AUDITED } from './audited';

export const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Records every successful state-changing request before its response is sent (failures are
// recorded by the error filter). The response waits for the audit line, so nothing reaches a
// client that is not in the trail.
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const metadata = this.reflector.get<AuditMetadata | undefined>(AUDIT_ACTION, context.getHandler());
    if (READ_ONLY_METHODS.has(request.method) && !metadata) return next.handle();
    if (this.reflector.get<boolean>(NOT_AUDITED, context.getHandler())) {
      request.isNotAudited = true;
      return next.handle();
    }
    // Lets the error filter name the action of a failed request.
    request.auditMetadata = metadata;

    return next.handle().pipe(
      switchMap((result: unknown) =>
        from(
          this.audit
            .recordRequest(request, metadata, {
              statusCode: context.switchToHttp().getResponse<Response>().statusCode,
              targetId: findId(result),
            })
            .then(() => result),
        ),
      ),
    );
  }
}

function findId(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const record = result as Record<string, unknown>;
  if (typeof record.id === 'string') return record.id;
  for (const value of Object.values(record)) {
    if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).id === 'string') {
      return (value as Record<string, string>).id;
    }
  }

  return undefined;
}

declare module 'express-serve-static-core' {
  interface Request {
    auditMetadata?: AuditMetadata;
    isNotAudited?: boolean;
  }
}
