import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/http/pagination';
import { DocumentKind } from './entities/document.entity';
import { SIGNING_ROLES } from './signing-policy';
import { DOCUMENT_ACTIONS, DocumentAction, ROLL_UP_STATUSES } from './status';
import { IsSafeText } from '../common/http/safe-text';

const IDENTIFIER = /^\d{12}$/;
// A CMS in base64 (standard or url-safe alphabet, whitespace tolerated).
const BASE64 = /^[A-Za-z0-9+/=_\-\s]+$/;

// What IsSafeText allows (safe-text.ts), as the contract states it.
const SAFE_TEXT_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$';
const SAFE_TEXT_NOTE = 'No control characters (line breaks included) or bidirectional overrides.';
const DOCUMENT_KIND = { enum: DocumentKind } as const;
const STATEMENT_ACTIONS = DOCUMENT_ACTIONS.filter((a) => a !== 'sign');

// Metadata fields of the multipart upload (before or after the file part).
export class UploadMetadataDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    pattern: SAFE_TEXT_PATTERN,
    example: 'Договор поставки № 7',
    description: `Shown in lists and to recipients; trimmed. ${SAFE_TEXT_NOTE}`,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @IsSafeText()
  title!: string;

  @ApiProperty({ ...DOCUMENT_KIND, description: 'Which signing-policy rule applies to the document.' })
  @IsEnum(DocumentKind)
  kind!: DocumentKind;

  @ApiPropertyOptional({
    maxLength: 100,
    pattern: SAFE_TEXT_PATTERN,
    example: '7',
    description: `The document's own number. ${SAFE_TEXT_NOTE}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  number?: string;

  @ApiPropertyOptional({
    format: 'date',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    example: '2026-03-01',
    description: 'The date written on the document.',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'documentDate must be YYYY-MM-DD' })
  @IsDateString({ strict: true })
  documentDate?: string;

  // Integer minor units (tiyn), as a string of digits.
  @ApiPropertyOptional({
    pattern: '^(0|[1-9]\\d{0,17})$',
    example: '1500000',
    description: 'The amount in integer minor units (tiyn for KZT), as a string of digits.',
  })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,17})$/, { message: 'amountMinor must be a non-negative integer of minor units' })
  amountMinor?: string;

  @ApiPropertyOptional({
    pattern: '^[A-Z]{3}$',
    example: 'KZT',
    description: 'ISO 4217 code of amountMinor; KZT when amountMinor is given without it.',
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as KZT' })
  currency?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 50, pattern: SAFE_TEXT_PATTERN },
    maxItems: 20,
    example: ['поставка'],
    description: `Free labels: one form part per tag (repeat the part for several); trimmed, duplicates dropped. ${SAFE_TEXT_NOTE}`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  @IsSafeText({ each: true })
  tags?: string[];
}

// A draft's new metadata (PATCH /documents/{id}): only the fields given change; null clears an
// optional one. The file itself never changes (upload a new document for other bytes).
export class EditDocumentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 500, pattern: SAFE_TEXT_PATTERN, description: `Trimmed. ${SAFE_TEXT_NOTE}` })
  @ValidateIf((o: EditDocumentDto) => o.title !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @IsSafeText()
  title?: string;

  @ApiPropertyOptional({ ...DOCUMENT_KIND, description: 'Which signing-policy rule applies to the document.' })
  @ValidateIf((o: EditDocumentDto) => o.kind !== undefined)
  @IsEnum(DocumentKind)
  kind?: DocumentKind;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    maxLength: 100,
    pattern: SAFE_TEXT_PATTERN,
    description: 'null or blank clears it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  number?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    format: 'date',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    description: 'null clears it.',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'documentDate must be YYYY-MM-DD' })
  @IsDateString({ strict: true })
  documentDate?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    pattern: '^(0|[1-9]\\d{0,17})$',
    description: 'Integer minor units as a string of digits; null clears the amount (and its currency).',
  })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,17})$/, { message: 'amountMinor must be a non-negative integer of minor units' })
  amountMinor?: string | null;

  @ApiPropertyOptional({
    pattern: '^[A-Z]{3}$',
    description: 'ISO 4217 code of the amount; KZT when an amount is given without it.',
  })
  @ValidateIf((o: EditDocumentDto) => o.currency !== undefined)
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as KZT' })
  currency?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 50, pattern: SAFE_TEXT_PATTERN },
    maxItems: 20,
    description: `Replaces the tags; trimmed, duplicates dropped. ${SAFE_TEXT_NOTE}`,
  })
  @ValidateIf((o: EditDocumentDto) => o.tags !== undefined)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  @IsSafeText({ each: true })
  tags?: string[];
}

const CMS_PROPERTY = {
  format: 'byte',
  minLength: 16,
  maxLength: 2_000_000,
  pattern: BASE64.source,
  description:
    'CMS SignedData (CAdES) in base64 (standard or URL-safe alphabet, whitespace ignored), made with a SIGN key (ЭЦП for signing, not AUTH).',
} as const;

export class SenderSignatureDto {
  @ApiProperty({
    ...CMS_PROPERTY,
    description: `${CMS_PROPERTY.description} Over the stored file: detached, or attached with content identical to the file.`,
  })
  @IsString()
  @MinLength(16)
  @MaxLength(2_000_000)
  @Matches(BASE64, { message: 'cms must be base64' })
  cms!: string;
}

export class RecipientDto {
  @ApiProperty({
    pattern: IDENTIFIER.source,
    example: '150140001239',
    description:
      'The BIN or IIN the document is addressed to. Its last digit must be its check digit, unless a participant is registered with it ' +
      '(an identifier read from a certificate is taken as the certificate says).',
  })
  @Matches(IDENTIFIER, { message: 'identifier must be a 12-digit BIN or IIN' })
  identifier!: string;

  @ApiPropertyOptional({
    format: 'email',
    maxLength: 320,
    description: 'Required when no organization with that BIN/IIN is registered: the recipient gets a signing link by e-mail.',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

// The recipient that replaces one that has not answered (POST .../recipients/{recipientId}/replace).
export class ReplaceRecipientDto extends RecipientDto {}

export class SendDto {
  @ApiProperty({ type: [RecipientDto], minItems: 1, maxItems: 50, description: 'Each BIN/IIN at most once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients!: RecipientDto[];
}

export class NewPackageDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    minItems: 1,
    maxItems: 100,
    uniqueItems: true,
    description: "The caller's documents, each in no package and not sent yet.",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  documentIds!: string[];

  @ApiPropertyOptional({
    default: false,
    description:
      'True: the package is sent only when every document is signed, and a refusal or correction request of one document applies to all. ' +
      'False: the signed documents are sent, the unsigned ones skipped.',
  })
  @IsOptional()
  @IsBoolean()
  allOrNothing?: boolean;

  @ApiPropertyOptional({ maxLength: 500, pattern: SAFE_TEXT_PATTERN, description: SAFE_TEXT_NOTE })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsSafeText()
  title?: string;

  // Given: the package is sent at once, in the same transaction.
  @ApiPropertyOptional({
    type: [RecipientDto],
    minItems: 1,
    maxItems: 50,
    description: 'Given: the package is sent to them at once (as by POST /packages/{id}/send).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];
}

export class StatementRequestDto {
  @ApiProperty({ enum: STATEMENT_ACTIONS, description: 'The action the statement is for.' })
  @IsIn(STATEMENT_ACTIONS)
  action!: Exclude<DocumentAction, 'sign'>;

  // The sender names which recipient its annulment statement concerns.
  @ApiPropertyOptional({ format: 'uuid', description: 'Required from the sender: the recipient its statement concerns.' })
  @IsOptional()
  @IsUUID()
  recipientId?: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Required (non-blank) for refuse, request_correction and offer_annulment.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ActionDto {
  @ApiProperty({
    ...CMS_PROPERTY,
    description: `${CMS_PROPERTY.description} For sign: over the document (detached, or attached with identical content). For the other actions: over the statement text as issued.`,
  })
  @IsString()
  @MinLength(16)
  @MaxLength(2_000_000)
  @Matches(BASE64, { message: 'cms must be base64' })
  cms!: string;

  // The statement text exactly as issued (statement-based actions), UTF-8 — or statementBase64.
  @ApiPropertyOptional({
    maxLength: 10_000,
    description:
      'Statement-based actions: the statement text exactly as POST /documents/{id}/statements issued it (or statementBase64).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  statement?: string;

  @ApiPropertyOptional({
    format: 'byte',
    maxLength: 20_000,
    pattern: BASE64.source,
    description: 'The issued statement as its UTF-8 bytes in base64, instead of statement.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  @Matches(BASE64, { message: 'statementBase64 must be base64' })
  statementBase64?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required from the sender: the recipient the action concerns.' })
  @IsOptional()
  @IsUUID()
  recipientId?: string;
}

export const BOXES = ['inbox', 'outbox', 'drafts', 'awaiting_my_signature'] as const;
export type Box = (typeof BOXES)[number];

export class ListDocumentsQuery extends PageQuery {
  @ApiProperty({
    enum: BOXES,
    required: true,
    description:
      "inbox: sent to the caller; outbox: sent by the caller; drafts: the caller's documents not sent yet; " +
      'awaiting_my_signature: incoming documents not answered, annulment offers to answer (drafts are in drafts). ' +
      'A deleted draft is in none.',
  })
  @IsIn(BOXES)
  box!: Box;

  @ApiPropertyOptional({ enum: ROLL_UP_STATUSES, description: 'Only documents in this status.' })
  @IsOptional()
  @IsIn(ROLL_UP_STATUSES)
  status?: string;

  @ApiPropertyOptional({
    pattern: '^\\d{1,12}$',
    example: '1501400',
    description: 'Only documents exchanged with a BIN/IIN: all 12 digits, or some of its digits in a row (contained in it).',
  })
  @IsOptional()
  @Matches(/^\d{1,12}$/, { message: 'counterparty must be digits of a BIN or IIN (1 to 12)' })
  counterparty?: string;

  @ApiPropertyOptional(DOCUMENT_KIND)
  @IsOptional()
  @IsEnum(DocumentKind)
  kind?: DocumentKind;

  // Date range (inclusive), YYYY-MM-DD, on the date a list shows (document-lists.service.ts LISTED_DATE).
  @ApiPropertyOptional({
    format: 'date',
    description:
      "From this date (inclusive), on the document's date, or for a document without one the day it was uploaded in Kazakhstan " +
      '(Asia/Almaty); a date-time counts as its date.',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  dateFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'To this date (inclusive), on the same date as dateFrom.' })
  @IsOptional()
  @IsDateString({ strict: true })
  dateTo?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description:
      "Text contained (case-insensitive) in the title, the number, a tag, or the counterparty's name or BIN/IIN " +
      "(a recipient's name: its registered organization's, or the one on the certificate it signed with).",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

const POLICY_ROLES = {
  enum: SIGNING_ROLES,
  isArray: true,
  description:
    'Certificate roles that may sign this kind for the organization (replaces the list; an omitted kind keeps its own).',
} as const;

export class SigningPolicyDto {
  @ApiPropertyOptional(POLICY_ROLES)
  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  contract?: string[];

  @ApiPropertyOptional(POLICY_ROLES)
  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  act?: string[];

  @ApiPropertyOptional(POLICY_ROLES)
  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  invoice?: string[];

  @ApiPropertyOptional(POLICY_ROLES)
  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  waybill?: string[];

  @ApiPropertyOptional(POLICY_ROLES)
  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  other?: string[];
}
