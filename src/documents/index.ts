// The public face of the documents module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/documents is internal.
export { DocumentsModule } from './documents.module';
export { DOCUMENTS_ENTITIES } from './documents.entities';
export { DOCUMENTS_ERRORS } from './documents.errors';
export { DOCUMENTS_JOBS } from './documents.jobs';
export { CARD_LABELS, CARD_LOCALES, type CardLocale } from './evidence/card-labels';
export type { EvidenceSignatureAction } from './evidence/evidence-model';
