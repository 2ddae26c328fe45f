// The public face of the legal module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/legal is internal.
export { LegalModule } from './legal.module';
