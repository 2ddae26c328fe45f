// The public face of the identity module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/identity is internal.
export { AuthGuard } from './auth/auth.guard';
export { IdentityModule } from './identity.module';
