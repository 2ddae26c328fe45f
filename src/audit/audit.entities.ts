import { AuditEvent } from './entities/audit-event.entity';

// The tables audit owns; the composition root (src/entities.ts) registers them.
export const AUDIT_ENTITIES = [AuditEvent];
