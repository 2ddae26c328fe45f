// The public face of the documents module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/documents is internal.
export { DocumentsModule } from './documents.module';
