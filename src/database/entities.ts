import { AuditEvent } from '../audit/entities/audit-event.entity';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';
import { JobRecord } from '../common/jobs/job-record.entity';
import { ApiKey } from '../identity/entities/api-key.entity';
import { Invitation } from '../identity/entities/invitation.entity';
import { Membership } from '../identity/entities/membership.entity';
import { Organization } from '../identity/entities/organization.entity';
import { Session } from '../identity/entities/session.entity';
import { SignatureChallenge } from '../identity/entities/signature-challenge.entity';
import { User } from '../identity/entities/user.entity';
import { LegalAcceptance } from '../legal/entities/legal-acceptance.entity';
import { LegalDocumentVersion } from '../legal/entities/legal-document-version.entity';

// Every entity, in one list shared by the app and the TypeORM CLI data source.
export const ENTITIES = [
  Organization,
  User,
  Membership,
  Session,
  ApiKey,
  AuditEvent,
  IdempotencyRecord,
  JobRecord,
  SignatureChallenge,
  Invitation,
  LegalDocumentVersion,
  LegalAcceptance,
];
