// The public face of the signing module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/signing is internal.
export { SignatureVerificationModule } from './api/signature-verification.module';
export { REVOCATION_FETCHER, type SignedContentVerification } from './api/signature-verification.service';
export { testPkiRevocationFetcher } from './api/test-pki-revocation';
export { TSA_FETCHER } from './upgrade/signature-upgrade.service';
export type { HttpFetcher } from './upgrade/tsa-client';
export type { KzRole } from './verification/oids';
export type { CheckStatus, Indication, SignerReport, SubIndication, VerificationReport } from './verification/report';
export type { RevocationFetcher } from './verification/revocation-fetcher';
export type { KeyUsageClass, SignerIdentity } from './verification/signer-identity';
