import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { ORGANIZATION_EVENT_CLASSES, WebhookPing } from './event-schemas.api';
import { EventFeedResponse } from './integrations.api';
import { EventFeedQuery } from './integrations.dto';
import { OrganizationEventsService } from './organization-events.service';

// The per-type event schemas are named by the feed's items and by the webhook bodies (webhooks).
@ApiTags('events')
@ApiExtraModels(...ORGANIZATION_EVENT_CLASSES, WebhookPing)
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: OrganizationEventsService) {}

  // The organization's append-only event feed, oldest first, replayable from any cursor.
  @Get()
  @RequireRight('documents', 'read')
  @ApiOperation({
    summary: "The organization's event feed",
    description:
      'Every change of your documents, oldest first, replayable from any point. Page with `after`: start at 0 (or your ' +
      'last processed `seq`), then pass `nextCursor` as `after`; while `hasMore` is true ask again at once, otherwise ' +
      'later (nothing new yet). `seq` is a decimal string of a 64-bit counter, gap-free per organization: compare it ' +
      'as a number. The items are the bodies webhooks receive.',
  })
  @ApiOkResponse({ type: EventFeedResponse })
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() query: EventFeedQuery) {
    return this.events.list(principal.organizationId, query);
  }
}
