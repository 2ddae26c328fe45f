import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../errors/domain.error';
import { CommonErrorCode } from '../errors/common.errors';
import { ApiAuth } from '../http/openapi';
import type { Principal, TenantPrincipal } from './principal';
import type { RightArea } from './rights';

export const PUBLIC_ROUTE = 'edo:public';
export const OPERATOR_ROUTE = 'edo:operator';
export const REQUIRED_RIGHT = 'edo:required-right';
export const LOGIN_THROTTLED = 'edo:login-throttled';
export const LINK_THROTTLED = 'edo:link-throttled';

// No authentication needed (health, login, documentation).
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiAuth('public'));
// Only the service operator's token is accepted.
export const OperatorOnly = () => applyDecorators(SetMetadata(OPERATOR_ROUTE, true), ApiAuth('operator'));
// Counted against the tighter login budget (LOGIN_RATE_LIMIT_PER_MINUTE) as well.
export const LoginThrottled = () => SetMetadata(LOGIN_THROTTLED, true);
// Counted against the link budget (LINK_RATE_LIMIT_PER_MINUTE) as well: anonymous routes
// authorized by an unguessable token or id (e-mailed links, the public document card). A portal
// acting for many outsiders calls them from one address; its traffic must neither take the
// budget of its staff's logins nor be held to it.
export const LinkThrottled = () => SetMetadata(LINK_THROTTLED, true);
// The user or API key needs at least this level in this area.
export const RequireRight = (area: RightArea, level: 'read' | 'write') => SetMetadata(REQUIRED_RIGHT, { area, level });

// The authenticated tenant principal (a user session or an API key) of this request.
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): TenantPrincipal => {
  const principal = context.switchToHttp().getRequest<Request>().principal;
  if (!principal || principal.kind === 'operator') throw new DomainError(CommonErrorCode.AuthRequired);

  return principal;
});

export const CurrentOperator = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<Request>().principal;
  if (principal?.kind !== 'operator') throw new DomainError(CommonErrorCode.OperatorAuthRequired);

  return principal;
});
