import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

// ~700 KB of base64 (~525 KB of DER) leaves room for the rest of the body inside the 1 MB JSON
// limit; bigger documents must be verified detached (data) or through the upload flow.
export const MAX_CMS_CHARS = 700_000;
export const MAX_DATA_CHARS = 700_000;
export const MAX_EVIDENCE_ITEMS = 8;

export class VerifyPolicyDto {
  @ApiPropertyOptional({ enum: ['require', 'prefer', 'off'], default: 'require' })
  @IsOptional()
  @IsIn(['require', 'prefer', 'off'])
  revocation?: 'require' | 'prefer' | 'off';

  @ApiPropertyOptional({
    enum: ['require', 'prefer', 'off'],
    default: 'prefer',
    description: 'revocation of the intermediate CA certificates (missing data: prefer = warning, require = INDETERMINATE)',
  })
  @IsOptional()
  @IsIn(['require', 'prefer', 'off'])
  caRevocation?: 'require' | 'prefer' | 'off';

  @ApiPropertyOptional({ enum: ['SIGN', 'ANY'], default: 'ANY' })
  @IsOptional()
  @IsIn(['SIGN', 'ANY'])
  keyUsage?: 'SIGN' | 'ANY';

  @ApiPropertyOptional({ enum: ['fail', 'warn'], default: 'fail' })
  @IsOptional()
  @IsIn(['fail', 'warn'])
  signingCertificateMismatch?: 'fail' | 'warn';

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  requireSigningCertificateAttribute?: boolean;

  @ApiPropertyOptional({ enum: ['warn', 'reject'], default: 'warn' })
  @IsOptional()
  @IsIn(['warn', 'reject'])
  weakDigests?: 'warn' | 'reject';
}

export class VerifyRequestDto {
  @ApiProperty({ description: 'CMS/CAdES signature: base64 (as NCALayer returns it) or PEM' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CMS_CHARS)
  cms!: string;

  @ApiPropertyOptional({ description: 'Detached content, base64' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DATA_CHARS)
  @IsBase64()
  data?: string;

  @ApiPropertyOptional({ description: 'Time to validate at (ISO 8601); default: now', example: '2021-06-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validationTime?: string;

  @ApiPropertyOptional({
    description: 'Offline revocation evidence: OCSP responses or CRLs (DER, base64), at most 8',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EVIDENCE_ITEMS)
  @IsString({ each: true })
  @MaxLength(MAX_CMS_CHARS, { each: true })
  @IsBase64(undefined, { each: true })
  revocationEvidence?: string[];

  @ApiPropertyOptional({ type: VerifyPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VerifyPolicyDto)
  policy?: VerifyPolicyDto;
}
