import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { OrganizationKind } from '../entities/organization.entity';
import { RightsDto } from './rights.dto';
import { IsSafeText } from '../../common/http/safe-text';
import { IsKzIdentifier } from '../../common/identifiers/kz-identifier';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LoginDto {
  @ApiProperty({ example: 'accountant@example.kz' })
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ description: 'Needed when the user belongs to several organizations' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class NewUserDto {
  @ApiProperty({ example: 'Сейтқали Айгерім' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  @IsSafeText()
  fullName!: string;

  @ApiProperty({ example: 'accountant@example.kz' })
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ description: 'IIN, for login by ЭЦП', example: '900101300123' })
  @IsOptional()
  @IsKzIdentifier('IIN')
  iin?: string;

  @ApiPropertyOptional({ description: 'Password for password login (at least 10 characters)' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;

  @ApiProperty({ type: RightsDto })
  @ValidateNested()
  @Type(() => RightsDto)
  rights!: RightsDto;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  @IsSafeText()
  fullName?: string;

  @ApiPropertyOptional({ type: RightsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RightsDto)
  rights?: RightsDto;
}

export class NewApiKeyDto {
  @ApiProperty({ example: '1C integration' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSafeText()
  name!: string;

  @ApiPropertyOptional({ type: RightsDto, description: 'Defaults to the rights of the creator' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RightsDto)
  rights?: RightsDto;
}

export class MainUserDto {
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  @IsSafeText()
  fullName!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsKzIdentifier('IIN')
  iin?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;
}

// Operator onboarding. Registration by ЭЦП (identity issue) will create organizations from the
// certificate instead; this path is for the operator's own support work.
export class NewOrganizationDto {
  @ApiProperty({ description: 'BIN (legal entity) or IIN (individual)', example: '123456789012' })
  @IsKzIdentifier('BIN or IIN')
  identifier!: string;

  @ApiProperty({ enum: OrganizationKind })
  @IsEnum(OrganizationKind)
  kind!: OrganizationKind;

  @ApiProperty({ example: 'ТОО «Тест»' })
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
