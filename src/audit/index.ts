// The public face of the audit module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/audit is internal.
export { AuditInterceptor } from './audit.interceptor';
export { AuditModule } from './audit.module';
export { AuditEvent } from './entities/audit-event.entity';
export { AUDIT_ENTITIES } from './audit.entities';
export { AuditService } from './audit.service';
export { Audited, NotAudited } from './audited';
