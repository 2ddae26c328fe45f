import { applyDecorators } from '@nestjs/common';
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
import { EVENT_TYPE_ENUM } from './event-schemas.api';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EventFeedQuery {
  @ApiPropertyOptional({
    type: 'string',
    pattern: '^\\d{1,18}$',
    default: '0',
    example: '0',
    description:
      'Return the events with a seq greater than this one: the `nextCursor` of the previous page (or the last seq you ' +
      'processed). A decimal string; 0, the default, replays the feed from its start.',
  })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be a seq number (0 for the start of the feed)' })
  after = '0';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'Events per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;

  @ApiPropertyOptional({ enum: ORGANIZATION_EVENT_TYPES, enumName: EVENT_TYPE_ENUM, description: 'Only events of this type.' })
  @IsOptional()
  @IsIn(ORGANIZATION_EVENT_TYPES)
  type?: string;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: 'Only events of this document.' })
  @IsOptional()
  @IsUUID()
  documentId?: string;
}

const URL_DESCRIPTION =
  'Where the events are POSTed: http or https (https only in production), no credentials in it, not a private, ' +
  'loopback or link-local address.';
const EVENT_TYPES_DESCRIPTION = 'The event types to deliver; empty or absent: every type.';

// The event types a webhook receives, the same field on creation and on update. Listed in the
// order in which the same decorators written above a property apply (bottom-up), so that the
// validation messages keep their order.
const EventTypesField = () =>
  applyDecorators(
    IsIn(ORGANIZATION_EVENT_TYPES, { each: true }),
    ArrayUnique(),
    ArrayMaxSize(ORGANIZATION_EVENT_TYPES.length),
    IsArray(),
    IsOptional(),
    ApiPropertyOptional({
      enum: ORGANIZATION_EVENT_TYPES,
      enumName: EVENT_TYPE_ENUM,
      isArray: true,
      maxItems: ORGANIZATION_EVENT_TYPES.length,
      uniqueItems: true,
      description: EVENT_TYPES_DESCRIPTION,
    }),
  );

export class NewWebhookDto {
  @ApiProperty({
    type: 'string',
    format: 'uri',
    maxLength: 2000,
    example: 'https://erp.example.kz/edo/events',
    description: URL_DESCRIPTION,
  })
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  url!: string;

  @EventTypesField()
  eventTypes?: string[];

  @ApiPropertyOptional({ type: 'string', maxLength: 200, example: '1C ERP', description: 'A note for people; empty: none.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @IsSafeText()
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ type: 'string', format: 'uri', maxLength: 2000, description: URL_DESCRIPTION })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  url?: string;

  @EventTypesField()
  eventTypes?: string[];

  @ApiPropertyOptional({ type: 'string', maxLength: 200, description: 'A note for people; empty: remove it.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @IsSafeText()
  description?: string;
}

export class NotificationPreferencesDto {
  @ApiPropertyOptional({
    type: 'boolean',
    description: 'An e-mail per incoming document and per answer to your documents; absent: unchanged.',
  })
  @IsOptional()
  @IsBoolean()
  emailOnEvents?: boolean;

  @ApiPropertyOptional({ type: 'boolean', description: 'The daily digest of documents awaiting action; absent: unchanged.' })
  @IsOptional()
  @IsBoolean()
  emailDigest?: boolean;
}
