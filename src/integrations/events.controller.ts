import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { EventFeedQuery } from './integrations.dto';
import { OrganizationEventsService } from './organization-events.service';

@ApiTags('events')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: OrganizationEventsService) {}

  // The organization's append-only event feed, oldest first, replayable from any cursor.
  @Get()
  @RequireRight('documents', 'read')
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() query: EventFeedQuery) {
    return this.events.list(principal.organizationId, query);
  }
}
