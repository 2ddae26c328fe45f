import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited, CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { NotificationPreferencesDto } from './integrations.dto';
import { NotificationsService } from './notifications.service';

// The signed-in user's own choice of notification e-mails in the current organization.
@ApiTags('notifications')
@Controller('api/v1/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequireRight('documents', 'read')
  get(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.notifications.preferences(principal);
  }

  @Put()
  @RequireRight('documents', 'read')
  @Audited('notification_preferences.update')
  update(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NotificationPreferencesDto) {
    return this.notifications.updatePreferences(principal, dto);
  }
}
