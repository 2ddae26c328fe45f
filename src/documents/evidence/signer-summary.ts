// What the ZIP manifest and the card say about a signature, read from its verification report.

import type { CheckStatus, Indication, SignerIdentity, SignerReport, SubIndication, VerificationReport } from '../../signing';

// The status of the report's REVOCATION check of the signer certificate: PASSED (not revoked at
// the time that matters), FAILED (revoked), WARNING (the signer's status established, a CA's not,
// accepted by policy), NOT_CHECKED (the report could not establish it, or the policy skipped it).
export type RevocationOutcome = CheckStatus;
export const REVOCATION_OUTCOMES: readonly RevocationOutcome[] = ['PASSED', 'FAILED', 'WARNING', 'NOT_CHECKED'];

export interface SignatureVerdict {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly revocation: RevocationOutcome;
}

// What the service calls a signature, from its report: the report's indication, except that a
// signature whose signer revocation status the report did not establish is never called fully
// valid. A policy may accept such a signature (the report then says TOTAL_PASSED with the check
// NOT_CHECKED); the document views say INDETERMINATE / TRY_LATER (ETSI EN 319 102-1: revocation
// data not available yet), and `revocation` tells why. A report without signers (a CMS that could
// not be read) has failed already.
export function signatureVerdict(report: VerificationReport): SignatureVerdict {
  const check = report.signers[0]?.checks.find((c) => c.name === 'REVOCATION');
  const revocation = check?.status ?? 'NOT_CHECKED';
  if (report.indication === 'TOTAL_PASSED' && revocation === 'NOT_CHECKED') {
    return { indication: 'INDETERMINATE', subIndication: 'TRY_LATER', revocation };
  }
  return { indication: report.indication, ...(report.subIndication && { subIndication: report.subIndication }), revocation };
}

export interface SignatureSummary extends SignatureVerdict {
  readonly error?: string;
  readonly signer?: SignerIdentity;
  readonly signerReport?: SignerReport;
  readonly name?: string;
  readonly signingTime?: string;
  readonly timestamp?: { readonly genTime?: string; readonly tsa?: string; readonly valid: boolean };
  readonly adesLevel?: string;
}

// NCA certificates put "SURNAME NAME" in CN and the patronymic in GIVENNAME (kz-pki.md §1.3).
export function personName(identity: SignerIdentity | undefined): string | undefined {
  if (!identity) return undefined;
  const base = identity.commonName ?? identity.surname;
  if (!base) return undefined;
  const patronymic = identity.givenName?.trim();
  return patronymic && !base.includes(patronymic) ? `${base} ${patronymic}` : base;
}

// The package's signatures carry one SignerInfo each (one signer per action); if a CMS carries
// several, the first is described and the document-level indication still covers all of them.
export function summarizeSignature(report: VerificationReport): SignatureSummary {
  const signerReport = report.signers[0];
  const signer = signerReport?.signer;
  const timestamp = signerReport?.timestamp;
  return {
    ...signatureVerdict(report),
    ...(report.error && { error: report.error.message }),
    ...(signer && { signer }),
    ...(signerReport && { signerReport, adesLevel: signerReport.adesLevel }),
    ...(personName(signer) && { name: personName(signer) }),
    ...(signerReport?.signingTime && { signingTime: signerReport.signingTime }),
    ...(timestamp && { timestamp: { valid: timestamp.valid, genTime: timestamp.genTime, tsa: timestamp.tsa } }),
  };
}
