// The public face of the identity module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/identity is internal.
export { AuthGuard } from './auth/auth.guard';
export { IdentityModule } from './identity.module';
export { IDENTITY_ENTITIES } from './identity.entities';
export { IDENTITY_ERRORS } from './identity.errors';
export type { OrganizationSummary } from './organization-summary';
export { INCOMING_DOCUMENTS, type IncomingDocuments } from './incoming-documents';
export { acceptedSigner, personName } from './signature/signature-outcome';
