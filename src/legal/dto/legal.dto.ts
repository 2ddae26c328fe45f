import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { LEGAL_LOCALES, LegalDocumentKind, type LegalLocale } from '../legal-document-types';

const KINDS = Object.values(LegalDocumentKind);
// Far above any offer (the v1 offer is ~5 KB) yet well inside the 1 MB JSON body limit.
const MAX_TEXT_CHARS = 200_000;

export class LegalKindParams {
  @ApiProperty({
    enum: KINDS,
    enumName: 'LegalDocumentKind',
    description: 'offer: the public offer; privacy: the privacy policy',
  })
  @IsIn(KINDS)
  kind!: LegalDocumentKind;
}

export class LegalVersionParams extends LegalKindParams {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

export class LegalTextParams extends LegalVersionParams {
  @ApiProperty({ enum: LEGAL_LOCALES, description: 'kk: Kazakh, ru: Russian' })
  @IsIn(LEGAL_LOCALES)
  locale!: LegalLocale;
}

export class LegalTextsDto {
  @ApiProperty({ minLength: 100, maxLength: MAX_TEXT_CHARS, description: 'Kazakh text (UTF-8), exactly as it is to be signed' })
  @IsString()
  @MinLength(100)
  @MaxLength(MAX_TEXT_CHARS)
  kk!: string;

  @ApiProperty({ minLength: 100, maxLength: MAX_TEXT_CHARS, description: 'Russian text (UTF-8), exactly as it is to be signed' })
  @IsString()
  @MinLength(100)
  @MaxLength(MAX_TEXT_CHARS)
  ru!: string;
}

export class PublishLegalVersionDto {
  @ApiProperty({
    format: 'date-time',
    description: 'When the version takes effect; at least LEGAL_NOTICE_DAYS from now, and after the latest version',
    example: '2027-01-01T00:00:00+05:00',
  })
  @IsISO8601({ strict: true })
  effectiveFrom!: string;

  @ApiProperty({ type: LegalTextsDto })
  @ValidateNested()
  @Type(() => LegalTextsDto)
  texts!: LegalTextsDto;
}
