// The public face of the signing module: what other modules and the composition root may import
// (ARCHITECTURE.md; enforced by tools/eslint/module-boundaries.cjs). Everything else in src/signing is internal.
export { SignatureVerificationModule } from './api/signature-verification.module';
export {
  REVOCATION_FETCHER,
  SignatureVerificationService,
  type SignedContentVerification,
} from './api/signature-verification.service';
export { testPkiRevocationFetcher } from './api/bundled-crls';
export { SignatureUpgradeService, TSA_FETCHER } from './upgrade/signature-upgrade.service';
export type { HttpFetcher } from './upgrade/tsa-client';
export type { KzRole } from './verification/oids';
export {
  type AdesLevel,
  ALL_SUB_INDICATIONS,
  type CheckStatus,
  type Indication,
  type SignerReport,
  type SubIndication,
  type VerificationReport,
} from './verification/report';
export type { RevocationFetcher } from './verification/revocation-fetcher';
export type { KeyUsageClass, SignerIdentity } from './verification/signer-identity';
export { DocumentSignerModule } from './signer/document-signer.module';
export { SIGNING_ERRORS, SigningErrorCode } from './signing.errors';
export {
  INDICATIONS,
  KZ_ROLES,
  SUB_INDICATIONS,
  UPPER_SHA256_HEX,
  VerificationReportResponse,
} from './api/verification-report.api';
export { MAX_CMS_CHARS } from './api/verify.dto';
export { SignatureUpgradeModule } from './upgrade/signature-upgrade.module';
export type { UpgradeResult } from './upgrade/signature-upgrader';
export { decodeCmsInput, parseCms } from './verification/cms-parser';
export { hashContent, requiredDigestAlgorithms } from './verification/content-digests';
export { DEFAULT_POLICY } from './verification/policy';
export { default as reportSchema } from './verification/report.schema.json';
