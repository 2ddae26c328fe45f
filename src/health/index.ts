// The public face of the health module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/health is internal.
export { HealthModule } from './health.module';
export { assertDependenciesReachable } from './startup-check';
