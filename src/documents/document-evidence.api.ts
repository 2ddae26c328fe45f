import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { ALL_SUB_INDICATIONS, type Indication, reportSchema, type SubIndication } from '../signing';
import type { PublicDocumentSummary, PublicSignatureLine } from './document-evidence.service';
import { SignatureRole } from './entities/document-signature.entity';
import { CARD_LOCALES } from './evidence/card-labels';
import { EVIDENCE_SIGNATURE_ACTIONS } from './evidence/evidence-model';
import type { RevocationOutcome } from './evidence/signer-summary';
import { REVOCATION_OUTCOME_PROPERTY } from './document-schemas.api';

type PublicSigner = NonNullable<PublicSignatureLine['signer']>;

export class PublicSignerResponse implements PublicSigner {
  @ApiProperty({ description: 'The name in the signer certificate' })
  name!: string;

  @ApiPropertyOptional({
    pattern: '^(\\d{4}\\*{6}\\d{2}|\\**)$',
    description: "The signer's IIN masked as the card prints it (8503******28)",
    example: '8503******28',
  })
  iin?: string;

  @ApiPropertyOptional({ pattern: '^\\d{12}$', description: 'The BIN in the signer certificate' })
  bin?: string;

  @ApiPropertyOptional({ description: 'The organization in the signer certificate' })
  organization?: string;
}

export class PublicSignatureLineResponse implements PublicSignatureLine {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'As numbered on the card' })
  number!: number;

  @ApiProperty({ enum: SignatureRole, description: 'The party that signed' })
  role!: SignatureRole;

  @ApiProperty({ enum: EVIDENCE_SIGNATURE_ACTIONS, description: 'What the signature performed' })
  action!: string;

  @ApiProperty({ type: 'string', format: 'date-time', description: 'When the service accepted the signature' })
  acceptedAt!: Date;

  @ApiProperty({ enum: reportSchema.$defs.indication.enum, description: 'The verification result when it was accepted' })
  indication!: Indication;

  @ApiPropertyOptional({ enum: Object.keys(ALL_SUB_INDICATIONS), description: 'Why it is not TOTAL_PASSED' })
  subIndication?: SubIndication;

  @ApiProperty(REVOCATION_OUTCOME_PROPERTY)
  revocation!: RevocationOutcome;

  @ApiPropertyOptional({
    type: () => PublicSignerResponse,
    description: "Absent for a recipient's signature when the document has several recipients (one page serves them all)",
  })
  signer?: PublicSignerResponse;
}

export class PublicDocumentSummaryResponse implements PublicDocumentSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: "SHA-256 of the file, lower-case hex: compare your copy's" })
  sha256!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'File size in bytes' })
  size!: number;

  @ApiProperty({ type: [PublicSignatureLineResponse], description: 'In the order of the events they back' })
  signatures!: PublicSignatureLineResponse[];
}

const DOWNLOAD_HEADERS = {
  'Content-Disposition': {
    description: "attachment, named after the document's title (RFC 6266)",
    schema: { type: 'string' },
  },
  'Cache-Control': { description: 'no-store', schema: { type: 'string' } },
};

// The evidence package (evidence/evidence-zip.ts), streamed.
export const ApiEvidenceZip = () =>
  applyDecorators(
    ApiOkResponse({
      description:
        'A ZIP: the original file, every CMS (.p7s), the signed statements, verification reports, events, audit and a manifest with ' +
        'their SHA-256. A failure once the first bytes are out cuts the transfer off (never a complete-looking package).',
      headers: DOWNLOAD_HEADERS,
      content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
    }),
  );

// The printable document card (evidence/document-card.ts) and its language.
export const ApiDocumentCard = () =>
  applyDecorators(
    ApiQuery({
      name: 'lang',
      required: false,
      enum: CARD_LOCALES,
      description: 'The language of the card; default: Accept-Language, then the service default',
    }),
    ApiOkResponse({
      description: 'A PDF with the document, its signers and their results, the events and a QR code of its verification page',
      headers: {
        ...DOWNLOAD_HEADERS,
        'Content-Length': { description: 'The PDF size in bytes', schema: { type: 'integer' } },
      },
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    }),
  );
