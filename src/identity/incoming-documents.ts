import type { EntityManager } from 'typeorm';
import type { OrganizationSummary } from './organization-summary';

// A new organization's inbox starts with what was already sent to its BIN/IIN. The document flow
// owns those rows and implements this port (src/documents); identity calls it in the transaction
// that creates the organization (registration or operator onboarding), so the organization never
// exists without them.
export interface IncomingDocuments {
  attach(manager: EntityManager, organization: Pick<OrganizationSummary, 'id' | 'identifier'>): Promise<void>;
}

export const INCOMING_DOCUMENTS = Symbol('INCOMING_DOCUMENTS');
