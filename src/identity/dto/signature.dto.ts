import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LEGAL_LOCALES } from '../../legal';
import { MAX_CMS_CHARS } from '../../signing';
import { RightsDto } from './rights.dto';
import { IsKzIdentifier } from '../../common/identifiers/kz-identifier';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class RegistrationDto {
  @ApiPropertyOptional({ enum: ['offer'], default: 'offer', description: 'Registration accepts the public offer' })
  @IsOptional()
  @IsIn(['offer'])
  documentKind?: 'offer';

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'The version of the offer in force, as GET /api/v1/legal/offer/current names it',
    example: 1,
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  offerVersion!: number;

  @ApiProperty({ enum: LEGAL_LOCALES, description: 'Language of the text that was signed' })
  @IsIn(['kk', 'ru'])
  locale!: 'kk' | 'ru';

  @ApiProperty({
    format: 'byte',
    minLength: 1,
    maxLength: MAX_CMS_CHARS,
    description: 'CMS (base64) made with a SIGN key over the exact bytes of the offer text, detached or attached',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CMS_CHARS)
  cms!: string;

  @ApiPropertyOptional({
    format: 'email',
    maxLength: 320,
    description: 'Contact e-mail of the main user (kept when no account has it)',
  })
  @IsOptional()
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class SignatureLoginDto {
  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{22,128}$', description: 'The nonce of the challenge that was signed' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{22,128}$/, { message: 'nonce must be the base64url nonce of a challenge' })
  nonce!: string;

  @ApiProperty({
    format: 'byte',
    minLength: 1,
    maxLength: MAX_CMS_CHARS,
    description: 'CMS (base64) over the exact bytes of dataToSign, detached or attached; AUTH or SIGN key',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CMS_CHARS)
  cms!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Needed when the certificate fits several organizations of the person (AUTH_ORGANIZATION_REQUIRED lists them)',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "The invitation the person follows (its e-mailed link's `invitation`): a key of another IIN is refused with INVITATION_OTHER_PERSON instead of opening that person's own cabinet, and the invitation stays open",
  })
  @IsOptional()
  @IsUUID()
  invitationId?: string;
}

export class NewInvitationDto {
  @ApiProperty({
    pattern: '^\\d{12}$',
    description: 'IIN of the invited person; its last digit is its check digit',
    example: '910617300450',
  })
  @IsKzIdentifier('IIN')
  iin!: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 320, description: 'Where to send the invitation' })
  @IsOptional()
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiProperty({ type: RightsDto, description: 'Not more than the caller holds (RIGHTS_ESCALATION)' })
  @ValidateNested()
  @Type(() => RightsDto)
  rights!: RightsDto;
}
