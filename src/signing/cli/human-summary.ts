// Short, readable summaries for a terminal. The JSON output (--json) is the full report; these
// only pick what a person checks first: who signed, the verdict, and what blocked or was skipped.

import type { Check, SignerReport, VerificationReport } from '../verification/report';
import type { SignerIdentity } from '../verification/signer-identity';
import type { CertificateResult, CrlResult } from './verify-commands';

const verdict = (indication: string, subIndication?: string) => (subIndication ? `${indication} / ${subIndication}` : indication);

function who(identity: SignerIdentity): string[] {
  const name = [identity.surname, identity.givenName].filter(Boolean).join(' ') || identity.commonName || identity.subject;
  const ids = [identity.iin && `IIN ${identity.iin}`, identity.bin && `BIN ${identity.bin}`].filter(Boolean).join(', ');
  const lines = [`  who: ${name}${ids ? ` (${ids})` : ''}`];
  if (identity.organization) lines.push(`  organization: ${identity.organization}`);
  lines.push(
    `  roles: ${identity.roles.length ? identity.roles.join(', ') : 'none'}; key usage: ${identity.keyUsage}; ${identity.publicKeyAlgorithm}`,
  );
  lines.push(`  certificate: ${identity.serialNumber}, ${identity.notBefore} – ${identity.notAfter}`);
  lines.push(`  issuer: ${identity.issuer}`);
  return lines;
}

// Passed checks are noise in a summary; everything else explains the verdict.
function notable(checks: readonly Check[]): string[] {
  return checks.filter((c) => c.status !== 'PASSED').map((c) => `  ${c.status} ${c.name}: ${c.message}`);
}

function signerLines(signer: SignerReport): string[] {
  return [
    `Signer #${signer.index + 1}: ${verdict(signer.indication, signer.subIndication)}`,
    ...(signer.signer ? who(signer.signer) : ['  who: signer certificate not found']),
    ...(signer.signingTime ? [`  signing time: ${signer.signingTime}`] : []),
    `  algorithm: ${signer.signatureAlgorithm}`,
    ...notable(signer.checks),
  ];
}

export function summarizeReport(report: VerificationReport): string {
  const lines = [`Result: ${verdict(report.indication, report.subIndication)}`, `Validation time: ${report.validationTime}`];
  if (report.error) lines.push(`Error: ${report.error.code}: ${report.error.message}`);
  if (report.content)
    lines.push(
      `Content: ${report.content.attached ? 'attached' : 'detached'}${report.content.size !== undefined ? `, ${report.content.size} bytes` : ''}`,
    );
  for (const signer of report.signers) lines.push(...signerLines(signer));
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

export function summarizeCertificate(result: CertificateResult): string {
  const lines = [
    `Result: ${verdict(result.indication, result.subIndication)}`,
    `Validation time: ${result.validationTime}`,
    `Certificate: ${result.certificate.subject}`,
    ...who(result.certificate),
    ...notable(result.checks),
  ];
  const chain = result.checks.find((c) => c.name === 'CERTIFICATE_CHAIN' && c.status === 'PASSED');
  const path = chain?.evidence?.path;
  if (Array.isArray(path)) lines.push(`  path: ${path.map((p: { subject?: unknown }) => String(p.subject)).join(' -> ')}`);
  return `${lines.join('\n')}\n`;
}

export function summarizeCrl(result: CrlResult): string {
  const lines = [`Result: ${result.indication}`, `Issuer certificate: ${result.issuerCertificate.subject}`];
  if (result.error) lines.push(`Error: ${result.error}`);
  if (result.crl) {
    const { crl } = result;
    lines.push(
      `CRL issuer: ${crl.issuer}`,
      `  thisUpdate: ${crl.thisUpdate}; nextUpdate: ${crl.nextUpdate ?? 'none'}`,
      `  number: ${crl.crlNumber ?? 'none'}${crl.deltaBaseCrlNumber !== undefined ? ` (delta of ${crl.deltaBaseCrlNumber})` : ''}`,
      `  entries: ${crl.entries}; algorithm: ${crl.signatureAlgorithm}`,
    );
  }
  for (const check of result.checks) lines.push(`  ${check.status} ${check.name}: ${check.message}`);
  return `${lines.join('\n')}\n`;
}
