import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Audited } from '../audit';
import { UuidParam } from '../common/http/validation';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import { ApiErrors, PageOf } from '../common/http/openapi';
import { PageQuery } from '../common/http/pagination';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewUserDto, UpdateUserDto } from './dto/identity.dto';
import { UserResponse } from './identity.api';
import { UsersService } from './users.service';

const USER_ID = { name: 'id', format: 'uuid', description: 'The user' } as const;

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'Users of the organization (administration: read)' })
  @ApiOkResponse({ type: PageOf(UserResponse) })
  @ApiErrors(CommonErrorCode.CursorInvalid)
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() page: PageQuery) {
    return this.users.list(principal, page);
  }

  @Get(':id')
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'One user of the organization (administration: read)' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  get(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.users.get(principal, id);
  }

  @Post()
  @RequireRight('administration', 'write')
  @Audited('user.create', 'user')
  @ApiOperation({
    summary:
      'Add a user by e-mail (and IIN) with rights up to your own (administration: write); a person who already has an account is only proposed the membership',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(IdentityErrorCode.RightsEscalation, IdentityErrorCode.UserExists)
  add(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NewUserDto) {
    return this.users.add(principal, dto);
  }

  @Patch(':id')
  @RequireRight('administration', 'write')
  @Audited('user.update', 'user')
  @ApiOperation({ summary: "Rename a user or change their rights (administration: write; not the main user's rights)" })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(IdentityErrorCode.RightsEscalation, CommonErrorCode.NotFound, IdentityErrorCode.MainUserImmutable)
  update(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRight('administration', 'write')
  @Audited('user.remove', 'user')
  @ApiOperation({
    summary: 'Remove a user from the organization: ends their sessions in it and revokes the API keys acting for them',
  })
  @ApiParam(USER_ID)
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors(CommonErrorCode.NotFound, IdentityErrorCode.MainUserImmutable)
  remove(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.users.remove(principal, id);
  }
}
