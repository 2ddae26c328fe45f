// The signature verification report as the API contract describes it (ETSI EN 319 102-1,
// src/signing/verification/report.ts): the building blocks taken from report.schema.json and
// the response classes. Other modules' answers embed VerificationReportResponse.
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { JSON_VALUE_REF } from '../../common/http/openapi';
import { DATE_TIME } from '../../common/http/schema-fragments';
import reportSchema from '../verification/report.schema.json';
import { KZ_ROLE_OIDS } from '../verification/oids';
import type { VerificationPolicy } from '../verification/policy';
import {
  ALL_SUB_INDICATIONS,
  type AdesLevel,
  type CertificateSummary,
  type ChainRevocationEntry,
  type Check,
  type CheckName,
  type CheckStatus,
  type Indication,
  type ParseErrorCode,
  type SignerReport,
  type SignerRevocation,
  type SubIndication,
  type VerificationReport,
} from '../verification/report';
import type { SignerIdentity } from '../verification/signer-identity';
import type { TimestampReport } from '../verification/timestamp';

type ReportDefinitions = Record<string, SchemaObject>;
export const REPORT_DEFINITIONS = (reportSchema as unknown as { $defs: ReportDefinitions }).$defs;

// A definition of the verification report's JSON Schema (report.schema.json, held to report.ts by
// its spec) with its `#/$defs/...` references written out, for the flat parts of the report that
// this file does not repeat as classes.
export function reportDefinition(name: string): SchemaObject {
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (typeof node !== 'object' || node === null) return node;
    const { $ref, ...rest } = node as { $ref?: string };
    if ($ref) return { ...(inline(REPORT_DEFINITIONS[$ref.replace('#/$defs/', '')]) as object), ...(inline(rest) as object) };
    return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, inline(value)]));
  };

  return inline(REPORT_DEFINITIONS[name]) as SchemaObject;
}

// An object property of a response class described by a report definition; `selfRequired`: whether
// the property itself is required (its `required` is the list of the object's own required fields).
export function reportObject(name: string, options: { selfRequired: boolean; description: string }): ApiPropertyOptions {
  const { type, properties, required, additionalProperties } = reportDefinition(name);
  if (type !== 'object' || !properties) throw new Error(`report definition ${name} is not an object`);

  return { type, properties, required, additionalProperties: additionalProperties ?? false, ...options } as ApiPropertyOptions;
}

export const enumOf = (name: string) => REPORT_DEFINITIONS[name].enum as string[];
export const propertyEnum = (definition: string, property: string) =>
  (REPORT_DEFINITIONS[definition].properties![property] as SchemaObject).enum as string[];

export const INDICATIONS = enumOf('indication');
export const SUB_INDICATIONS = Object.keys(ALL_SUB_INDICATIONS);
// Certificate serial numbers and fingerprints in the report: uppercase hex.
export const HEX = { type: 'string', pattern: reportDefinition('hex').pattern } as const;
export const UPPER_SHA256_HEX = { type: 'string', pattern: reportDefinition('sha256').pattern } as const;
export const OID = { type: 'string', pattern: reportDefinition('oid').pattern } as const;
export const REVOCATION_STATUSES = propertyEnum('signerRevocation', 'status');
export const REVOCATION_TYPES = propertyEnum('signerRevocation', 'type');
export const REVOCATION_SOURCES = propertyEnum('signerRevocation', 'source');
export const KZ_ROLES = [...new Set(KZ_ROLE_OIDS.values())];

// ---- signature verification report (ETSI EN 319 102-1, src/signing/verification/report.ts) ---

export class VerificationCheckResponse implements Check {
  @ApiProperty({ enum: enumOf('checkName') })
  name!: CheckName;

  @ApiProperty({
    enum: propertyEnum('check', 'status'),
    description: 'NOT_CHECKED blocks TOTAL_PASSED only when the policy requires the check.',
  })
  status!: CheckStatus;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({
    enum: SUB_INDICATIONS,
    description: 'Present exactly when the check blocks TOTAL_PASSED (always for FAILED).',
  })
  subIndication?: SubIndication;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: JSON_VALUE_REF },
    description: 'Check-specific details (chain path, revocation answer and attempts, time-stamp fields...); free-form JSON.',
  })
  evidence?: Readonly<Record<string, unknown>>;
}

export class TimestampReportResponse implements TimestampReport {
  @ApiProperty({ description: 'The token verified and its imprint matches the signature.' })
  valid!: boolean;

  @ApiPropertyOptional(DATE_TIME)
  genTime?: string;

  @ApiPropertyOptional({ description: 'The TSA named in the token.' })
  tsa?: string;

  @ApiPropertyOptional({ description: "The TSA certificate's subject." })
  tsaCertificate?: string;

  @ApiPropertyOptional({ ...OID, description: 'TSA policy OID.' })
  policy?: string;

  @ApiPropertyOptional(HEX)
  serialNumber?: string;

  @ApiPropertyOptional()
  imprintAlgorithm?: string;

  @ApiPropertyOptional({ enum: INDICATIONS })
  indication?: Indication;

  @ApiPropertyOptional({ enum: SUB_INDICATIONS })
  subIndication?: SubIndication;

  @ApiPropertyOptional({
    type: [VerificationCheckResponse],
    description: "The token's own checks (signature, chain, TSA revocation...).",
  })
  checks?: readonly Check[];
}

export class SignerRevocationResponse implements SignerRevocation {
  @ApiProperty({
    enum: REVOCATION_STATUSES,
    description:
      'revokedLater: revoked after the time that matters (time-stamp genTime or validation time); unknown: no usable answer.',
  })
  status!: SignerRevocation['status'];

  @ApiPropertyOptional({ enum: REVOCATION_TYPES })
  type?: SignerRevocation['type'];

  @ApiPropertyOptional({ enum: REVOCATION_SOURCES })
  source?: SignerRevocation['source'];

  @ApiPropertyOptional({ description: 'The OCSP responder or the CRL issuer.' })
  by?: string;

  @ApiPropertyOptional(DATE_TIME)
  thisUpdate?: string;

  @ApiPropertyOptional(DATE_TIME)
  nextUpdate?: string;

  @ApiPropertyOptional(DATE_TIME)
  revocationTime?: string;

  @ApiPropertyOptional()
  reason?: string;
}

export class ChainRevocationEntryResponse implements ChainRevocationEntry {
  @ApiProperty()
  subject!: string;

  @ApiProperty(HEX)
  serialNumber!: string;

  @ApiProperty(UPPER_SHA256_HEX)
  sha256!: string;

  @ApiProperty({ enum: REVOCATION_STATUSES })
  status!: ChainRevocationEntry['status'];

  @ApiPropertyOptional({ enum: REVOCATION_TYPES })
  type?: ChainRevocationEntry['type'];

  @ApiPropertyOptional({ enum: REVOCATION_SOURCES })
  source?: ChainRevocationEntry['source'];

  @ApiPropertyOptional()
  responder?: string;

  @ApiPropertyOptional()
  crlIssuer?: string;

  @ApiPropertyOptional()
  crlNumber?: string;

  @ApiPropertyOptional()
  deltaCrlNumber?: string;

  @ApiPropertyOptional(DATE_TIME)
  thisUpdate?: string;

  @ApiPropertyOptional(DATE_TIME)
  nextUpdate?: string;

  @ApiPropertyOptional(DATE_TIME)
  revocationTime?: string;

  @ApiPropertyOptional()
  reason?: string;

  @ApiPropertyOptional({ type: [String], description: 'Sources tried without a usable answer.' })
  attempts?: readonly string[];
}

export class SignerReportResponse implements SignerReport {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Position of the SignerInfo in the CMS.' })
  index!: number;

  @ApiProperty({ enum: INDICATIONS })
  indication!: Indication;

  @ApiPropertyOptional({ enum: SUB_INDICATIONS })
  subIndication?: SubIndication;

  @ApiProperty({ type: [VerificationCheckResponse] })
  checks!: readonly Check[];

  @ApiPropertyOptional(
    reportObject('signerIdentity', {
      selfRequired: false,
      description: 'Who signed, from the certificate: IIN/BIN, names, NCA roles, SIGN or AUTH key.',
    }),
  )
  signer?: SignerIdentity;

  @ApiPropertyOptional({ ...DATE_TIME, description: 'The signingTime attribute (claimed by the signer).' })
  signingTime?: string;

  @ApiPropertyOptional({
    type: () => TimestampReportResponse,
    description: 'The signature time-stamp used (or the first rejected one).',
  })
  timestamp?: TimestampReport;

  @ApiProperty({
    enum: propertyEnum('signer', 'adesLevel'),
    description:
      'CAdES baseline level: B-B signed, B-T with a verified signature time-stamp, B-LT also with the validation data inside.',
  })
  adesLevel!: AdesLevel;

  @ApiPropertyOptional({ type: () => SignerRevocationResponse, description: 'Absent when revocation is off by policy.' })
  revocation?: SignerRevocation;

  @ApiPropertyOptional({ type: [ChainRevocationEntryResponse], description: "Revocation of the signer path's CA certificates." })
  chainRevocation?: readonly ChainRevocationEntry[];

  @ApiProperty()
  digestAlgorithm!: string;

  @ApiProperty()
  signatureAlgorithm!: string;

  @ApiProperty({ type: [String] })
  signedAttributes!: readonly string[];

  @ApiProperty({ type: [String] })
  unsignedAttributes!: readonly string[];

  @ApiProperty({ type: [String] })
  warnings!: readonly string[];
}

export class CertificateSummaryResponse implements CertificateSummary {
  @ApiProperty()
  subject!: string;

  @ApiProperty()
  issuer!: string;

  @ApiProperty(HEX)
  serialNumber!: string;

  @ApiProperty(UPPER_SHA256_HEX)
  sha256!: string;

  @ApiProperty(DATE_TIME)
  notBefore!: string;

  @ApiProperty(DATE_TIME)
  notAfter!: string;
}

export class VerificationErrorResponse {
  @ApiProperty({ enum: reportSchema.properties.error.properties.code.enum as string[] })
  code!: ParseErrorCode;

  @ApiProperty()
  message!: string;
}

export class VerifiedContentResponse {
  @ApiProperty({ ...OID, description: 'eContentType OID.' })
  contentType!: string;

  @ApiProperty({ description: 'The CMS carries the content (false: detached).' })
  attached!: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 0 })
  size?: number;
}

export class RevocationDataCountResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  crls!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  ocspResponses!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  other!: number;
}

export class VerificationReportResponse implements VerificationReport {
  @ApiProperty({ enum: INDICATIONS })
  indication!: Indication;

  @ApiPropertyOptional({
    enum: SUB_INDICATIONS,
    description: 'Why the indication is not TOTAL_PASSED.',
  })
  subIndication?: SubIndication;

  @ApiPropertyOptional({
    type: () => VerificationErrorResponse,
    description: 'The CMS could not be processed at all (signers is then empty).',
  })
  error?: VerificationReport['error'];

  @ApiProperty(DATE_TIME)
  validationTime!: string;

  @ApiProperty(reportObject('policy', { selfRequired: true, description: 'The validation policy applied (defaults filled in).' }))
  policy!: VerificationPolicy;

  @ApiPropertyOptional({ type: () => VerifiedContentResponse })
  content?: VerificationReport['content'];

  @ApiProperty({ type: [SignerReportResponse] })
  signers!: readonly SignerReport[];

  @ApiProperty({ type: [CertificateSummaryResponse], description: 'Certificates carried in SignedData.certificates.' })
  certificates!: readonly CertificateSummary[];

  @ApiProperty({ type: () => RevocationDataCountResponse, description: 'Revocation values found in SignedData.crls.' })
  revocationData!: VerificationReport['revocationData'];

  @ApiProperty({ type: [String] })
  warnings!: readonly string[];
}
