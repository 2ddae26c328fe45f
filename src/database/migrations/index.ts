import { AccountsKeysLogin1796651822532 } from './1796651822532-AccountsKeysLogin';
import { AuditAppendOnly1795317000000 } from './1795317000000-AuditAppendOnly';
import { DocumentFlow1795327478579 } from './1795327478579-DocumentFlow';
import { Initial1795316881599 } from './1795316881599-Initial';
import { Integrations1795327688502 } from './1795327688502-Integrations';
import { OrganizationEventsAppendOnly1795327688600 } from './1795327688600-OrganizationEventsAppendOnly';
import { DraftDeletion1796673514670 } from './1796673514670-DraftDeletion';
import { PendingEmail1796676550498 } from './1796676550498-PendingEmail';
import { RecipientUniqueWhileTakingPart1796680000000 } from './1796680000000-RecipientUniqueWhileTakingPart';
import { ProposedMemberships1796652822665 } from './1796652822665-ProposedMemberships';
import { RegistrationSignatureLoginLegal1795326295515 } from './1795326295515-RegistrationSignatureLoginLegal';
import { RecipientWithdrawn1796660000000 } from './1796660000000-RecipientWithdrawn';
import { RevokeApiKeysWithoutPerson1796651822000 } from './1796651822000-RevokeApiKeysWithoutPerson';

// Generated migrations, in order. `npm run migration:generate -- src/database/migrations/Name`
// writes a new file here; add it to this list (a test fails when entities and migrations disagree).
export const MIGRATIONS = [
  Initial1795316881599,
  AuditAppendOnly1795317000000,
  RegistrationSignatureLoginLegal1795326295515,
  DocumentFlow1795327478579,
  Integrations1795327688502,
  OrganizationEventsAppendOnly1795327688600,
  RevokeApiKeysWithoutPerson1796651822000,
  AccountsKeysLogin1796651822532,
  ProposedMemberships1796652822665,
  RecipientWithdrawn1796660000000,
  DraftDeletion1796673514670,
  PendingEmail1796676550498,
  RecipientUniqueWhileTakingPart1796680000000,
];
