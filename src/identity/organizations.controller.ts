import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-catalog';
import { ApiErrors } from '../common/http/openapi';
import { Audited, CurrentPrincipal, OperatorOnly, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewOrganizationDto } from './dto/identity.dto';
import { CreatedOrganizationResponse, OrganizationResponse, ParticipantResponse } from './identity.api';
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

  // For the send form: whom the typed BIN/IIN belongs to. Only for those who may send (documents
  // write), under the common per-client rate limit like the other authenticated reads, and it
  // tells only what a counterparty sees anyway (name, kind). A read: not audited, like the others.
  @Get('participants/:identifier')
  @RequireRight('documents', 'write')
  @ApiOperation({
    summary: 'Whom a BIN/IIN belongs to, when it is a registered participant (before sending to it)',
    description:
      'Answers the name and kind its counterparties see on its documents; 404 PARTICIPANT_NOT_REGISTERED when no ' +
      'participant has it (a document sent to it goes by an e-mailed link).',
  })
  @ApiParam({ name: 'identifier', description: 'BIN or IIN, 12 digits.', schema: { type: 'string', pattern: '^\\d{12}$' } })
  @ApiOkResponse({ type: ParticipantResponse })
  @ApiErrors(ErrorCode.ParticipantNotRegistered)
  participant(@Param('identifier') identifier: string) {
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
  @ApiErrors(ErrorCode.OrganizationExists)
  create(@Body() dto: NewOrganizationDto) {
    return this.organizations.createByOperator(dto);
  }
}
