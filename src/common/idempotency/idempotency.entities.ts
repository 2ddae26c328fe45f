import { IdempotencyRecord } from './idempotency-record.entity';

// The table of stored responses; the composition root (src/entities.ts) registers it.
export const IDEMPOTENCY_ENTITIES = [IdempotencyRecord];
