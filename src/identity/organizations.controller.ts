import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audited } from '../audit';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import { ApiErrors } from '../common/http/openapi';
import { CurrentPrincipal, OperatorOnly, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewOrganizationDto } from './dto/identity.dto';
import { CreatedOrganizationResponse, OrganizationResponse, ParticipantResponse } from './identity.api';
import { AppConfig } from '../config/app-config';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@Controller('api/v1')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    // ThrottlerStorage is an interface and a token: the storage the throttler guard uses (Redis).
    @Inject(ThrottlerStorage) private readonly throttler: ThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  @Get('organization')
  @ApiOperation({ summary: "The caller's organization" })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  current(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.organizations.current(principal);
  }

  // For the send form: whom the typed BIN/IIN belongs to. Only for those who may send (documents
  // write), and it tells only what a counterparty sees anyway (name, kind). Its own small budget
  // per organization (PARTICIPANT_LOOKUP_RATE_LIMIT_PER_MINUTE, in the shared throttler storage, so
  // across replicas and whatever the key or address): enough for typing, too few to walk the
  // register of names. A read: not audited, like the others.
  @Get('participants/:identifier')
  @RequireRight('documents', 'write')
  @ApiOperation({
    summary: 'Whom a BIN/IIN belongs to, when it is a registered participant (before sending to it)',
    description:
      'Answers the name and kind its counterparties see on its documents; 404 PARTICIPANT_NOT_REGISTERED when no ' +
      'participant has it (a document sent to it goes by an e-mailed link). At most ' +
      'PARTICIPANT_LOOKUP_RATE_LIMIT_PER_MINUTE (default 20) lookups a minute per organization, all its users and ' +
      'keys together; beyond that 429 RATE_LIMITED with Retry-After.',
  })
  @ApiParam({ name: 'identifier', description: 'BIN or IIN, 12 digits.', schema: { type: 'string', pattern: '^\\d{12}$' } })
  @ApiOkResponse({ type: ParticipantResponse })
  @ApiErrors(IdentityErrorCode.ParticipantNotRegistered)
  async participant(
    @CurrentPrincipal() principal: TenantPrincipal,
    @Param('identifier') identifier: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const limit = this.config.security.participantLookupsPerMinute;
    const counted = await this.throttler.increment(
      `participants:${principal.organizationId}`,
      60_000,
      limit,
      60_000,
      'participants',
    );
    if (counted.isBlocked) {
      response.setHeader('Retry-After', String(Math.max(1, counted.timeToBlockExpire)));
      throw new DomainError(CommonErrorCode.RateLimited);
    }
    return this.organizations.participant(identifier);
  }

  @Post('operator/organizations')
  @OperatorOnly()
  @Audited('organization.create', 'organization')
  @ApiOperation({
    summary:
      'Operator onboarding (support only): an organization, its main user with full rights (a known IIN or e-mail keeps its account) and a first API key, shown once',
  })
  @ApiCreatedResponse({ type: CreatedOrganizationResponse })
  @ApiErrors(IdentityErrorCode.OrganizationExists)
  create(@Body() dto: NewOrganizationDto) {
    return this.organizations.createByOperator(dto);
  }
}
