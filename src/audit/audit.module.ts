import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { FAILED_REQUEST_AUDIT } from '../common/errors/failed-request-audit.port';
import { FailedRequestAuditor } from './failed-request-auditor';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, { provide: FAILED_REQUEST_AUDIT, useClass: FailedRequestAuditor }],
  // FAILED_REQUEST_AUDIT: the error filter (common) records failed requests through it.
  exports: [AuditService, FAILED_REQUEST_AUDIT],
})
export class AuditModule {}
