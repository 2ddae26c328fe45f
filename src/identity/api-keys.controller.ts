import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { Audited } from '../audit';
import { UuidParam } from '../common/http/validation';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import { ApiErrors, PageOf } from '../common/http/openapi';
import { PageQuery } from '../common/http/pagination';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { ApiKeysService } from './api-keys.service';
import { NewApiKeyDto } from './dto/identity.dto';
import { ApiKeyCreatedResponse, ApiKeyResponse, ApiKeyRevokedResponse } from './identity.api';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'API keys of the organization, live and revoked (administration: read)' })
  @ApiOkResponse({ type: PageOf(ApiKeyResponse) })
  // 400 lists the shared codes too: a status a route declares replaces the shared one.
  @ApiErrors(CommonErrorCode.CursorInvalid)
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() page: PageQuery) {
    return this.apiKeys.list(principal, page);
  }

  @Post()
  @RequireRight('administration', 'write')
  @Audited('api_key.create', 'api_key')
  @ApiOperation({
    summary: 'Create an API key acting for you, with rights up to your own (administration: write); the secret is shown once',
  })
  @ApiCreatedResponse({ type: ApiKeyCreatedResponse })
  @ApiErrors(IdentityErrorCode.RightsEscalation)
  create(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NewApiKeyDto) {
    return this.apiKeys.create(principal, dto);
  }

  @Delete(':id')
  @RequireRight('administration', 'write')
  @Audited('api_key.revoke', 'api_key')
  @ApiOperation({ summary: 'Revoke an API key and every key created with it (administration: write)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The API key' })
  @ApiOkResponse({ type: ApiKeyRevokedResponse, description: 'The revoked key.' })
  @ApiErrors(CommonErrorCode.NotFound, IdentityErrorCode.ApiKeyRevoked)
  revoke(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.apiKeys.revoke(principal, id);
  }
}
