// The public face of the legal module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/legal is internal.
export { LegalModule } from './legal.module';
export { LEGAL_ENTITIES } from './legal.entities';
export { LEGAL_ERRORS, LegalErrorCode } from './legal.errors';
export { LEGAL_LOCALES, LegalDocumentKind } from './legal-document-types';
export { type LegalAcceptanceView, LegalService } from './legal.service';
