// The public face of the web-ui module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/web-ui is internal.
export { WebUiModule } from './web-ui.module';
