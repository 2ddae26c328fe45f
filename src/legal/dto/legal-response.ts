import { ApiProperty } from '@nestjs/swagger';
import { VerificationReportResponse } from '../../signing';
import { LEGAL_LOCALES, LegalDocumentKind, type LegalLocale } from '../legal-document-types';
import type {
  AcceptanceReverification,
  CurrentLegalVersions,
  LegalAcceptanceEvidence,
  LegalAcceptanceView,
  LegalVersionView,
  VersionStatus,
} from '../legal.service';
import { VERSION_STATUSES } from '../legal.service';

const KINDS = Object.values(LegalDocumentKind);
const SHA256_HEX = {
  type: 'string',
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 of the text bytes, lower-case hex',
} as const;

export class LegalTextRefResponse {
  @ApiProperty(SHA256_HEX)
  sha256!: string;

  @ApiProperty({
    format: 'uri-reference',
    description: 'Where the exact bytes are (GET), relative to the API',
    example: '/api/v1/legal/offer/versions/1/text/ru',
  })
  url!: string;
}

export class LegalTextRefsResponse implements Record<LegalLocale, LegalTextRefResponse> {
  @ApiProperty({ type: () => LegalTextRefResponse, description: 'Kazakh text' })
  kk!: LegalTextRefResponse;

  @ApiProperty({ type: () => LegalTextRefResponse, description: 'Russian text' })
  ru!: LegalTextRefResponse;
}

export class LegalVersionResponse implements LegalVersionView {
  @ApiProperty({
    enum: KINDS,
    enumName: 'LegalDocumentKind',
    description: 'offer: the public offer; privacy: the privacy policy',
  })
  kind!: LegalDocumentKind;

  @ApiProperty({ type: 'integer', minimum: 1, description: '1, 2, 3... per kind', example: 1 })
  version!: number;

  @ApiProperty({ type: 'string', format: 'date-time', description: 'When it takes (or took) effect' })
  effectiveFrom!: Date;

  @ApiProperty({ type: 'string', format: 'date-time' })
  publishedAt!: Date;

  @ApiProperty({
    enum: VERSION_STATUSES,
    enumName: 'LegalVersionStatus',
    description: 'in_force: the one that applies now; upcoming: published, not yet in effect; superseded: a past one',
  })
  status!: VersionStatus;

  @ApiProperty({ type: () => LegalTextRefsResponse, description: `The text in each language (${LEGAL_LOCALES.join(', ')})` })
  texts!: LegalTextRefsResponse;
}

export class CurrentLegalVersionsResponse implements CurrentLegalVersions {
  @ApiProperty({ type: () => LegalVersionResponse, description: 'The version in force now' })
  current!: LegalVersionResponse;

  @ApiProperty({ type: () => LegalVersionResponse, nullable: true, description: 'The next version when it is already published' })
  upcoming!: LegalVersionResponse | null;
}

export class LegalAcceptanceResponse implements LegalAcceptanceView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: KINDS, enumName: 'LegalDocumentKind', description: 'What was accepted' })
  kind!: LegalDocumentKind;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiProperty({ enum: LEGAL_LOCALES, description: 'The language of the signed text' })
  locale!: string;

  @ApiProperty(SHA256_HEX)
  textSha256!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    nullable: true,
    description: 'The privacy policy version in force at acceptance (consented to with it)',
  })
  privacyVersion!: number | null;

  @ApiProperty({ format: 'uuid', description: 'The user who signed' })
  userId!: string;

  @ApiProperty({ pattern: '^\\d{12}$', description: 'IIN in the signer certificate' })
  signerIin!: string;

  @ApiProperty({ type: 'string', pattern: '^\\d{12}$', nullable: true, description: 'BIN in the signer certificate' })
  signerBin!: string | null;

  @ApiProperty({ pattern: '^[0-9A-F]{64}$', description: 'SHA-256 of the signer certificate, upper-case hex' })
  certificateSha256!: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  acceptedAt!: Date;
}

export class LegalAcceptanceEvidenceResponse extends LegalAcceptanceResponse implements LegalAcceptanceEvidence {
  @ApiProperty({ type: () => VerificationReportResponse, description: 'The verification report made when it was signed' })
  report!: VerificationReportResponse;
}

export class AcceptanceReverificationResponse implements AcceptanceReverification {
  @ApiProperty({ type: () => LegalAcceptanceResponse })
  acceptance!: LegalAcceptanceResponse;

  @ApiProperty({ description: 'The stored text of the version still hashes to what was signed' })
  textSha256Matches!: boolean;

  @ApiProperty({ description: 'The CMS signs exactly that text' })
  contentMatches!: boolean;

  @ApiProperty({ type: () => VerificationReportResponse, description: 'The verification made now' })
  report!: VerificationReportResponse;
}
