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
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/http/pagination';
import { DocumentKind } from './entities/document.entity';
import { SIGNING_ROLES } from './signing-policy';
import { DOCUMENT_ACTIONS, DocumentAction, ROLL_UP_STATUSES } from './status';
import { IsSafeText } from '../common/http/safe-text';
import { IsKzIdentifier } from '../common/identifiers/kz-identifier';

const IDENTIFIER = /^\d{12}$/;
// A CMS in base64 (standard or url-safe alphabet, whitespace tolerated).
const BASE64 = /^[A-Za-z0-9+/=_\-\s]+$/;

// Metadata fields of the multipart upload (before or after the file part).
export class UploadMetadataDto {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @IsSafeText()
  title!: string;

  @IsEnum(DocumentKind)
  kind!: DocumentKind;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSafeText()
  number?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'documentDate must be YYYY-MM-DD' })
  @IsDateString({ strict: true })
  documentDate?: string;

  // Integer minor units (tiyn), as a string of digits.
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,17})$/, { message: 'amountMinor must be a non-negative integer of minor units' })
  amountMinor?: string;

  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as KZT' })
  currency?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  @IsSafeText({ each: true })
  tags?: string[];
}

export class SenderSignatureDto {
  @IsString()
  @MinLength(16)
  @MaxLength(2_000_000)
  @Matches(BASE64, { message: 'cms must be base64' })
  cms!: string;
}

export class RecipientDto {
  @IsKzIdentifier('BIN or IIN')
  identifier!: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class SendDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients!: RecipientDto[];
}

export class NewPackageDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  documentIds!: string[];

  @IsOptional()
  @IsBoolean()
  allOrNothing?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsSafeText()
  title?: string;

  // Given: the package is sent at once, in the same transaction.
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];
}

export class StatementRequestDto {
  @IsIn(DOCUMENT_ACTIONS.filter((a) => a !== 'sign'))
  action!: Exclude<DocumentAction, 'sign'>;

  // The sender names which recipient its annulment statement concerns.
  @IsOptional()
  @IsUUID()
  recipientId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ActionDto {
  @IsString()
  @MinLength(16)
  @MaxLength(2_000_000)
  @Matches(BASE64, { message: 'cms must be base64' })
  cms!: string;

  // The statement text exactly as issued (statement-based actions), UTF-8 — or statementBase64.
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  statement?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  @Matches(BASE64, { message: 'statementBase64 must be base64' })
  statementBase64?: string;

  @IsOptional()
  @IsUUID()
  recipientId?: string;
}

export const BOXES = ['inbox', 'outbox', 'drafts', 'awaiting_my_signature'] as const;
export type Box = (typeof BOXES)[number];

export class ListDocumentsQuery extends PageQuery {
  @IsIn(BOXES)
  box!: Box;

  @IsOptional()
  @IsIn(ROLL_UP_STATUSES)
  status?: string;

  @IsOptional()
  @Matches(IDENTIFIER, { message: 'counterparty must be a 12-digit BIN or IIN' })
  counterparty?: string;

  @IsOptional()
  @IsEnum(DocumentKind)
  kind?: DocumentKind;

  // Document date range (inclusive), YYYY-MM-DD.
  @IsOptional()
  @IsDateString({ strict: true })
  dateFrom?: string;

  @IsOptional()
  @IsDateString({ strict: true })
  dateTo?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

export class SigningPolicyDto {
  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  contract?: string[];

  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  act?: string[];

  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  invoice?: string[];

  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  waybill?: string[];

  @IsOptional()
  @IsArray()
  @IsIn(SIGNING_ROLES, { each: true })
  other?: string[];
}
