import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Audited } from '../audit';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IntegrationsErrorCode } from './integrations.errors';
import { ApiErrors } from '../common/http/openapi';
import { PageQuery } from '../common/http/pagination';
import { UuidParam } from '../common/http/validation';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import {
  WebhookDeliveryPage,
  WebhookDeliveryResponse,
  WebhookPage,
  WebhookResponse,
  WebhookWithSecretResponse,
} from './integrations.api';
import { NewWebhookDto, UpdateWebhookDto } from './integrations.dto';
import { WebhooksService } from './webhooks.service';

const WEBHOOK_ID = ApiParam({ name: 'id', format: 'uuid', description: 'The webhook.' });

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: "List the organization's webhooks" })
  @ApiOkResponse({ type: WebhookPage })
  @ApiErrors(CommonErrorCode.CursorInvalid)
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() page: PageQuery) {
    return this.webhooks.list(principal, page);
  }

  @Post()
  @RequireRight('administration', 'write')
  @Audited('webhook.create', 'webhook')
  @ApiOperation({
    summary: 'Create a webhook',
    description: 'The answer carries the signing `secret`, shown only here (and by rotate-secret). At most 20 per organization.',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretResponse })
  @ApiErrors(IntegrationsErrorCode.WebhookUrlInvalid, IntegrationsErrorCode.WebhookLimitReached)
  create(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NewWebhookDto) {
    return this.webhooks.create(principal, dto);
  }

  @Get(':id')
  @RequireRight('administration', 'read')
  @WEBHOOK_ID
  @ApiOperation({ summary: 'Get a webhook' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  get(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.get(principal, id);
  }

  @Patch(':id')
  @RequireRight('administration', 'write')
  @Audited('webhook.update', 'webhook')
  @WEBHOOK_ID
  @ApiOperation({ summary: 'Change a webhook', description: 'Fields left out keep their value.' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(CommonErrorCode.NotFound, IntegrationsErrorCode.WebhookUrlInvalid)
  update(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Body() dto: UpdateWebhookDto) {
    return this.webhooks.update(principal, id, dto);
  }

  @Delete(':id')
  @RequireRight('administration', 'write')
  @Audited('webhook.delete', 'webhook')
  @WEBHOOK_ID
  @ApiOperation({
    summary: 'Delete a webhook',
    description: 'Deliveries still queued for it are dropped, its delivery log goes with it. Answers the deleted webhook.',
  })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  remove(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.remove(principal, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequireRight('administration', 'write')
  @Audited('webhook.rotate_secret', 'webhook')
  @WEBHOOK_ID
  @ApiOperation({
    summary: "Replace a webhook's signing secret",
    description:
      'The new `secret` is shown only in this answer. The old one stops working at once: deliveries from now on are signed with the new one.',
  })
  @ApiOkResponse({ type: WebhookWithSecretResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  rotateSecret(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.rotateSecret(principal, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequireRight('administration', 'write')
  @Audited('webhook.enable', 'webhook')
  @WEBHOOK_ID
  @ApiOperation({
    summary: 'Switch a webhook on',
    description:
      'With a fresh failure count. Events recorded while it was off are not re-sent: read them from GET /api/v1/events.',
  })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  enable(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.enable(principal, id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequireRight('administration', 'write')
  @Audited('webhook.disable', 'webhook')
  @WEBHOOK_ID
  @ApiOperation({
    summary: 'Switch a webhook off',
    description: 'Nothing is sent until it is enabled again; the feed keeps every event.',
  })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  disable(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.disable(principal, id);
  }

  // Sends a signed `ping` now and answers with the logged attempt (status, HTTP code, time).
  @Post(':id/test')
  @HttpCode(200)
  @RequireRight('administration', 'write')
  @Audited('webhook.test', 'webhook')
  @WEBHOOK_ID
  @ApiOperation({
    summary: 'Send a test ping',
    description:
      'POSTs a signed `ping` body (see webhooks) to the URL now, even when the webhook is switched off, and answers with ' +
      'the logged attempt. A ping is never retried and never counts as a failure of the webhook.',
  })
  @ApiOkResponse({ type: WebhookDeliveryResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  test(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.webhooks.test(principal, id);
  }

  @Get(':id/deliveries')
  @RequireRight('administration', 'read')
  @WEBHOOK_ID
  @ApiOperation({ summary: "A webhook's delivery log", description: 'Every attempt, newest first.' })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  @ApiErrors(CommonErrorCode.NotFound, CommonErrorCode.CursorInvalid)
  deliveries(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Query() page: PageQuery) {
    return this.webhooks.deliveries(principal, id, page);
  }
}
