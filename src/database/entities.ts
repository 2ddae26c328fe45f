import { AuditEvent } from '../audit/entities/audit-event.entity';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';
import { JobRecord } from '../common/jobs/job-record.entity';
import { ApiKey } from '../identity/entities/api-key.entity';
import { Membership } from '../identity/entities/membership.entity';
import { Organization } from '../identity/entities/organization.entity';
import { Session } from '../identity/entities/session.entity';
import { User } from '../identity/entities/user.entity';

// Every entity, in one list shared by the app and the TypeORM CLI data source.
export const ENTITIES = [Organization, User, Membership, Session, ApiKey, AuditEvent, IdempotencyRecord, JobRecord];
