// The document flow's answers as the API contract (openapi/openapi.json) describes them. Each class
// implements the view its service returns, so a field added to a view without its schema here
// does not compile. Dates travel as ISO strings.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ORGANIZATION_EVENT_TYPES } from '../integrations';

import {
  type Indication,
  INDICATIONS,
  KZ_ROLES,
  type KzRole,
  SUB_INDICATIONS,
  type SubIndication,
  UPPER_SHA256_HEX,
  type VerificationReport,
  VerificationReportResponse,
} from '../signing';

import { SNIFFED_CONTENT_TYPES } from '../common/files/content-sniffer';
import { type RevocationOutcome } from './evidence/signer-summary';

import type { DocumentCountersView, DocumentListItemView } from './document-lists.service';
import type {
  DocumentEventView,
  DocumentFieldsView,
  DocumentSenderView,
  DocumentView,
  RecipientView,
  SignatureSignerView,
  SignatureView,
  UploadedDocumentView,
} from './document-views';

import { DocumentKind } from './entities/document.entity';
import { AnnulmentStatus, ReceiptStatus, ResponseStatus } from './entities/document-recipient.entity';
import { SignatureRole, SignedContent } from './entities/document-signature.entity';

import { DOCUMENT_ACTIONS, type DocumentAction, type RollUpStatus, type Side } from './status';
import { DATE_TIME, IDENTIFIER, NULLABLE_DATE_TIME, SHA256_HEX, UUID } from '../common/http/schema-fragments';
import { DOCUMENT_STATUS, REVOCATION_OUTCOME_PROPERTY, SIDES } from './document-schemas.api';

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
