// Validation data carried inside a signature (CAdES-LT, ETSI EN 319 122-1 §5.5 / RFC 5126 §6.3):
// the unsigned attributes certValues (id-aa-ets-certValues) and revocationValues
// (id-aa-ets-revocationValues) of every SignerInfo, next to SignedData.certificates and .crls
// which cms-parser.ts already lists. Also the B-LT assessment: a B-T signature whose revocation
// answers (signer, CAs, TSA) all came from data embedded in the signature.

import * as asn1js from 'asn1js';
import { CertificateInfo, parseCertificate } from './certificates';
import { attributesOf } from './certificate-checks';
import { parseCms, ParsedCms } from './cms-parser';
import { CMS_OID } from './oids';
import type { AdesLevel, ChainRevocationEntry, Check, SignerReport } from './report';

export const ETS_OID = {
  certValues: '1.2.840.113549.1.9.16.2.23',
  revocationValues: '1.2.840.113549.1.9.16.2.24',
} as const;

// A hostile CMS must not buy unbounded parsing through these attributes.
const MAX_VALUES = 64;

export interface EmbeddedValidationData {
  readonly certificates: readonly CertificateInfo[];
  readonly crls: readonly Uint8Array[];
  // BasicOCSPResponse DER (RevocationValues.ocspVals); ocsp.ts reads both wrappings.
  readonly ocspResponses: readonly Uint8Array[];
  readonly errors: readonly string[];
}

const cache = new WeakMap<ParsedCms, EmbeddedValidationData>();

const derOf = (node: asn1js.AsnType) => new Uint8Array(node.valueBeforeDecodeView);

function sequenceItems(node: unknown, what: string): asn1js.AsnType[] {
  const items: unknown = (node as asn1js.Sequence | undefined)?.valueBlock?.value;
  if (!(node as asn1js.AsnType | undefined)?.idBlock?.isConstructed || !Array.isArray(items))
    throw new Error(`${what}: expected a SEQUENCE`);
  return items as asn1js.AsnType[];
}

// certValues and revocationValues of every SignerInfo of the CMS, parsed once per CMS. A malformed
// attribute is listed in errors and skipped: the verification goes on without that data.
export function embeddedValidationData(cms: ParsedCms): EmbeddedValidationData {
  const known = cache.get(cms);
  if (known) return known;
  const certificates = new Map<string, CertificateInfo>();
  const crls: Uint8Array[] = [];
  const ocspResponses: Uint8Array[] = [];
  const errors: string[] = [];
  let budget = MAX_VALUES;
  const take = () => budget-- > 0;
  for (const signer of cms.signers) {
    for (const attribute of attributesOf(signer.unsignedAttributes, ETS_OID.certValues))
      for (const value of attribute.values)
        try {
          for (const item of sequenceItems(value, 'certValues')) {
            if (!take()) break;
            const info = parseCertificate(derOf(item));
            certificates.set(info.sha256, info);
          }
        } catch (error) {
          errors.push(`certValues of signer ${signer.index}: ${error instanceof Error ? error.message : String(error)}`);
        }
    for (const attribute of attributesOf(signer.unsignedAttributes, ETS_OID.revocationValues))
      for (const value of attribute.values)
        try {
          // RevocationValues ::= SEQUENCE { crlVals [0], ocspVals [1], otherRevVals [2] } (RFC 5126 §6.3.4)
          for (const field of sequenceItems(value, 'revocationValues')) {
            const tag = field.idBlock.tagClass === 3 ? field.idBlock.tagNumber : -1;
            if (tag !== 0 && tag !== 1) continue;
            for (const item of sequenceItems(sequenceItems(field, 'revocationValues field')[0], 'revocationValues list')) {
              if (!take()) break;
              (tag === 0 ? crls : ocspResponses).push(derOf(item));
            }
          }
        } catch (error) {
          errors.push(`revocationValues of signer ${signer.index}: ${error instanceof Error ? error.message : String(error)}`);
        }
  }
  const data = { certificates: [...certificates.values()], crls, ocspResponses, errors };
  cache.set(cms, data);
  return data;
}

// A time-stamp token's CMS -> the signature it stamps: the TSA certificate's revocation data may
// sit in the enclosing signature (CAdES-LT puts it into the signer's revocationValues).
const enclosing = new WeakMap<ParsedCms, ParsedCms>();

export function registerEnclosingCms(token: ParsedCms, outer: ParsedCms): void {
  enclosing.set(token, outer);
}

export function enclosingCms(cms: ParsedCms): ParsedCms | undefined {
  return enclosing.get(cms);
}

// SHA-256 of every certificate carried by the signature: SignedData.certificates, certValues, and
// the certificates inside the signature time-stamp tokens.
export function embeddedCertificateHashes(cms: ParsedCms): Set<string> {
  const hashes = new Set([...cms.certificates, ...embeddedValidationData(cms).certificates].map((c) => c.sha256));
  for (const signer of cms.signers)
    for (const attribute of attributesOf(signer.unsignedAttributes, CMS_OID.signatureTimeStampToken))
      for (const value of attribute.values.slice(0, 4)) {
        if (!(value instanceof asn1js.Sequence)) continue;
        const token = parseCms(derOf(value), { maxSigners: 1, maxCertificates: 16 });
        if (token.ok) for (const cert of token.cms.certificates) hashes.add(cert.sha256);
      }
  return hashes;
}

const chainOf = (checks: readonly Check[]) =>
  checks.find((c) => c.name === 'CERTIFICATE_CHAIN')?.evidence?.path as
    readonly { readonly sha256: string; readonly trusted: boolean }[] | undefined;

// Why the checks of one signer (or time-stamp token) were not reached with data from inside the
// signature, or undefined when they were: a passed revocation answer from embedded data for the
// certificate and every CA below the anchor, and each non-anchor certificate of the path carried.
function longTermGap(checks: readonly Check[], certificates: ReadonlySet<string>, who: string): string | undefined {
  const revocation = checks.find((c) => c.name === 'REVOCATION');
  if (revocation?.status !== 'PASSED') return `${who}: revocation status not established`;
  if (revocation.evidence?.source !== 'embedded') return `${who}: revocation data not embedded in the signature`;
  const chain = (revocation.evidence?.chainRevocation as readonly ChainRevocationEntry[] | undefined) ?? [];
  const ca = chain.find((entry) => entry.source !== 'embedded' || (entry.status !== 'good' && entry.status !== 'revokedLater'));
  if (ca) return `${who}: revocation data of CA ${ca.subject} not embedded in the signature`;
  const path = chainOf(checks);
  if (!path) return `${who}: no validated certificate path`;
  // Every CA between the certificate and the anchor needs its own answer (not with caRevocation 'off').
  if (chain.length < path.length - 2) return `${who}: revocation of the CA certificates not checked`;
  if (path.some((cert) => !cert.trusted && !certificates.has(cert.sha256)))
    return `${who}: certificates of the path not embedded`;
  return undefined;
}

// B-LT (ETSI EN 319 122-1 / 319 102-1): B-T, and the validation data that was used for the signer
// certificate, its CAs and the TSA came from inside the signature. The caller's evidence and online
// answers reach the same indication but not this level.
export function assessLongTerm(report: SignerReport, certificates: ReadonlySet<string>): { level: AdesLevel; gap?: string } {
  if (report.adesLevel !== 'B-T' || !report.timestamp?.valid) return { level: report.adesLevel };
  const gap =
    longTermGap(report.checks, certificates, 'signer') ?? longTermGap(report.timestamp.checks ?? [], certificates, 'time-stamp');
  return gap ? { level: 'B-T', gap } : { level: 'B-LT' };
}
