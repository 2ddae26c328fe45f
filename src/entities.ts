import { AUDIT_ENTITIES } from './audit';
import { IDEMPOTENCY_ENTITIES } from './common/idempotency/idempotency.entities';
import { JOBS_ENTITIES } from './common/jobs/jobs.entities';
import { DOCUMENTS_ENTITIES } from './documents';
import { IDENTITY_ENTITIES } from './identity';
import { INTEGRATIONS_ENTITIES } from './integrations';
import { LEGAL_ENTITIES } from './legal';

// Every module's tables, for the app (app.module.ts) and the TypeORM CLI data source: the
// composition root knows the modules, database/ does not (it sits below the domain). A new
// module adds its list here.
export const APP_ENTITIES = [
  ...IDENTITY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...IDEMPOTENCY_ENTITIES,
  ...JOBS_ENTITIES,
  ...LEGAL_ENTITIES,
  ...INTEGRATIONS_ENTITIES,
  ...DOCUMENTS_ENTITIES,
];
