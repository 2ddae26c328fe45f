import type { PathItemObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

// The webhook deliveries, as OpenAPI 3.1 `webhooks` (filled in by the integrations contract).
export const ORGANIZATION_EVENT_WEBHOOKS: Record<string, PathItemObject> = {};
