import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import type { TenantPrincipal } from '../common/security/principal';
import type { OrganizationSummary } from '../identity';
import type { Actor } from './persistence/document-history';
import type { Candidates } from './persistence/documents.repository';
import type { DocumentRecipient } from './entities/document-recipient.entity';
import type { DocumentRecord } from './entities/document.entity';
import type { SigningPolicyRules } from './signing-policy';

// What every document use case shares: who the caller is to a document, and the route's errors.

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const notFound = () => new DomainError(CommonErrorCode.NotFound);
export const invalid = (field: string, problem: string) =>
  new DomainError(CommonErrorCode.ValidationFailed, { fields: [{ field, problems: [problem] }] });

export type Side = 'sender' | 'recipient';

// What the caller is to a document: its sender, or one of its (registered) recipients.
export interface DocumentAccess {
  document: DocumentRecord;
  side: Side;
  // The caller's own recipient row (recipient side).
  recipient?: DocumentRecipient;
  // The sender's organization and the caller organization's signing rules, read with the
  // document (spares two reads on the signing paths).
  owner?: OrganizationSummary;
  callerRules?: SigningPolicyRules;
  // A send's recipients' candidates, when asked for (see DocumentsRepository.findAccess).
  candidates?: Candidates;
}

export function actorOf(principal: TenantPrincipal): Actor {
  return {
    organizationId: principal.organizationId,
    userId: principal.kind === 'user' ? principal.userId : null,
    label: principal.label,
  };
}
