import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../common/http/pagination';
import { UuidParam } from '../common/http/validation';
import { Audited, CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewInvitationDto } from './dto/signature.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('users')
@Controller('api/v1/organizations/:id/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @RequireRight('administration', 'read')
  list(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Query() page: PageQuery) {
    return this.invitations.list(principal, id, page);
  }

  @Post()
  @RequireRight('administration', 'write')
  @Audited('invitation.create', 'invitation')
  create(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Body() dto: NewInvitationDto) {
    return this.invitations.create(principal, id, dto);
  }

  @Delete(':invitationId')
  @HttpCode(204)
  @RequireRight('administration', 'write')
  @Audited('invitation.revoke', 'invitation')
  revoke(
    @CurrentPrincipal() principal: TenantPrincipal,
    @Param('id', UuidParam) id: string,
    @Param('invitationId', UuidParam) invitationId: string,
  ) {
    return this.invitations.revoke(principal, id, invitationId);
  }
}
