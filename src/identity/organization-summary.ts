import type { OrganizationKind } from './entities/organization.entity';

// What other modules may know of an organization: who it is, not the identity module's entity.
// The document flow names the sender by it (views, mails, statements) and checks signers
// against its identifier.
export interface OrganizationSummary {
  id: string;
  identifier: string;
  name: string;
  kind: OrganizationKind;
}
