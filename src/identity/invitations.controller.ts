import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Audited } from '../audit';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import { ApiErrors, PageOf } from '../common/http/openapi';
import { PageQuery } from '../common/http/pagination';
import { UuidParam } from '../common/http/validation';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewInvitationDto } from './dto/signature.dto';
import { InvitationResponse } from './identity.api';
import { InvitationsService } from './invitations.service';

@ApiTags('users')
@ApiParam({ name: 'id', format: 'uuid', description: "The caller's own organization (another answers NOT_FOUND)" })
@Controller('api/v1/organizations/:id/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'Invitations of the organization, open and past (administration: read)' })
  @ApiOkResponse({ type: PageOf(InvitationResponse) })
  // 400 lists the shared codes too: a status a route declares replaces the shared one.
  @ApiErrors(CommonErrorCode.CursorInvalid, CommonErrorCode.NotFound)
  list(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Query() page: PageQuery) {
    return this.invitations.list(principal, id, page);
  }

  @Post()
  @RequireRight('administration', 'write')
  @Audited('invitation.create', 'invitation', { targetParam: null })
  @ApiOperation({
    summary:
      'Invite a person by IIN (administration: write): they join by logging in with an ЭЦП of that IIN (for a legal entity, with its BIN)',
  })
  @ApiCreatedResponse({ type: InvitationResponse })
  @ApiErrors(
    IdentityErrorCode.RightsEscalation,
    CommonErrorCode.NotFound,
    IdentityErrorCode.UserExists,
    IdentityErrorCode.InvitationExists,
  )
  create(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Body() dto: NewInvitationDto) {
    return this.invitations.create(principal, id, dto);
  }

  @Delete(':invitationId')
  @HttpCode(204)
  @RequireRight('administration', 'write')
  @Audited('invitation.revoke', 'invitation', { targetParam: 'invitationId' })
  @ApiOperation({ summary: 'Revoke an open invitation (administration: write)' })
  @ApiParam({ name: 'invitationId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrors(CommonErrorCode.NotFound)
  revoke(
    @CurrentPrincipal() principal: TenantPrincipal,
    @Param('id', UuidParam) id: string,
    @Param('invitationId', UuidParam) invitationId: string,
  ) {
    return this.invitations.revoke(principal, id, invitationId);
  }
}
