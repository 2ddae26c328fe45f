// The one function that turns a verification request into a report, shared by the REST endpoint
// and the CLI so that `verify cms --json` prints exactly what POST /api/v1/verify answers.

import { verifyCms } from '../verification/cms-verifier';
import type { VerificationPolicy } from '../verification/policy';
import type { VerificationReport } from '../verification/report';
import type { RevocationFetcher } from '../verification/revocation-fetcher';

// The policy knobs a caller may choose. Resource limits (maxCmsBytes, maxSigners, ...) stay
// server-side: a client must not be able to raise them.
export type RequestPolicy = Partial<
  Pick<
    VerificationPolicy,
    | 'revocation'
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

function callerPolicy(policy: RequestPolicy | undefined): RequestPolicy {
  if (!policy) return {};
  const picked: Record<keyof RequestPolicy, unknown> = {
    revocation: policy.revocation,
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
export function verifySignatureRequest(
  request: SignatureVerificationRequest,
  trustAnchors: readonly Uint8Array[],
  options: { revocationOnline: boolean; revocationFetcher?: RevocationFetcher },
): Promise<VerificationReport> {
  return verifyCms({
    cms: request.cms,
    ...(request.data !== undefined && { data: request.data }),
    validationTime: request.validationTime,
    ...(request.revocationEvidence?.length && { revocationEvidence: request.revocationEvidence }),
    trustAnchors,
    policy: { ...callerPolicy(request.policy), revocationOnline: options.revocationOnline },
    ...(options.revocationFetcher && { revocationFetcher: options.revocationFetcher }),
  });
}
