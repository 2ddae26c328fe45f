// The one function that turns a verification request into a report, shared by the REST endpoint
// and the CLI so that `verify cms --json` prints exactly what POST /api/v1/verify answers.

import { verifyCms } from '../verification/cms-verifier';
import { CA_REVOCATION_ACCEPTED } from '../verification/revocation';
import type { RevocationPolicy, VerificationPolicy } from '../verification/policy';
import type { VerificationReport } from '../verification/report';
import type { RevocationFetcher } from '../verification/revocation-fetcher';

// The policy knobs a caller may choose. Resource limits (maxCmsBytes, maxSigners, ...) stay
// server-side: a client must not be able to raise them.
// 'revocation' is one of the public modes: the internal 'if-available' is never a caller's choice.
export type RequestPolicy = Partial<
  { revocation: RevocationPolicy } & Pick<
    VerificationPolicy,
    | 'caRevocation'
    | 'keyUsage'
    | 'signingCertificateMismatch'
    | 'requireSigningCertificateAttribute'
    | 'weakDigests'
    | 'requiredRoles'
    | 'requiredIin'
    | 'requiredBin'
    | 'allowedSignatureAlgorithms'
  >
>;

export interface SignatureVerificationRequest {
  // DER bytes, or base64/PEM text.
  readonly cms: Uint8Array | string;
  // Detached content.
  readonly data?: Uint8Array;
  readonly validationTime: Date;
  readonly policy?: RequestPolicy;
  // OCSP responses (DER OCSPResponse or BasicOCSPResponse) and CRLs the caller has (offline evidence).
  readonly revocationEvidence?: readonly Uint8Array[];
}

const PUBLIC_REVOCATION_MODES: readonly RevocationPolicy[] = ['require', 'prefer', 'off'];

// Said at the top of the report when the caller turned revocation off: the signature may pass
// although nobody asked whether its certificate was revoked (report.policy.revocation says 'off').
export const REVOCATION_OFF_WARNING =
  'revocation checking turned off by the caller (policy revocation "off"): the certificates\' revocation status was not checked';

// Said at the top of the report when the caller chose caRevocation 'prefer' and a CA certificate's
// status (of a signer's or a time-stamp's path) could not be established: the signature may pass
// with only a check-level WARNING, so the report says it too.
export const CA_REVOCATION_PREFER_WARNING =
  'the revocation status of a CA certificate was not established, accepted by the caller\'s policy (caRevocation "prefer")';

function caStatusAccepted(report: VerificationReport): boolean {
  return report.signers
    .flatMap((signer) => [...signer.checks, ...(signer.timestamp?.checks ?? [])])
    .some((check) => check.name === 'REVOCATION' && check.message.includes(CA_REVOCATION_ACCEPTED));
}

function callerPolicy(policy: RequestPolicy | undefined): RequestPolicy {
  if (!policy) return {};
  const picked: Record<keyof RequestPolicy, unknown> = {
    revocation: PUBLIC_REVOCATION_MODES.includes(policy.revocation as RevocationPolicy) ? policy.revocation : undefined,
    caRevocation: policy.caRevocation,
    keyUsage: policy.keyUsage,
    signingCertificateMismatch: policy.signingCertificateMismatch,
    requireSigningCertificateAttribute: policy.requireSigningCertificateAttribute,
    weakDigests: policy.weakDigests,
    requiredRoles: policy.requiredRoles,
    requiredIin: policy.requiredIin,
    requiredBin: policy.requiredBin,
    allowedSignatureAlgorithms: policy.allowedSignatureAlgorithms,
  };
  return Object.fromEntries(Object.entries(picked).filter(([, value]) => value !== undefined)) as RequestPolicy;
}

// Whether the verifier may fetch OCSP/CRL from the certificates' URLs is the server's (or the
// CLI user's) decision, never the remote caller's.
export async function verifySignatureRequest(
  request: SignatureVerificationRequest,
  trustAnchors: readonly Uint8Array[],
  options: { revocationOnline: boolean; revocationFetcher?: RevocationFetcher },
): Promise<VerificationReport> {
  const report = await verifyCms({
    cms: request.cms,
    ...(request.data !== undefined && { data: request.data }),
    validationTime: request.validationTime,
    ...(request.revocationEvidence?.length && { revocationEvidence: request.revocationEvidence }),
    trustAnchors,
    policy: { ...callerPolicy(request.policy), revocationOnline: options.revocationOnline },
    ...(options.revocationFetcher && { revocationFetcher: options.revocationFetcher }),
  });
  if (report.policy.revocation === 'off') return { ...report, warnings: [...report.warnings, REVOCATION_OFF_WARNING] };
  if (report.policy.caRevocation === 'prefer' && caStatusAccepted(report))
    return { ...report, warnings: [...report.warnings, CA_REVOCATION_PREFER_WARNING] };
  return report;
}
