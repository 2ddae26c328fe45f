import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited, CurrentPrincipal, OperatorOnly } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewOrganizationDto } from './dto/identity.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@Controller('api/v1')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get('organization')
  current(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.organizations.current(principal);
  }

  @Post('operator/organizations')
  @OperatorOnly()
  @Audited('organization.create', 'organization')
  create(@Body() dto: NewOrganizationDto) {
    return this.organizations.createByOperator(dto);
  }
}
