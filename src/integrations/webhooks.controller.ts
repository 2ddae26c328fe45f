import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../common/http/pagination';
import { UuidParam } from '../common/http/validation';
import { Audited, CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NewWebhookDto, UpdateWebhookDto } from './integrations.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @RequireRight('administration', 'read')
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() page: PageQuery) {
    return this.webhooks.list(principal, page);
  }

  @Post()
  @RequireRight('administration', 'write')
  @Audited('webhook.create', 'webhook')
  create(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NewWebhookDto) {
    return this.webhooks.create(principal, dto);
  }

  @Get(':id')
  @RequireRight('administration', 'read')
  get(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.get(principal, id);
  }

  @Patch(':id')
  @RequireRight('administration', 'write')
  @Audited('webhook.update', 'webhook')
  update(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Body() dto: UpdateWebhookDto) {
    return this.webhooks.update(principal, id, dto);
  }

  @Delete(':id')
  @RequireRight('administration', 'write')
  @Audited('webhook.delete', 'webhook')
  remove(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.remove(principal, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequireRight('administration', 'write')
  @Audited('webhook.rotate_secret', 'webhook')
  rotateSecret(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.rotateSecret(principal, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequireRight('administration', 'write')
  @Audited('webhook.enable', 'webhook')
  enable(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.enable(principal, id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequireRight('administration', 'write')
  @Audited('webhook.disable', 'webhook')
  disable(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.disable(principal, id);
  }

  // Sends a signed `ping` now and answers with the logged attempt (status, HTTP code, time).
  @Post(':id/test')
  @HttpCode(200)
  @RequireRight('administration', 'write')
  @Audited('webhook.test', 'webhook')
  test(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.test(principal, id);
  }

  @Get(':id/deliveries')
  @RequireRight('administration', 'read')
  deliveries(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Query() page: PageQuery) {
    return this.webhooks.deliveries(principal, id, page);
  }
}
