// Verification report in the ETSI EN 319 102-1 vocabulary (peers.md §4.2), shaped after EU DSS:
// one indication per signature, a sub-indication saying why, and the individual checks behind it.

import type { VerificationPolicy } from './policy';
import type { SignerIdentity } from './signer-identity';
import type { TimestampReport } from './timestamp';

export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

export type SubIndication =
  // TOTAL_FAILED
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  // INDETERMINATE
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'SIGNED_DATA_NOT_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  | 'REVOKED_NO_POE'
  // A CA certificate of the path revoked at or before the time asked about (ETSI EN 319 102-1 §5.2.6).
  | 'REVOKED_CA_NO_POE'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'OUT_OF_BOUNDS_NOT_REVOKED'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'TRY_LATER'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'SIG_CONSTRAINTS_FAILURE'
  // A time-stamp whose genTime is later than the validation time.
  | 'TIMESTAMP_ORDER_FAILURE';

// Every SubIndication, checked complete at compile time: a new one in the type breaks the build
// until it is listed here (the schema and the coverage specs read this list).
export const ALL_SUB_INDICATIONS: Readonly<Record<SubIndication, true>> = {
  FORMAT_FAILURE: true,
  HASH_FAILURE: true,
  SIG_CRYPTO_FAILURE: true,
  REVOKED: true,
  EXPIRED: true,
  NOT_YET_VALID: true,
  NO_SIGNING_CERTIFICATE_FOUND: true,
  SIGNED_DATA_NOT_FOUND: true,
  NO_CERTIFICATE_CHAIN_FOUND: true,
  CERTIFICATE_CHAIN_GENERAL_FAILURE: true,
  REVOKED_NO_POE: true,
  REVOKED_CA_NO_POE: true,
  OUT_OF_BOUNDS_NO_POE: true,
  OUT_OF_BOUNDS_NOT_REVOKED: true,
  CHAIN_CONSTRAINTS_FAILURE: true,
  TRY_LATER: true,
  CRYPTO_CONSTRAINTS_FAILURE: true,
  SIG_CONSTRAINTS_FAILURE: true,
  TIMESTAMP_ORDER_FAILURE: true,
};

// Precedence when several checks object: TOTAL_FAILED beats INDETERMINATE (ETSI: a failed
// cryptographic verification wins over an indeterminate X.509 validation), and inside each level
// the order of the ETSI building blocks (ISC, XCV, then SAV) decides.
const PRECEDENCE: readonly SubIndication[] = [
  'FORMAT_FAILURE',
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  'REVOKED',
  'EXPIRED',
  'NOT_YET_VALID',
  'NO_SIGNING_CERTIFICATE_FOUND',
  'SIGNED_DATA_NOT_FOUND',
  'NO_CERTIFICATE_CHAIN_FOUND',
  'CERTIFICATE_CHAIN_GENERAL_FAILURE',
  'REVOKED_NO_POE',
  'REVOKED_CA_NO_POE',
  'OUT_OF_BOUNDS_NO_POE',
  'OUT_OF_BOUNDS_NOT_REVOKED',
  'CHAIN_CONSTRAINTS_FAILURE',
  'TRY_LATER',
  'CRYPTO_CONSTRAINTS_FAILURE',
  'SIG_CONSTRAINTS_FAILURE',
  'TIMESTAMP_ORDER_FAILURE',
];

const TOTAL_FAILED_SUBS: ReadonlySet<SubIndication> = new Set(PRECEDENCE.slice(0, 6));

export function indicationOf(sub: SubIndication): Exclude<Indication, 'TOTAL_PASSED'> {
  return TOTAL_FAILED_SUBS.has(sub) ? 'TOTAL_FAILED' : 'INDETERMINATE';
}

export type CheckStatus = 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_CHECKED';

export type CheckName =
  | 'SIGNER_INFO_FORMAT'
  | 'SIGNING_CERTIFICATE_IDENTIFIED'
  | 'SIGNING_CERTIFICATE_REFERENCE'
  | 'DIGEST_ALGORITHM'
  | 'CONTENT_TYPE_ATTRIBUTE'
  | 'MESSAGE_DIGEST'
  | 'SIGNATURE_VALUE'
  | 'SIGNING_TIME'
  | 'SIGNING_CERTIFICATE_VALIDITY'
  | 'KEY_USAGE'
  | 'SIGNER_CONSTRAINTS'
  | 'CERTIFICATE_CHAIN'
  | 'REVOCATION'
  | 'SIGNATURE_TIMESTAMP';

// A check blocks TOTAL_PASSED exactly when it carries a subIndication: FAILED always does,
// NOT_CHECKED does when the policy requires that check, WARNING and PASSED never do.
export interface Check {
  readonly name: CheckName;
  readonly status: CheckStatus;
  readonly message: string;
  readonly subIndication?: SubIndication;
  readonly evidence?: Readonly<Record<string, unknown>>;
}

type Evidence = Readonly<Record<string, unknown>>;

export const passed = (name: CheckName, message: string, evidence?: Evidence): Check => ({
  name,
  status: 'PASSED',
  message,
  ...(evidence && { evidence }),
});

export const failed = (name: CheckName, subIndication: SubIndication, message: string, evidence?: Evidence): Check => ({
  name,
  status: 'FAILED',
  message,
  subIndication,
  ...(evidence && { evidence }),
});

export const warning = (name: CheckName, message: string, evidence?: Evidence): Check => ({
  name,
  status: 'WARNING',
  message,
  ...(evidence && { evidence }),
});

// subIndication: what a missing result means under the policy (omit when the check is optional).
export const notChecked = (name: CheckName, message: string, subIndication?: SubIndication, evidence?: Evidence): Check => ({
  name,
  status: 'NOT_CHECKED',
  message,
  ...(subIndication && { subIndication }),
  ...(evidence && { evidence }),
});

export interface Conclusion {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
}

function worstOf(subs: readonly (SubIndication | undefined)[]): Conclusion {
  let best: SubIndication | undefined;
  for (const sub of subs) {
    if (sub && (best === undefined || PRECEDENCE.indexOf(sub) < PRECEDENCE.indexOf(best))) best = sub;
  }
  return best ? { indication: indicationOf(best), subIndication: best } : { indication: 'TOTAL_PASSED' };
}

export function concludeChecks(checks: readonly Check[]): Conclusion {
  return worstOf(checks.map((c) => c.subIndication));
}

// The document passes only if every signature passes; any failed signature fails it.
export function concludeSigners(signers: readonly Conclusion[]): Conclusion {
  if (signers.length === 0) return { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' };
  return worstOf(signers.map((s) => s.subIndication));
}

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly sha256: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

// B-LT: B-T plus the validation data (certificates, OCSP/CRL answers) used for the signer, its
// CAs and the TSA found inside the signature (validation-data.ts).
export type AdesLevel = 'B-B' | 'B-T' | 'B-LT';

// Revocation result of one CA certificate of the signer's path (the trust anchor excluded).
// status: 'revokedLater' = revoked after the time asked about (a time-stamp's genTime or the
// validation time), so not blocking; 'unknown' = no usable answer (see attempts).
export interface ChainRevocationEntry {
  readonly subject: string;
  readonly serialNumber: string;
  readonly sha256: string;
  readonly status: 'good' | 'revoked' | 'revokedLater' | 'unknown';
  readonly type?: 'OCSP' | 'CRL';
  readonly source?: 'embedded' | 'supplied' | 'ocsp-online' | 'crl-online';
  readonly responder?: string;
  readonly crlIssuer?: string;
  readonly crlNumber?: string;
  readonly deltaCrlNumber?: string;
  readonly thisUpdate?: string;
  readonly nextUpdate?: string;
  readonly revocationTime?: string;
  readonly reason?: string;
  readonly attempts?: readonly string[];
}

// The signer certificate's revocation status in one place (the REVOCATION check's evidence holds
// the same and the attempts). status 'revokedLater': revoked after the time that matters (a
// time-stamp's genTime or the validation time); 'unknown': no usable answer.
export interface SignerRevocation {
  readonly status: 'good' | 'revoked' | 'revokedLater' | 'unknown';
  readonly type?: 'OCSP' | 'CRL';
  readonly source?: 'embedded' | 'supplied' | 'ocsp-online' | 'crl-online';
  // The OCSP responder or the CRL issuer.
  readonly by?: string;
  readonly thisUpdate?: string;
  readonly nextUpdate?: string;
  readonly revocationTime?: string;
  readonly reason?: string;
}

export interface SignerReport {
  readonly index: number;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly checks: readonly Check[];
  readonly signer?: SignerIdentity;
  readonly signingTime?: string;
  // The signature time-stamp used (or the first rejected one); absent without a token.
  readonly timestamp?: TimestampReport;
  // CAdES baseline level reached: B-T needs a verified signature time-stamp, B-LT also the
  // validation data inside the signature.
  readonly adesLevel: AdesLevel;
  // The signer certificate's revocation status (absent when revocation is off by policy).
  readonly revocation?: SignerRevocation;
  // Revocation of the CA certificates of the signer's path (absent when not checked).
  readonly chainRevocation?: readonly ChainRevocationEntry[];
  readonly digestAlgorithm: string;
  readonly signatureAlgorithm: string;
  readonly signedAttributes: readonly string[];
  readonly unsignedAttributes: readonly string[];
  readonly warnings: readonly string[];
}

export type ParseErrorCode =
  | 'EMPTY_INPUT'
  | 'TOO_LARGE'
  | 'BAD_ENCODING'
  | 'MALFORMED_DER'
  | 'TRAILING_DATA'
  | 'NOT_SIGNED_DATA'
  | 'MALFORMED_SIGNED_DATA'
  | 'NO_SIGNERS'
  | 'INTERNAL_ERROR';

export interface VerificationReport {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  // Set when the CMS could not be processed at all; signers is then empty.
  readonly error?: { readonly code: ParseErrorCode; readonly message: string };
  readonly validationTime: string;
  readonly policy: VerificationPolicy;
  readonly content?: {
    readonly contentType: string;
    readonly attached: boolean;
    readonly size?: number;
  };
  readonly signers: readonly SignerReport[];
  readonly certificates: readonly CertificateSummary[];
  readonly revocationData: { readonly crls: number; readonly ocspResponses: number; readonly other: number };
  readonly warnings: readonly string[];
}
