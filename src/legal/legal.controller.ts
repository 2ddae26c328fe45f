import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { Audited } from '../audit';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LegalErrorCode } from './legal.errors';
import { ApiErrors } from '../common/http/openapi';
import { OperatorOnly, Public } from '../common/security/decorators';
import { LegalKindParams, LegalTextParams, LegalVersionParams, PublishLegalVersionDto } from './dto/legal.dto';
import { CurrentLegalVersionsResponse, LegalVersionResponse } from './dto/legal-response';
import { CurrentLegalVersions, LegalService, LegalVersionView } from './legal.service';

// The header carrying the SHA-256 (hex) of a text's exact bytes.
export const CONTENT_SHA256_HEADER = 'X-Content-SHA256';

@ApiTags('legal')
@Controller('api/v1')
export class LegalController {
  constructor(private readonly legal: LegalService) {}

  @Get('legal/:kind/versions')
  @Public()
  @ApiOperation({ summary: 'Every published version of the offer or the privacy policy, newest first' })
  @ApiOkResponse({ type: [LegalVersionResponse] })
  list(@Param() params: LegalKindParams): Promise<LegalVersionView[]> {
    return this.legal.list(params.kind);
  }

  @Get('legal/:kind/current')
  @Public()
  @ApiOperation({ summary: 'The version in force now, and the next one when it is already published' })
  @ApiOkResponse({ type: CurrentLegalVersionsResponse })
  @ApiErrors(LegalErrorCode.LegalVersionNotFound)
  current(@Param() params: LegalKindParams): Promise<CurrentLegalVersions> {
    return this.legal.current(params.kind);
  }

  @Get('legal/:kind/versions/:version')
  @Public()
  @ApiOperation({ summary: 'One version: when it takes effect, its status and the SHA-256 of each text' })
  @ApiOkResponse({ type: LegalVersionResponse })
  @ApiErrors(LegalErrorCode.LegalVersionNotFound)
  get(@Param() params: LegalVersionParams): Promise<LegalVersionView> {
    return this.legal.get(params.kind, params.version);
  }

  @Get('legal/:kind/versions/:version/text/:locale')
  @Public()
  @ApiOperation({ summary: 'The exact UTF-8 bytes of a version in one language: what registration signs' })
  @ApiOkResponse({
    description: 'The text; a published version never changes (cacheable, immutable)',
    headers: {
      [CONTENT_SHA256_HEADER]: {
        description: 'SHA-256 of the body bytes, lower-case hex',
        schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
      ETag: { description: 'The SHA-256 in quotes', schema: { type: 'string' } },
    },
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrors(LegalErrorCode.LegalVersionNotFound)
  async text(@Param() params: LegalTextParams, @Res() response: Response) {
    const { bytes, sha256 } = await this.legal.text(params.kind, params.version, params.locale);
    response
      .status(200)
      .setHeader('Content-Type', 'text/plain; charset=utf-8')
      .setHeader(CONTENT_SHA256_HEADER, sha256)
      .setHeader('ETag', `"${sha256}"`)
      // A published version never changes.
      .setHeader('Cache-Control', 'public, max-age=86400, immutable')
      .setHeader('Content-Language', params.locale)
      .end(bytes);
  }

  @Post('operator/legal/:kind/versions')
  @OperatorOnly()
  @Audited('legal.publish', 'legal_document_version')
  @ApiOperation({ summary: 'Publish a new version; it takes effect no sooner than LEGAL_NOTICE_DAYS from now' })
  @ApiCreatedResponse({ type: LegalVersionResponse })
  // Its 400's restate the shared ones; any POST takes an Idempotency-Key.
  @ApiErrors(LegalErrorCode.LegalNoticeTooShort, LegalErrorCode.LegalVersionOrder)
  publish(@Param() params: LegalKindParams, @Body() dto: PublishLegalVersionDto): Promise<LegalVersionView> {
    return this.legal.publish(params.kind, dto);
  }
}
