import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommonErrorCode } from '../common/errors/common.errors';
import { ApiErrors, PageOf } from '../common/http/openapi';
import type { Page } from '../common/http/pagination';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { AuditEventView, AuditFiltersView, AuditService } from './audit.service';
import { AuditEventResponse, AuditFiltersResponse } from './dto/audit-event-response';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('filters')
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'What the audit trail can be filtered by: the named actions and the actors (administration: read)' })
  @ApiOkResponse({ type: AuditFiltersResponse })
  filters(@CurrentPrincipal() principal: TenantPrincipal): Promise<AuditFiltersView> {
    return this.audit.filters(principal);
  }

  @Get()
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: "The organization's audit trail, newest first: who did what, to what, when, from where" })
  @ApiOkResponse({ type: PageOf(AuditEventResponse) })
  // A route that declares a 400 of its own restates the shared ones.
  @ApiErrors(CommonErrorCode.CursorInvalid)
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.list(principal, query);
  }
}
