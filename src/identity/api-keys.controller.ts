import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/http/validation';
import { ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../common/http/pagination';
import { Audited, CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { ApiKeysService } from './api-keys.service';
import { NewApiKeyDto } from './dto/identity.dto';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @RequireRight('administration', 'read')
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() page: PageQuery) {
    return this.apiKeys.list(principal, page);
  }

  @Post()
  @RequireRight('administration', 'write')
  @Audited('api_key.create', 'api_key')
  create(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NewApiKeyDto) {
    return this.apiKeys.create(principal, dto);
  }

  @Delete(':id')
  @RequireRight('administration', 'write')
  @Audited('api_key.revoke', 'api_key')
  revoke(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.apiKeys.revoke(principal, id);
  }
}
