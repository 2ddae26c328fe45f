import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { decodeCursor, Page, toPage } from '../common/http/pagination';
import { redactPath } from '../common/http/access-log.middleware';
import { clientAddress } from '../common/http/client-source';
import type { Principal, TenantPrincipal } from '../common/security/principal';
import { currentRequestId } from '../common/logging/request-context';
import { AUDIT_ACTIONS, AuditAction } from './audit-actions';
import { AuditRepository } from './audit.repository';
import type { AuditMetadata } from './audited';
import { ActorType, AuditEvent, AuditResult } from './entities/audit-event.entity';
import type { AuditQueryDto } from './dto/audit-query.dto';

export interface RequestOutcome {
  statusCode: number;
  errorCode?: string;
  // The id of what was acted on, when the route does not name it (e.g. a created resource).
  targetId?: string;
  // For failures before authentication: the account and organizations concerned.
  attribution?: { actorId: string; organizationIds: string[] };
}

// One line of the audit trail as the API shows it: the sequence number is its id; the actor's and
// the target's names as the organization knows them now (null when it does not know them).
export type AuditEventView = Omit<AuditEvent, 'seq'> & { id: string; actorName: string | null; targetName: string | null };

export function presentAuditEvent(row: AuditEvent, names: ReadonlyMap<string, string> = new Map()): AuditEventView {
  const { seq, ...fields } = row;

  return {
    id: seq,
    ...fields,
    actorName: (row.actorId && names.get(`${row.actorType}:${row.actorId.toLowerCase()}`)) || null,
    targetName: (row.targetType && row.targetId && names.get(`${row.targetType}:${row.targetId.toLowerCase()}`)) || null,
  };
}

export interface AuditFiltersView {
  actions: AuditAction[];
  actors: { actorType: 'user' | 'api_key'; actorId: string; name: string }[];
}

function actorOf(principal: Principal | undefined): {
  actorType: ActorType;
  actorId: string | null;
  organizationId: string | null;
} {
  switch (principal?.kind) {
    case 'user':
      return { actorType: ActorType.User, actorId: principal.userId, organizationId: principal.organizationId };
    case 'api_key':
      return { actorType: ActorType.ApiKey, actorId: principal.apiKeyId, organizationId: principal.organizationId };
    case 'operator':
      return { actorType: ActorType.Operator, actorId: null, organizationId: null };
    default:
      return { actorType: ActorType.Anonymous, actorId: null, organizationId: null };
  }
}

// The audit trail [A 6.5]: who did what, in which organization, to what, when, from where, and
// whether it worked.
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly repository: AuditRepository) {}

  async recordRequest(request: Request, metadata: AuditMetadata | undefined, outcome: RequestOutcome) {
    const principal = request.principal;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const labelFromBody = metadata?.actorLabelField ? body[metadata.actorLabelField] : undefined;
    const targetParam = metadata?.targetParam === undefined ? 'id' : metadata.targetParam;
    const routeId = targetParam === null ? undefined : (request.params as Record<string, unknown> | undefined)?.[targetParam];
    const event = {
      ...actorOf(principal),
      actorLabel: (principal?.label ?? (typeof labelFromBody === 'string' ? labelFromBody : null))?.slice(0, 320) ?? null,
      action: metadata?.action ?? `${request.method} ${request.route?.path ?? redactPath(request.path)}`.slice(0, 100),
      targetType: metadata?.targetType ?? null,
      targetId: (typeof routeId === 'string' ? routeId : (outcome.targetId ?? null))?.slice(0, 100) ?? null,
      result: outcome.statusCode < 400 ? AuditResult.Success : AuditResult.Failure,
      errorCode: outcome.errorCode ?? null,
      httpMethod: request.method,
      path: redactPath(request.originalUrl.split('?')[0]).slice(0, 500),
      statusCode: outcome.statusCode,
      ip: clientAddress(request),
      userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
      requestId: currentRequestId() ?? null,
    };
    const attribution = principal ? undefined : outcome.attribution;
    const events = attribution?.organizationIds.length
      ? attribution.organizationIds.map((organizationId) => ({
          ...event,
          actorType: ActorType.User,
          actorId: attribution.actorId,
          organizationId,
        }))
      : [event];
    try {
      for (const row of events) await this.repository.insert(row);
    } catch (error) {
      // The action already happened; losing its audit line must at least be loud.
      this.logger.error({ msg: 'audit event not written', event }, error);
      throw error;
    }
  }

  // What the organization's trail says about one of its documents, oldest first (the evidence
  // package's audit part; src/documents reads it through here, not from the table).
  documentTrail(organizationId: string, documentId: string): Promise<AuditEvent[]> {
    return this.repository.forTarget(organizationId, 'document', documentId);
  }

  async list(principal: TenantPrincipal, query: AuditQueryDto): Promise<Page<AuditEventView>> {
    const beforeSeq = decodeCursor(query.cursor, ['seq'] as const)?.seq;
    if (beforeSeq !== undefined && !/^\d{1,18}$/.test(beforeSeq)) throw new DomainError(CommonErrorCode.CursorInvalid);
    const rows = await this.repository.list(principal.organizationId, query.limit, {
      beforeSeq,
      action: query.action,
      actorId: query.actorId,
    });

    const refs = rows.flatMap((row) => [
      ...(row.actorId ? [{ type: row.actorType as string, id: row.actorId }] : []),
      ...(row.targetType && row.targetId ? [{ type: row.targetType, id: row.targetId }] : []),
    ]);
    const names = await this.repository.names(principal.organizationId, refs);

    return toPage(
      rows,
      query.limit,
      (row) => ({ seq: row.seq }),
      (row) => presentAuditEvent(row, names),
    );
  }

  // What the cabinet's filters offer: every named action, and the people and keys of the organization.
  async filters(principal: TenantPrincipal): Promise<AuditFiltersView> {
    return { actions: [...AUDIT_ACTIONS], actors: await this.repository.actors(principal.organizationId) };
  }
}
