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
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

// ~700 KB of base64 (~525 KB of DER) leaves room for the rest of the body inside the 1 MB JSON
// limit; bigger documents must be verified detached (data) or through the upload flow.
export const MAX_CMS_CHARS = 700_000;
export const MAX_DATA_CHARS = 700_000;
export const MAX_EVIDENCE_ITEMS = 8;

const REVOCATION_MODES = ['require', 'prefer', 'off'] as const;
const OID = /^[0-2](\.\d{1,9}){1,20}$/;
const TWELVE_DIGITS = /^\d{12}$/;

export class VerifyPolicyDto {
  @ApiPropertyOptional({
    enum: REVOCATION_MODES,
    enumName: 'RevocationMode',
    default: 'require',
    description:
      "revocation of the signer certificate: without a usable OCSP/CRL answer the signature is INDETERMINATE / TRY_LATER under 'require' and 'prefer' alike; " +
      "'off' does not look (TOTAL_PASSED possible; the report's warnings and policy say so)",
  })
  @IsOptional()
  @IsIn(REVOCATION_MODES)
  revocation?: 'require' | 'prefer' | 'off';

  @ApiPropertyOptional({
    enum: REVOCATION_MODES,
    enumName: 'RevocationMode',
    default: 'require',
    description: 'revocation of the intermediate CA certificates (missing data: require = INDETERMINATE / TRY_LATER, prefer = warning)',
  })
  @IsOptional()
  @IsIn(REVOCATION_MODES)
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

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', pattern: OID.source },
    maxItems: 16,
    description: 'EKU role OIDs; the signer must carry at least one (e.g. 1.2.398.3.3.4.1.2.1, first head)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @Matches(OID, { each: true, message: 'requiredRoles must be OIDs' })
  requiredRoles?: string[];

  @ApiPropertyOptional({ pattern: TWELVE_DIGITS.source, description: 'the signer certificate must carry this IIN' })
  @IsOptional()
  @Matches(TWELVE_DIGITS, { message: 'requiredIin must be 12 digits' })
  requiredIin?: string;

  @ApiPropertyOptional({ pattern: TWELVE_DIGITS.source, description: 'the signer certificate must carry this BIN' })
  @IsOptional()
  @Matches(TWELVE_DIGITS, { message: 'requiredBin must be 12 digits' })
  requiredBin?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: 64 },
    maxItems: 16,
    description: 'signature algorithms accepted, as the report names them (e.g. "GOST 34.10-2015 (512)", "SHA-256 with RSA")',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  allowedSignatureAlgorithms?: string[];
}

export class VerifyRequestDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_CMS_CHARS, description: 'CMS/CAdES signature: base64 (as NCALayer returns it) or PEM' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CMS_CHARS)
  cms!: string;

  @ApiPropertyOptional({ format: 'byte', maxLength: MAX_DATA_CHARS, description: 'Detached content, base64' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DATA_CHARS)
  @IsBase64()
  data?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Time to validate at (ISO 8601); default: now',
    example: '2021-06-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  validationTime?: string;

  @ApiPropertyOptional({
    description: `Offline revocation evidence: OCSP responses or CRLs (DER, base64), at most ${MAX_EVIDENCE_ITEMS}`,
    type: 'array',
    items: { type: 'string', format: 'byte', maxLength: MAX_CMS_CHARS },
    maxItems: MAX_EVIDENCE_ITEMS,
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
