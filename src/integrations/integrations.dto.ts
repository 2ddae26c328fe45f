import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ORGANIZATION_EVENT_TYPES } from './organization-events.service';
import { IsSafeText } from '../common/http/safe-text';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EventFeedQuery {
  @ApiPropertyOptional({
    description: 'Return events with a seq greater than this one; 0 replays the feed from its start',
    example: '0',
  })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be a seq number (0 for the start of the feed)' })
  after = '0';

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;

  @ApiPropertyOptional({ enum: ORGANIZATION_EVENT_TYPES })
  @IsOptional()
  @IsIn(ORGANIZATION_EVENT_TYPES)
  type?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  documentId?: string;
}

export class NewWebhookDto {
  @ApiProperty({ example: 'https://erp.example.kz/edo/events' })
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_EVENT_TYPES, isArray: true, description: 'Empty or absent: every event type' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ORGANIZATION_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(ORGANIZATION_EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ example: '1C ERP' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @IsSafeText()
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ORGANIZATION_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(ORGANIZATION_EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @IsSafeText()
  description?: string;
}

export class NotificationPreferencesDto {
  @ApiPropertyOptional({ description: 'An e-mail per incoming document and per answer to your documents' })
  @IsOptional()
  @IsBoolean()
  emailOnEvents?: boolean;

  @ApiPropertyOptional({ description: 'The daily digest of documents awaiting action' })
  @IsOptional()
  @IsBoolean()
  emailDigest?: boolean;
}
