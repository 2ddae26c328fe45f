// Validation policy: which checks are required for TOTAL_PASSED and how strict each one is.
//
// Revocation of the signer certificate (OCSP/CRL, see revocation.ts):
// - 'require' (default): the status must be established; without a usable answer the REVOCATION
//   check stays NOT_CHECKED with TRY_LATER, so the signature is at best INDETERMINATE/TRY_LATER:
//   "could pass, but we cannot tell yet" (ETSI EN 319 102-1).
// - 'prefer': kept as an accepted name (API, CLI, SIGNATURE_REVOCATION_MODE); for the signer
//   certificate it now means the same as 'require': no answer is INDETERMINATE/TRY_LATER, never
//   TOTAL_PASSED. It used to turn a missing answer into a warning, which let a signature pass
//   while its certificate's status was unknown (issue 14).
// - 'off': never look; TOTAL_PASSED is reachable, the signer and the report warn that revocation
//   was not checked and report.policy says 'off'. Only a caller's explicit choice (REST policy,
//   CLI --revocation off): archives, tests and offline tools.
// - 'if-available' (internal, never accepted from the REST API, the CLI or the configuration):
//   a REVOKED answer fails, a missing one is a warning. Only the evidence upgrader's offline
//   pre-check uses it ("is this signature otherwise valid, so that validation data is worth
//   adding?"); its verdict is never what a user or a document is shown.
// Revocation of the CA certificates on the path (every one but the trust anchor, from the CRL or
// OCSP of its own issuer), caRevocation:
// - 'require' (default): a revoked CA gives INDETERMINATE / REVOKED_CA_NO_POE, and missing CA
//   revocation data gives TRY_LATER like the signer's own: a signature is not called valid while
//   the status of any certificate on its path is unknown (issue 14). The service answers such a
//   signature with its retriable 503 SIGNATURE_REVOCATION_UNAVAILABLE.
// - 'prefer': missing CA data is a warning (a caller's explicit choice, e.g. where NCA's root CRL,
//   crl.root.gov.kz, cannot be reached from); the REST/CLI report then also says at its top that a
//   CA's status was not established and accepted by the caller's policy (verification-request.ts).
// The CAs are those of the path the chain check found; an issuing CA in the trust store is
// checked against its root's CRL when the root is in the store too (chain.ts buildPath).
// - 'off': CA certificates are not looked at. revocation 'off' turns this off too.
// Trust: without trust anchors the chain cannot be checked, so the signature is at best
// INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND whatever the revocation mode.

import { DEFAULT_MAX_CERTIFICATES, DEFAULT_MAX_CMS_BYTES, DEFAULT_MAX_SIGNERS } from './cms-parser';

export type RevocationPolicy = 'require' | 'prefer' | 'off';
// What verifyCms accepts: the public modes plus the internal one (see above).
export type RevocationMode = RevocationPolicy | 'if-available';

export interface VerificationPolicy {
  readonly revocation: RevocationMode;
  readonly caRevocation: RevocationPolicy;
  // 'SIGN': the signer key must be a signing key (nonRepudiation, no authentication-only EKU),
  // kz-pki.md §1.4. 'ANY': report the usage, accept any key that may make signatures.
  readonly keyUsage: 'SIGN' | 'ANY';
  // ESS signingCertificate(V2) that names another certificate: ETSI treats it as an unidentified
  // signer ('fail'). kz-pki.md §2.5 saw an NCALayer CMS whose certHash matched nothing, so
  // deployments that meet such files can downgrade it to a warning ('warn').
  readonly signingCertificateMismatch: 'fail' | 'warn';
  // false: a missing signingCertificate(V2) attribute is a warning (NCANode's CMS has none).
  readonly requireSigningCertificateAttribute: boolean;
  // SHA-1: 'warn' keeps verifying and reports it weak, 'reject' gives CRYPTO_CONSTRAINTS_FAILURE.
  readonly weakDigests: 'warn' | 'reject';
  // Signer constraints (the SIGNER_CONSTRAINTS check, present only when one is set): at least one of
  // these EKU role OIDs (kz-pki.md §1.2, e.g. 1.2.398.3.3.4.1.2.1 first head), this IIN / BIN in the
  // certificate, one of these signature algorithms (names as the report gives them, e.g.
  // "GOST 34.10-2015 (512)"). Roles and identifiers → CHAIN_CONSTRAINTS_FAILURE, algorithms →
  // CRYPTO_CONSTRAINTS_FAILURE (both INDETERMINATE, ETSI EN 319 102-1).
  readonly requiredRoles: readonly string[];
  readonly requiredIin?: string;
  readonly requiredBin?: string;
  readonly allowedSignatureAlgorithms: readonly string[];
  // Resource limits for hostile input.
  readonly maxCmsBytes: number;
  readonly maxSigners: number;
  readonly maxCertificates: number;
  readonly maxChainLength: number;
  // false: only evidence in the CMS or supplied by the caller, no OCSP/CRL requests.
  readonly revocationOnline: boolean;
  // Per OCSP/CRL request.
  readonly revocationTimeoutMs: number;
  // OCSP answers without nextUpdate (NCA's) are usable this long after thisUpdate.
  readonly revocationMaxAgeSeconds: number;
}

export const DEFAULT_POLICY: VerificationPolicy = Object.freeze({
  revocation: 'require',
  caRevocation: 'require',
  keyUsage: 'ANY',
  signingCertificateMismatch: 'fail',
  requireSigningCertificateAttribute: false,
  weakDigests: 'warn',
  requiredRoles: [],
  allowedSignatureAlgorithms: [],
  maxCmsBytes: DEFAULT_MAX_CMS_BYTES,
  maxSigners: DEFAULT_MAX_SIGNERS,
  maxCertificates: DEFAULT_MAX_CERTIFICATES,
  maxChainLength: 8,
  revocationOnline: true,
  revocationTimeoutMs: 5000,
  revocationMaxAgeSeconds: 24 * 60 * 60,
});

function pick<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

function strings(value: unknown, pattern: RegExp): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && pattern.test(v)) : [];
}

function twelveDigits(value: unknown): boolean {
  return typeof value === 'string' && /^\d{12}$/.test(value);
}

// Callers may be plain JS (scripts, JSON bodies): unknown or invalid values fall back to the
// defaults instead of throwing.
export function resolvePolicy(partial: Partial<VerificationPolicy> | undefined): VerificationPolicy {
  const p: Partial<Record<keyof VerificationPolicy, unknown>> = partial && typeof partial === 'object' ? partial : {};
  const d = DEFAULT_POLICY;
  return {
    revocation: pick(p.revocation, ['require', 'prefer', 'off', 'if-available'] as const, d.revocation),
    caRevocation: pick(p.caRevocation, ['require', 'prefer', 'off'] as const, d.caRevocation),
    keyUsage: pick(p.keyUsage, ['SIGN', 'ANY'] as const, d.keyUsage),
    signingCertificateMismatch: pick(p.signingCertificateMismatch, ['fail', 'warn'] as const, d.signingCertificateMismatch),
    requireSigningCertificateAttribute: pick(
      p.requireSigningCertificateAttribute,
      [true, false],
      d.requireSigningCertificateAttribute,
    ),
    weakDigests: pick(p.weakDigests, ['warn', 'reject'] as const, d.weakDigests),
    requiredRoles: strings(p.requiredRoles, /^[0-2](\.\d+)+$/),
    ...(twelveDigits(p.requiredIin) && { requiredIin: p.requiredIin as string }),
    ...(twelveDigits(p.requiredBin) && { requiredBin: p.requiredBin as string }),
    allowedSignatureAlgorithms: strings(p.allowedSignatureAlgorithms, /^.{1,64}$/),
    maxCmsBytes: positive(p.maxCmsBytes, d.maxCmsBytes),
    maxSigners: positive(p.maxSigners, d.maxSigners),
    maxCertificates: positive(p.maxCertificates, d.maxCertificates),
    maxChainLength: positive(p.maxChainLength, d.maxChainLength),
    revocationOnline: pick(p.revocationOnline, [true, false], d.revocationOnline),
    revocationTimeoutMs: positive(p.revocationTimeoutMs, d.revocationTimeoutMs),
    revocationMaxAgeSeconds: positive(p.revocationMaxAgeSeconds, d.revocationMaxAgeSeconds),
  };
}
