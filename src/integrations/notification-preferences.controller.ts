import { Body, Controller, Get, Put } from '@nestjs/common';
import { Audited } from '../audit';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IntegrationsErrorCode } from './integrations.errors';
import { ApiErrors } from '../common/http/openapi';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NotificationPreferencesResponse } from './integrations.api';
import { NotificationPreferencesDto } from './integrations.dto';
import { NotificationsService } from './notifications.service';

// The signed-in user's own choice of notification e-mails in the current organization.
@ApiTags('notifications')
@Controller('api/v1/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequireRight('documents', 'read')
  @ApiOperation({
    summary: 'Your notification e-mails',
    description: 'A user’s own choice in the current organization; an API key has none.',
  })
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  @ApiErrors(IntegrationsErrorCode.NotificationPreferencesUserOnly)
  get(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.notifications.preferences(principal);
  }

  @Put()
  @RequireRight('documents', 'read')
  @Audited('notification_preferences.update')
  @ApiOperation({ summary: 'Choose your notification e-mails', description: 'Fields left out keep their value.' })
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  @ApiErrors(IntegrationsErrorCode.NotificationPreferencesUserOnly)
  update(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NotificationPreferencesDto) {
    return this.notifications.updatePreferences(principal, dto);
  }
}
