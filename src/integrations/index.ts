// The public face of the integrations module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/integrations is internal.
export { IntegrationsModule } from './integrations.module';
export { ORGANIZATION_EVENT_WEBHOOKS } from './webhook-contract';
export { FeedWriter, type OrganizationEventType, type StatementParam } from './feed-writer';
export { INTEGRATIONS_ENTITIES } from './integrations.entities';
export { INTEGRATIONS_ERRORS } from './integrations.errors';
export { INTEGRATIONS_JOBS } from './integrations.jobs';
export { ORGANIZATION_EVENT_TYPES } from './organization-event-types';
