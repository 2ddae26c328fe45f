import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/http/validation';
import { ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../common/http/pagination';
import { Audited, CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewUserDto, UpdateUserDto } from './dto/identity.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequireRight('administration', 'read')
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() page: PageQuery) {
    return this.users.list(principal, page);
  }

  @Get(':id')
  @RequireRight('administration', 'read')
  get(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.users.get(principal, id);
  }

  @Post()
  @RequireRight('administration', 'write')
  @Audited('user.create', 'user')
  add(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NewUserDto) {
    return this.users.add(principal, dto);
  }

  @Patch(':id')
  @RequireRight('administration', 'write')
  @Audited('user.update', 'user')
  update(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRight('administration', 'write')
  @Audited('user.remove', 'user')
  remove(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.users.remove(principal, id);
  }
}
