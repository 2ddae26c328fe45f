import { SetMetadata } from '@nestjs/common';
import type { AuditAction } from './audit-actions';

// Route annotations read by the audit interceptor and by the failed-request auditor.
export const AUDIT_ACTION = 'edo:audit';
export const NOT_AUDITED = 'edo:not-audited';

// A POST that changes nothing (e.g. public signature verification): no audit line, which would
// otherwise let anonymous callers flood the trail.
export const NotAudited = () => SetMetadata(NOT_AUDITED, true);

export interface AuditMetadata {
  action: AuditAction;
  targetType?: string;
  // Body field that names the actor when nobody is authenticated yet (login).
  actorLabelField?: string;
  // The route parameter that is the target (default `id`); null: the route's `id` is not the
  // target (e.g. the organization in /organizations/:id/invitations), the answer's id is.
  targetParam?: string | null;
}
export const Audited = (
  action: AuditAction,
  targetType?: string,
  options: { actorLabelField?: string; targetParam?: string | null } = {},
) => SetMetadata(AUDIT_ACTION, { action, targetType, ...options } satisfies AuditMetadata);
