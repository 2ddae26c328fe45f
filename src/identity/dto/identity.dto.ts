import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { OrganizationKind } from '../entities/organization.entity';
import { RightsDto } from './rights.dto';
import { IsSafeText } from '../../common/http/safe-text';
import { IsKzIdentifier } from '../../common/identifiers/kz-identifier';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EmailChangeDto {
  @ApiProperty({ format: 'email', maxLength: 320, example: 'head@example.kz', description: 'Stored trimmed and in lower case.' })
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email!: string;
}

export class EmailConfirmDto {
  @ApiProperty({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]{43}$', description: 'The token from the confirmation link (after #confirm-email=)' })
  @Matches(/^[A-Za-z0-9_-]{43}$/)
  token!: string;
}

export class LoginDto {
  @ApiProperty({
    format: 'email',
    maxLength: 320,
    example: 'accountant@example.kz',
    description: 'Compared trimmed and in lower case.',
  })
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Needed when the user belongs to several organizations (AUTH_ORGANIZATION_REQUIRED lists them)',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class NewUserDto {
  @ApiProperty({ minLength: 2, maxLength: 300, example: 'Сейтқали Айгерім', description: 'No control characters; trimmed.' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  @IsSafeText()
  fullName!: string;

  @ApiProperty({
    format: 'email',
    maxLength: 320,
    example: 'accountant@example.kz',
    description: 'Stored trimmed and in lower case.',
  })
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({
    description: 'IIN, for login by ЭЦП (its last digit is its check digit)',
    pattern: '^\\d{12}$',
    example: '900101300126',
  })
  @IsOptional()
  @IsKzIdentifier('IIN')
  iin?: string;

  @ApiPropertyOptional({ minLength: 10, maxLength: 200, description: 'Password for password login (at least 10 characters)' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;

  @ApiProperty({ type: RightsDto, description: 'Not more than the caller holds (RIGHTS_ESCALATION)' })
  @ValidateNested()
  @Type(() => RightsDto)
  rights!: RightsDto;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 300, description: 'No control characters; trimmed.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  @IsSafeText()
  fullName?: string;

  @ApiPropertyOptional({
    type: RightsDto,
    description: "Not more than the caller holds (RIGHTS_ESCALATION); the main user's cannot change (MAIN_USER_IMMUTABLE)",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RightsDto)
  rights?: RightsDto;
}

export class NewApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '1C integration', description: 'No control characters; trimmed.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSafeText()
  name!: string;

  @ApiPropertyOptional({ type: RightsDto, description: 'Defaults to the rights of the creator; never more than those' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RightsDto)
  rights?: RightsDto;
}

export class MainUserDto {
  @ApiProperty({ minLength: 2, maxLength: 300, description: 'No control characters; trimmed.' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  @IsSafeText()
  fullName!: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 320, description: 'Login e-mail; an account with it becomes the main user' })
  @IsOptional()
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ pattern: '^\\d{12}$', description: 'IIN, for login by ЭЦП; an account with it becomes the main user' })
  @IsOptional()
  @IsKzIdentifier('IIN')
  iin?: string;

  @ApiPropertyOptional({ minLength: 10, maxLength: 200, description: 'Password for password login (a new account only)' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;
}

// Operator onboarding. Registration by ЭЦП (identity issue) will create organizations from the
// certificate instead; this path is for the operator's own support work.
export class NewOrganizationDto {
  @ApiProperty({
    pattern: '^\\d{12}$',
    description: 'BIN (legal entity) or IIN (individual); its last digit is its check digit',
    example: '150140001239',
  })
  @IsKzIdentifier('BIN or IIN')
  identifier!: string;

  @ApiProperty({
    enum: OrganizationKind,
    enumName: 'OrganizationKind',
    description: 'legal_entity (identifier is a BIN) or individual (an IIN)',
  })
  @IsEnum(OrganizationKind)
  kind!: OrganizationKind;

  @ApiProperty({ minLength: 2, maxLength: 500, example: 'ТОО «Тест»', description: 'No control characters; trimmed.' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  @IsSafeText()
  name!: string;

  @ApiProperty({ type: MainUserDto })
  @ValidateNested()
  @Type(() => MainUserDto)
  mainUser!: MainUserDto;
}
