import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { VerificationPolicy } from '../verification/policy';
import type {
  AdesLevel,
  CertificateSummary,
  ChainRevocationEntry,
  Check,
  CheckName,
  CheckStatus,
  Indication,
  ParseErrorCode,
  SignerReport,
  SignerRevocation,
  SubIndication,
  VerificationReport,
} from '../verification/report';
import reportSchema from '../verification/report.schema.json';
import type { KeyUsageClass, SignerIdentity } from '../verification/signer-identity';
import type { KzRole } from '../verification/oids';
import type { TimestampReport } from '../verification/timestamp';

// The verification report (verification/report.ts) as response classes. Enums, patterns and
// descriptions come from report.schema.json, whose spec holds it equal to the TypeScript types,
// so the contract and GET /api/v1/verify/schema say the same. What a class cannot say (TOTAL_PASSED
// never has a sub-indication, FAILED checks always have one...) is in the descriptions and in that
// JSON Schema.

const defs = reportSchema.$defs;
const props = {
  report: reportSchema.properties,
  policy: defs.policy.properties,
  check: defs.check.properties,
  signer: defs.signer.properties,
  identity: defs.signerIdentity.properties,
  signerRevocation: defs.signerRevocation.properties,
  chainRevocation: defs.chainRevocationEntry.properties,
};

const time = { type: 'string', format: 'date-time' } as const;
const hex = { type: 'string', pattern: defs.hex.pattern } as const;
const sha256 = { type: 'string', pattern: defs.sha256.pattern, description: 'SHA-256, upper-case hex' } as const;
const oid = { type: 'string', pattern: defs.oid.pattern } as const;
const strings: { type: [StringConstructor] } = { type: [String] };
const indication = { enum: defs.indication.enum, enumName: 'Indication', description: defs.indication.description } as const;
const subIndication = {
  enum: defs.subIndication.enum,
  enumName: 'SubIndication',
  description: defs.subIndication.description,
} as const;
const revocationMode = { enum: defs.revocationMode.enum, enumName: 'RevocationMode' } as const;
const revocationStatus = { enum: props.signerRevocation.status.enum, enumName: 'RevocationStatus' } as const;
const revocationType = {
  enum: props.signerRevocation.type.enum,
  enumName: 'RevocationDataType',
  description: 'What the status was read from',
} as const;
const revocationSource = {
  enum: props.signerRevocation.source.enum,
  enumName: 'RevocationSource',
  description: 'embedded: inside the CMS; supplied: sent with the request; ocsp-online / crl-online: fetched by the service',
} as const;

export class VerificationPolicyResponse implements VerificationPolicy {
  @ApiProperty({ ...revocationMode, description: 'Revocation of the signer certificate' })
  revocation!: VerificationPolicy['revocation'];

  @ApiProperty({ ...revocationMode, description: 'Revocation of the intermediate CA certificates' })
  caRevocation!: VerificationPolicy['caRevocation'];

  @ApiProperty({ enum: props.policy.keyUsage.enum })
  keyUsage!: VerificationPolicy['keyUsage'];

  @ApiProperty({ enum: props.policy.signingCertificateMismatch.enum })
  signingCertificateMismatch!: VerificationPolicy['signingCertificateMismatch'];

  @ApiProperty()
  requireSigningCertificateAttribute!: boolean;

  @ApiProperty({ enum: props.policy.weakDigests.enum })
  weakDigests!: VerificationPolicy['weakDigests'];

  @ApiProperty({ ...strings, description: 'EKU role OIDs the signer must carry one of (empty: any)' })
  requiredRoles!: string[];

  @ApiPropertyOptional({ pattern: props.policy.requiredIin.pattern })
  requiredIin?: string;

  @ApiPropertyOptional({ pattern: props.policy.requiredBin.pattern })
  requiredBin?: string;

  @ApiProperty({ ...strings, description: 'Signature algorithms accepted (empty: any)' })
  allowedSignatureAlgorithms!: string[];

  @ApiProperty({ type: 'integer', minimum: 1 })
  maxCmsBytes!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  maxSigners!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  maxCertificates!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  maxChainLength!: number;

  @ApiProperty({ description: 'false: only revocation data inside the CMS or supplied with the request' })
  revocationOnline!: boolean;

  @ApiProperty({ type: 'integer', minimum: 1 })
  revocationTimeoutMs!: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'How long an OCSP answer without nextUpdate is usable' })
  revocationMaxAgeSeconds!: number;
}

export class VerificationCheckResponse implements Check {
  @ApiProperty({ enum: defs.checkName.enum, enumName: 'VerificationCheckName', description: 'The verification step' })
  name!: CheckName;

  @ApiProperty({ enum: props.check.status.enum, enumName: 'VerificationCheckStatus', description: defs.check.description })
  status!: CheckStatus;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({
    ...subIndication,
    description: 'Present on every FAILED check and on a NOT_CHECKED one the policy requires',
  })
  subIndication?: SubIndication;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: props.check.evidence.description })
  evidence?: Record<string, unknown>;
}

export class SignerIdentityResponse implements SignerIdentity {
  @ApiPropertyOptional()
  commonName?: string;

  @ApiPropertyOptional()
  surname?: string;

  @ApiPropertyOptional({ description: props.identity.givenName.description })
  givenName?: string;

  @ApiPropertyOptional({ pattern: props.identity.iin.pattern, description: 'IIN of the person' })
  iin?: string;

  @ApiPropertyOptional({ pattern: props.identity.bin.pattern, description: 'BIN of the organization' })
  bin?: string;

  @ApiPropertyOptional()
  organization?: string;

  @ApiPropertyOptional()
  email?: string;

  @ApiPropertyOptional()
  country?: string;

  @ApiPropertyOptional()
  locality?: string;

  @ApiPropertyOptional()
  state?: string;

  @ApiProperty({ enum: props.identity.subjectType.enum })
  subjectType!: SignerIdentity['subjectType'];

  @ApiProperty({
    enum: props.identity.roles.items.enum,
    enumName: 'KzRole',
    isArray: true,
    description: 'Roles from the NCA RK extended key usage arc (1.2.398.3.3.4.1)',
  })
  roles!: KzRole[];

  @ApiProperty(strings)
  identificationMethods!: string[];

  @ApiProperty({
    enum: props.identity.keyUsage.enum,
    enumName: 'KeyUsageClass',
    description: 'SIGN: a signing key; AUTH: authentication only',
  })
  keyUsage!: KeyUsageClass;

  @ApiProperty(strings)
  keyUsageBits!: string[];

  @ApiProperty({ ...strings, description: 'Extended key usage OIDs' })
  extendedKeyUsage!: string[];

  @ApiProperty(hex)
  serialNumber!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty()
  issuer!: string;

  @ApiProperty(time)
  notBefore!: string;

  @ApiProperty(time)
  notAfter!: string;

  @ApiProperty()
  signatureAlgorithm!: string;

  @ApiProperty()
  publicKeyAlgorithm!: string;

  @ApiProperty(sha256)
  certificateSha256!: string;
}

export class SignatureTimestampResponse implements TimestampReport {
  @ApiProperty()
  valid!: boolean;

  @ApiPropertyOptional(time)
  genTime?: string;

  @ApiPropertyOptional()
  tsa?: string;

  @ApiPropertyOptional()
  tsaCertificate?: string;

  @ApiPropertyOptional(oid)
  policy?: string;

  @ApiPropertyOptional(hex)
  serialNumber?: string;

  @ApiPropertyOptional()
  imprintAlgorithm?: string;

  @ApiPropertyOptional(indication)
  indication?: Indication;

  @ApiPropertyOptional(subIndication)
  subIndication?: SubIndication;

  @ApiPropertyOptional({ type: () => [VerificationCheckResponse], description: "The token's own checks" })
  checks?: VerificationCheckResponse[];
}

export class SignerRevocationResponse implements SignerRevocation {
  @ApiProperty({ ...revocationStatus, description: defs.signerRevocation.description })
  status!: SignerRevocation['status'];

  @ApiPropertyOptional(revocationType)
  type?: SignerRevocation['type'];

  @ApiPropertyOptional(revocationSource)
  source?: SignerRevocation['source'];

  @ApiPropertyOptional({ description: props.signerRevocation.by.description })
  by?: string;

  @ApiPropertyOptional(time)
  thisUpdate?: string;

  @ApiPropertyOptional(time)
  nextUpdate?: string;

  @ApiPropertyOptional(time)
  revocationTime?: string;

  @ApiPropertyOptional()
  reason?: string;
}

export class ChainRevocationEntryResponse implements ChainRevocationEntry {
  @ApiProperty()
  subject!: string;

  @ApiProperty(hex)
  serialNumber!: string;

  @ApiProperty(sha256)
  sha256!: string;

  @ApiProperty({ ...revocationStatus, description: defs.chainRevocationEntry.description })
  status!: ChainRevocationEntry['status'];

  @ApiPropertyOptional(revocationType)
  type?: ChainRevocationEntry['type'];

  @ApiPropertyOptional(revocationSource)
  source?: ChainRevocationEntry['source'];

  @ApiPropertyOptional()
  responder?: string;

  @ApiPropertyOptional()
  crlIssuer?: string;

  @ApiPropertyOptional()
  crlNumber?: string;

  @ApiPropertyOptional()
  deltaCrlNumber?: string;

  @ApiPropertyOptional(time)
  thisUpdate?: string;

  @ApiPropertyOptional(time)
  nextUpdate?: string;

  @ApiPropertyOptional(time)
  revocationTime?: string;

  @ApiPropertyOptional()
  reason?: string;

  @ApiPropertyOptional({ ...strings, description: 'Where an answer was looked for, and why each failed' })
  attempts?: string[];
}

export class SignerReportResponse implements SignerReport {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Position of the SignerInfo in the CMS, from 0' })
  index!: number;

  @ApiProperty(indication)
  indication!: Indication;

  @ApiPropertyOptional({ ...subIndication, description: 'Absent exactly when indication is TOTAL_PASSED' })
  subIndication?: SubIndication;

  @ApiProperty({ type: () => [VerificationCheckResponse] })
  checks!: VerificationCheckResponse[];

  @ApiPropertyOptional({ type: () => SignerIdentityResponse, description: defs.signerIdentity.description })
  signer?: SignerIdentityResponse;

  @ApiPropertyOptional({ ...time, description: 'The signingTime attribute (claimed by the signer, not proven)' })
  signingTime?: string;

  @ApiPropertyOptional({ type: () => SignatureTimestampResponse, description: defs.timestamp.description })
  timestamp?: SignatureTimestampResponse;

  @ApiProperty({ enum: props.signer.adesLevel.enum, enumName: 'AdesLevel', description: props.signer.adesLevel.description })
  adesLevel!: AdesLevel;

  @ApiPropertyOptional({ type: () => SignerRevocationResponse })
  revocation?: SignerRevocationResponse;

  @ApiPropertyOptional({ type: () => [ChainRevocationEntryResponse], description: 'Absent when CA revocation was not checked' })
  chainRevocation?: ChainRevocationEntryResponse[];

  @ApiProperty()
  digestAlgorithm!: string;

  @ApiProperty()
  signatureAlgorithm!: string;

  @ApiProperty(strings)
  signedAttributes!: string[];

  @ApiProperty(strings)
  unsignedAttributes!: string[];

  @ApiProperty(strings)
  warnings!: string[];
}

export class CertificateSummaryResponse implements CertificateSummary {
  @ApiProperty()
  subject!: string;

  @ApiProperty()
  issuer!: string;

  @ApiProperty(hex)
  serialNumber!: string;

  @ApiProperty(sha256)
  sha256!: string;

  @ApiProperty(time)
  notBefore!: string;

  @ApiProperty(time)
  notAfter!: string;
}

export class VerificationErrorResponse {
  @ApiProperty({
    enum: props.report.error.properties.code.enum,
    enumName: 'VerificationParseError',
    description: 'Why the CMS could not be read',
  })
  code!: ParseErrorCode;

  @ApiProperty()
  message!: string;
}

export class VerifiedContentResponse {
  @ApiProperty({ ...oid, description: 'eContentType OID' })
  contentType!: string;

  @ApiProperty({ description: 'true: the content is inside the CMS; false: detached' })
  attached!: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Bytes of the signed content, when known' })
  size?: number;
}

export class RevocationDataCountsResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  crls!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  ocspResponses!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  other!: number;
}

export class VerificationReportResponse implements VerificationReport {
  @ApiProperty(indication)
  indication!: Indication;

  @ApiPropertyOptional({
    ...subIndication,
    description: `${defs.conclusion.description} The document's is the worst of its signers'.`,
  })
  subIndication?: SubIndication;

  @ApiPropertyOptional({ type: () => VerificationErrorResponse, description: props.report.error.description })
  error?: VerificationErrorResponse;

  @ApiProperty({ ...time, description: 'The time the signatures were validated at' })
  validationTime!: string;

  @ApiProperty({ type: () => VerificationPolicyResponse, description: defs.policy.description })
  policy!: VerificationPolicyResponse;

  @ApiPropertyOptional({ type: () => VerifiedContentResponse })
  content?: VerifiedContentResponse;

  @ApiProperty({ type: () => [SignerReportResponse] })
  signers!: SignerReportResponse[];

  @ApiProperty({ type: () => [CertificateSummaryResponse], description: defs.certificateSummary.description })
  certificates!: CertificateSummaryResponse[];

  @ApiProperty({ type: () => RevocationDataCountsResponse, description: props.report.revocationData.description })
  revocationData!: RevocationDataCountsResponse;

  @ApiProperty(strings)
  warnings!: string[];
}
