import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-catalog';
import { ApiErrors } from '../common/http/openapi';
import { Audited, CurrentPrincipal, OperatorOnly } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewOrganizationDto } from './dto/identity.dto';
import { CreatedOrganizationResponse, OrganizationResponse } from './identity.api';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@Controller('api/v1')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get('organization')
  @ApiOperation({ summary: "The caller's organization" })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiErrors(ErrorCode.NotFound)
  current(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.organizations.current(principal);
  }

  @Post('operator/organizations')
  @OperatorOnly()
  @Audited('organization.create', 'organization')
  @ApiOperation({
    summary:
      'Operator onboarding (support only): an organization, its main user with full rights (a known IIN or e-mail keeps its account) and a first API key, shown once',
  })
  @ApiCreatedResponse({ type: CreatedOrganizationResponse })
  @ApiErrors(ErrorCode.OrganizationExists)
  create(@Body() dto: NewOrganizationDto) {
    return this.organizations.createByOperator(dto);
  }
}
