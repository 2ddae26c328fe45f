import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../../common/errors/domain.error';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { OPERATOR_ROUTE, PUBLIC_ROUTE, REQUIRED_RIGHT } from '../../common/security/decorators';
import { RightArea } from '../../common/security/rights';
import { hasRight } from '../rights';
import { AuthService } from './auth.service';

export const SESSION_COOKIE = 'edo_session';
export const CSRF_COOKIE = 'edo_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Global guard: every route needs a session cookie or an API key unless marked @Public();
// operator routes need the operator token; @RequireRight routes need that right.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<Request>();
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

    if (this.reflector.getAllAndOverride<boolean>(OPERATOR_ROUTE, targets)) {
      if (!bearer || !this.auth.isOperatorToken(bearer)) throw new DomainError(CommonErrorCode.OperatorAuthRequired);
      request.principal = { kind: 'operator', label: 'operator' };

      return true;
    }
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);

    if (bearer) {
      const principal = await this.auth.resolveApiKey(bearer);
      if (!principal) throw new DomainError(CommonErrorCode.AuthRequired);
      request.principal = principal;
    } else {
      const token = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const resolved = token ? await this.auth.resolveSession(token) : undefined;
      if (resolved) {
        // Cookies are sent by the browser on its own; a write must prove it comes from our page.
        const isCsrfSafe =
          SAFE_METHODS.has(request.method) || this.auth.isCsrfTokenValid(resolved.csrfTokenHash, request.header(CSRF_HEADER));
        if (isCsrfSafe) request.principal = resolved.principal;
        // On a public route (login) a stale cookie is simply ignored.
        else if (!isPublic) throw new DomainError(CommonErrorCode.CsrfTokenInvalid);
      }
    }
    if (isPublic) return true;
    const principal = request.principal;
    if (!principal) throw new DomainError(CommonErrorCode.AuthRequired);

    const required = this.reflector.getAllAndOverride<{ area: RightArea; level: 'read' | 'write' } | undefined>(
      REQUIRED_RIGHT,
      targets,
    );
    if (required && (principal.kind === 'operator' || !hasRight(principal.rights, required.area, required.level))) {
      throw new DomainError(CommonErrorCode.Forbidden, { required });
    }

    return true;
  }
}
