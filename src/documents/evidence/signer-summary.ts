// What the ZIP manifest and the card say about a signature, read from its verification report.

import type { Indication, SignerReport, SubIndication, VerificationReport } from '../../signing/verification/report';
import type { SignerIdentity } from '../../signing/verification/signer-identity';

export interface SignatureSummary {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
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
    indication: report.indication,
    ...(report.subIndication && { subIndication: report.subIndication }),
    ...(report.error && { error: report.error.message }),
    ...(signer && { signer }),
    ...(signerReport && { signerReport, adesLevel: signerReport.adesLevel }),
    ...(personName(signer) && { name: personName(signer) }),
    ...(signerReport?.signingTime && { signingTime: signerReport.signingTime }),
    ...(timestamp && { timestamp: { valid: timestamp.valid, genTime: timestamp.genTime, tsa: timestamp.tsa } }),
  };
}
