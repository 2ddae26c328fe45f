// The document flow's answers as the API contract (openapi/openapi.json) describes them. Each class
// implements the view its service returns, so a field added to a view without its schema here
// does not compile. Dates travel as ISO strings.
import { ApiBody, ApiConsumes, ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { applyDecorators } from '@nestjs/common';
import { JSON_VALUE_REF } from '../common/http/openapi';
import { ORGANIZATION_EVENT_TYPES } from '../integrations/organization-event-types';
import reportSchema from '../signing/verification/report.schema.json';
import { KZ_ROLE_OIDS, type KzRole } from '../signing/verification/oids';
import type { VerificationPolicy } from '../signing/verification/policy';
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
} from '../signing/verification/report';
import type { SignerIdentity } from '../signing/verification/signer-identity';
import type { TimestampReport } from '../signing/verification/timestamp';
import { SNIFFED_CONTENT_TYPES } from './content-sniffer';
import { REVOCATION_OUTCOMES, type RevocationOutcome } from './evidence/signer-summary';
import type { ActionResultView, StatementView } from './document-actions.service';
import type { DocumentCountersView, DocumentListItemView } from './document-lists.service';
import type {
  DocumentEventView,
  DocumentFieldsView,
  DocumentSenderView,
  DocumentView,
  DeletedDocumentView,
  LinkRevocationView,
  PackageDocumentView,
  PackageView,
  RecipientView,
  SignatureSignerView,
  SignatureView,
  UploadedDocumentView,
} from './documents.service';
import { UploadMetadataDto } from './dto';
import { DocumentKind } from './entities/document.entity';
import { AnnulmentStatus, ReceiptStatus, ResponseStatus } from './entities/document-recipient.entity';
import { SignatureRole, SignedContent } from './entities/document-signature.entity';
import { SIGNING_ROLES, type SigningPolicyRules, type SigningRole } from './signing-policy';
import { DOCUMENT_ACTIONS, ROLL_UP_STATUSES, type DocumentAction, type RollUpStatus, type Side } from './status';

// ---- building blocks ---------------------------------------------------------------------------

const DATE_TIME = { type: 'string', format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;
const UUID = { type: 'string', format: 'uuid' } as const;
const IDENTIFIER = { type: 'string', pattern: '^\\d{12}$' } as const;
const SHA256_HEX = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const SIDES: readonly Side[] = ['sender', 'recipient'];
const DOCUMENT_STATUS = { enum: ROLL_UP_STATUSES } as const;

type ReportDefinitions = Record<string, SchemaObject>;
const REPORT_DEFINITIONS = (reportSchema as unknown as { $defs: ReportDefinitions }).$defs;

// A definition of the verification report's JSON Schema (report.schema.json, held to report.ts by
// its spec) with its `#/$defs/...` references written out, for the flat parts of the report that
// this file does not repeat as classes.
function reportDefinition(name: string): SchemaObject {
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
function reportObject(name: string, options: { selfRequired: boolean; description: string }): ApiPropertyOptions {
  const { type, properties, required, additionalProperties } = reportDefinition(name);
  if (type !== 'object' || !properties) throw new Error(`report definition ${name} is not an object`);

  return { type, properties, required, additionalProperties: additionalProperties ?? false, ...options } as ApiPropertyOptions;
}

const enumOf = (name: string) => REPORT_DEFINITIONS[name].enum as string[];
const propertyEnum = (definition: string, property: string) =>
  (REPORT_DEFINITIONS[definition].properties![property] as SchemaObject).enum as string[];

const INDICATIONS = enumOf('indication');
const SUB_INDICATIONS = Object.keys(ALL_SUB_INDICATIONS);
// Certificate serial numbers and fingerprints in the report: uppercase hex.
const HEX = { type: 'string', pattern: reportDefinition('hex').pattern } as const;
const UPPER_SHA256_HEX = { type: 'string', pattern: reportDefinition('sha256').pattern } as const;
const OID = { type: 'string', pattern: reportDefinition('oid').pattern } as const;
const REVOCATION_STATUSES = propertyEnum('signerRevocation', 'status');
const REVOCATION_TYPES = propertyEnum('signerRevocation', 'type');
const REVOCATION_SOURCES = propertyEnum('signerRevocation', 'source');
const KZ_ROLES = [...new Set(KZ_ROLE_OIDS.values())];

// A stored signature's revocation outcome, as the document's answers and its public evidence give it.
export const REVOCATION_OUTCOME_PROPERTY: ApiPropertyOptions = {
  enum: REVOCATION_OUTCOMES,
  description:
    "The status of the report's revocation check of the signer certificate: PASSED (not revoked), FAILED (revoked), " +
    "WARNING (the signer's status established, a CA's not, accepted by policy), NOT_CHECKED (not established: the " +
    'indication is then never TOTAL_PASSED).',
};

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

// ---- documents ---------------------------------------------------------------------------------

export class DocumentRecipientResponse implements RecipientView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ ...IDENTIFIER, description: 'The BIN/IIN the document is addressed to; only its certificates act for it.' })
  identifier!: string;

  @ApiProperty({ type: 'string', format: 'email', nullable: true })
  email!: string | null;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description:
      "Lists (GET /documents) and a document's view: the recipient's name when known — the registered organization's name, " +
      'else the name on the certificate an unregistered recipient signed with; null when unknown.',
  })
  name?: string | null;

  @ApiProperty({
    description:
      'An organization with this BIN/IIN is registered (the document is in its inbox); false: it acts through an e-mailed link.',
  })
  registered!: boolean;

  @ApiProperty({ ...DOCUMENT_STATUS, description: "This recipient's roll-up of the three axes below." })
  status!: RollUpStatus;

  @ApiProperty({ enum: ReceiptStatus })
  receipt!: ReceiptStatus;

  @ApiProperty({ enum: ResponseStatus })
  response!: ResponseStatus;

  @ApiProperty({ enum: AnnulmentStatus })
  annulment!: AnnulmentStatus;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'First read of the document by the recipient.' })
  deliveredAt!: Date | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: "First download of the document's file." })
  openedAt!: Date | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  receiptSignedAt!: Date | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'When it signed, refused or asked for a correction.' })
  respondedAt!: Date | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  annulmentChangedAt!: Date | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The reason of the last refusal, correction request or annulment step.',
  })
  reason!: string | null;

  @ApiProperty({
    ...NULLABLE_DATE_TIME,
    description:
      'When the sender replaced this recipient with another (it no longer takes part, its link is revoked, it does not ' +
      "count in the document's status); null while it takes part.",
  })
  withdrawnAt!: Date | null;
}

export class SignatureSignerResponse implements SignatureSignerView {
  @ApiProperty({ ...IDENTIFIER, nullable: true })
  iin!: string | null;

  @ApiProperty({ ...IDENTIFIER, nullable: true, description: 'Null: a personal certificate (no organization).' })
  bin!: string | null;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: KZ_ROLES, isArray: true, description: 'NCA RK roles of the certificate.' })
  roles!: KzRole[];

  @ApiProperty({ ...UPPER_SHA256_HEX, description: "SHA-256 of the signer's certificate, uppercase hex." })
  certificateSha256!: string;
}

export class DocumentSignatureResponse implements SignatureView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ enum: SignatureRole })
  role!: SignatureRole;

  @ApiProperty({
    enum: DOCUMENT_ACTIONS,
    description: "sign for a signature of the document; otherwise the statement's action.",
  })
  action!: DocumentAction;

  @ApiProperty({
    enum: SignedContent,
    description: 'What the CMS signs: the document, or a statement.',
  })
  signedContent!: SignedContent;

  @ApiProperty({
    ...UUID,
    nullable: true,
    description: 'The recipient row it concerns; null for the sender signing its document.',
  })
  recipientId!: string | null;

  @ApiProperty({ type: () => SignatureSignerResponse })
  signer!: SignatureSignerView;

  @ApiProperty({
    enum: INDICATIONS,
    description:
      "The verification verdict when the signature was accepted: the report's, except that a signature whose " +
      'signer revocation status the report did not establish is INDETERMINATE / TRY_LATER, never TOTAL_PASSED.',
  })
  indication!: Indication;

  @ApiPropertyOptional({ enum: SUB_INDICATIONS })
  subIndication?: SubIndication;

  @ApiProperty(REVOCATION_OUTCOME_PROPERTY)
  revocation!: RevocationOutcome;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiPropertyOptional({
    type: () => VerificationReportResponse,
    description: 'The whole verification report; only with include=reports. Its JSON Schema: GET /api/v1/verify/schema.',
  })
  report?: VerificationReport;
}

export class DocumentEventResponse implements DocumentEventView {
  @ApiProperty({ type: 'integer', minimum: 1, description: "The event's number within this document (1, 2, ...)." })
  seq!: number;

  @ApiProperty({ enum: ORGANIZATION_EVENT_TYPES })
  type!: DocumentEventView['type'];

  @ApiProperty({ ...UUID, nullable: true })
  recipientId!: string | null;

  @ApiProperty({ description: 'Who acted: user, API key or link label.' })
  actor!: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'The signature that performed the step.' })
  signatureId!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  reason!: string | null;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;
}

export class DocumentSenderResponse implements DocumentSenderView {
  @ApiProperty(UUID)
  organizationId!: string;

  @ApiProperty({ ...IDENTIFIER, description: "The sender's BIN/IIN." })
  identifier!: string;

  @ApiProperty()
  name!: string;
}

// The fields every answer about a document carries (not a schema of its own).
abstract class DocumentFieldsResponse implements DocumentFieldsView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: DocumentKind })
  kind!: DocumentKind;

  @ApiProperty({ type: 'string', nullable: true })
  number!: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  documentDate!: string | null;

  @ApiProperty({
    type: 'string',
    pattern: '^\\d+$',
    nullable: true,
    description: 'Amount in integer minor units (tiyn for KZT), a decimal string (64-bit).',
  })
  amountMinor!: string | null;

  @ApiProperty({ type: 'string', pattern: '^[A-Z]{3}$', nullable: true })
  currency!: string | null;

  @ApiProperty({ type: [String] })
  tags!: string[];

  @ApiProperty({ description: 'The uploaded file name (sanitized); metadata only.' })
  fileName!: string;

  @ApiProperty({ enum: SNIFFED_CONTENT_TYPES, description: "Detected from the file's first bytes, not taken from the client." })
  contentType!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'File size in bytes.' })
  size!: number;

  @ApiProperty({ ...SHA256_HEX, description: 'SHA-256 of the file, lowercase hex.' })
  sha256!: string;

  @ApiProperty({ ...UUID, nullable: true })
  packageId!: string | null;

  @ApiProperty({ type: () => DocumentSenderResponse })
  sender!: DocumentSenderView;

  @ApiProperty(NULLABLE_DATE_TIME)
  senderSignedAt!: Date | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'First sending.' })
  sentAt!: Date | null;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;
}

export class UploadedDocumentResponse extends DocumentFieldsResponse implements UploadedDocumentView {
  @ApiProperty({ ...DOCUMENT_STATUS, description: 'draft' })
  status!: RollUpStatus;

  @ApiProperty({ type: [DocumentRecipientResponse], maxItems: 0, description: 'Empty: a new document is sent to nobody.' })
  recipients!: RecipientView[];
}

export class DocumentResponse extends DocumentFieldsResponse implements DocumentView {
  @ApiProperty({ enum: SIDES, description: 'What the caller is to the document.' })
  side!: Side;

  @ApiProperty({
    ...DOCUMENT_STATUS,
    description:
      "For the sender the document's roll-up over its recipients (what needs attention first); for a recipient its own.",
  })
  status!: RollUpStatus;

  @ApiProperty({
    type: [DocumentRecipientResponse],
    description: 'The sender sees every recipient; a recipient only its own row.',
  })
  recipients!: RecipientView[];

  @ApiProperty({
    type: [DocumentSignatureResponse],
    description: "In the order of the events they back; a recipient does not see the other recipients' ones.",
  })
  signatures!: SignatureView[];

  @ApiProperty({
    type: [DocumentEventResponse],
    description: "The immutable history, by seq (a recipient sees the sender's and its own).",
  })
  events!: DocumentEventView[];
}

export class DocumentListItemResponse implements DocumentListItemView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: DocumentKind })
  kind!: DocumentKind;

  @ApiProperty({ type: 'string', nullable: true })
  number!: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  documentDate!: string | null;

  @ApiProperty({
    type: 'string',
    pattern: '^\\d+$',
    nullable: true,
    description: 'Integer minor units, a decimal string (64-bit).',
  })
  amountMinor!: string | null;

  @ApiProperty({ type: 'string', pattern: '^[A-Z]{3}$', nullable: true })
  currency!: string | null;

  @ApiProperty({ type: [String] })
  tags!: string[];

  @ApiProperty({ enum: SNIFFED_CONTENT_TYPES })
  contentType!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'File size in bytes.' })
  size!: number;

  @ApiProperty({ ...UUID, nullable: true })
  packageId!: string | null;

  @ApiProperty({ enum: SIDES })
  side!: Side;

  @ApiProperty({ type: () => DocumentSenderResponse })
  sender!: DocumentSenderView;

  @ApiProperty(DOCUMENT_STATUS)
  status!: RollUpStatus;

  @ApiProperty({ description: 'An incoming document the caller has not opened (downloaded) yet; always false for the sender.' })
  unread!: boolean;

  @ApiProperty(NULLABLE_DATE_TIME)
  senderSignedAt!: Date | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  sentAt!: Date | null;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiProperty({ type: [DocumentRecipientResponse], description: 'All of them for the sender, its own row for a recipient.' })
  recipients!: RecipientView[];
}

export class DocumentCountersResponse implements DocumentCountersView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Incoming documents not opened yet (annulled ones aside).' })
  unreadIncoming!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'What GET /documents?box=awaiting_my_signature lists.' })
  awaitingMySignature!: number;
}

export class DeletedDocumentResponse implements DeletedDocumentView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ ...DATE_TIME, description: 'From now on the document is in no list and every route answers 404 for it.' })
  deletedAt!: Date;
}

export class LinkRevocationResponse implements LinkRevocationView {
  @ApiProperty(UUID)
  recipientId!: string;

  @ApiProperty({ description: 'False: the recipient had no link left to revoke (nothing changed).' })
  revoked!: boolean;

  @ApiProperty(DATE_TIME)
  revokedAt!: Date;
}

export class StatementResponse implements StatementView {
  @ApiProperty({ enum: DOCUMENT_ACTIONS.filter((a) => a !== 'sign') })
  action!: StatementView['action'];

  @ApiProperty({ ...UUID, description: 'The recipient row the statement concerns.' })
  recipientId!: string;

  @ApiProperty({ description: 'The canonical text to sign, exactly (UTF-8).' })
  statement!: string;

  @ApiProperty({
    type: 'string',
    format: 'byte',
    description: 'The same text as base64 of its UTF-8 bytes (what a signer signs).',
  })
  statementBase64!: string;

  @ApiProperty({ ...SHA256_HEX, description: 'SHA-256 of the UTF-8 text, lowercase hex.' })
  sha256!: string;

  @ApiProperty({ ...DATE_TIME, description: 'Sign and perform the action before this time; a statement serves once.' })
  expiresAt!: Date;
}

export class ActionResultResponse implements ActionResultView {
  @ApiProperty({ enum: DOCUMENT_ACTIONS })
  action!: DocumentAction;

  @ApiProperty({ type: () => DocumentRecipientResponse, description: 'The recipient row as it now is.' })
  recipient!: RecipientView;

  @ApiProperty({ type: () => DocumentSignatureResponse, description: 'The signature that performed the action.' })
  signature!: SignatureView;
}

export class PackageDocumentResponse implements PackageDocumentView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty(NULLABLE_DATE_TIME)
  senderSignedAt!: Date | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  sentAt!: Date | null;

  @ApiProperty(DOCUMENT_STATUS)
  status!: RollUpStatus;

  @ApiProperty({ type: [DocumentRecipientResponse] })
  recipients!: RecipientView[];
}

export class PackageResponse implements PackageView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ type: 'string', nullable: true })
  title!: string | null;

  @ApiProperty({ description: 'Sent only when every document is signed; a refusal of one part applies to all.' })
  allOrNothing!: boolean;

  @ApiProperty(NULLABLE_DATE_TIME)
  sentAt!: Date | null;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiProperty({ type: [PackageDocumentResponse], description: 'Oldest first.' })
  documents!: PackageDocumentView[];
}

const POLICY_ROLES = {
  enum: SIGNING_ROLES,
  isArray: true,
  description: 'Certificate roles that may sign this kind of document for the organization.',
} as const;

export class SigningPolicyResponse implements SigningPolicyRules {
  @ApiProperty(POLICY_ROLES)
  contract!: SigningRole[];

  @ApiProperty(POLICY_ROLES)
  act!: SigningRole[];

  @ApiProperty(POLICY_ROLES)
  invoice!: SigningRole[];

  @ApiProperty(POLICY_ROLES)
  waybill!: SigningRole[];

  @ApiProperty(POLICY_ROLES)
  other!: SigningRole[];
}

// ---- requests that are not a JSON body -----------------------------------------------------------

export class UploadDocumentRequest extends UploadMetadataDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The document, before or after the metadata fields (any type; not empty, at most the configured DOCUMENT_MAX_BYTES).',
  })
  file!: unknown;
}

// POST /documents: multipart/form-data, the metadata fields and the part "file" in either order.
export const ApiDocumentUpload = () =>
  applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      type: UploadDocumentRequest,
      description:
        'multipart/form-data: the metadata fields and one part named "file" (streamed to storage), in either order. ' +
        'Fields after the file are validated when the request ends; if they fail, the stored file is deleted. ' +
        'A bad field, a second file or an empty one is refused and nothing is kept.',
    }),
  );

// The media types a stored document is served as (its sniffed contentType).
export const DOCUMENT_CONTENT_MEDIA_TYPES = Object.fromEntries(
  SNIFFED_CONTENT_TYPES.map((type) => [type.split(';')[0], { schema: { type: 'string', format: 'binary' } }]),
);
