import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audited, OperatorOnly, Public } from '../common/security/decorators';
import { LegalKindParams, LegalTextParams, LegalVersionParams, PublishLegalVersionDto } from './dto/legal.dto';
import { LegalService } from './legal.service';

// The header carrying the SHA-256 (hex) of a text's exact bytes.
export const CONTENT_SHA256_HEADER = 'X-Content-SHA256';

@ApiTags('legal')
@Controller('api/v1')
export class LegalController {
  constructor(private readonly legal: LegalService) {}

  @Get('legal/:kind/versions')
  @Public()
  @ApiOperation({ summary: 'Every published version of the offer or the privacy policy, newest first' })
  list(@Param() params: LegalKindParams) {
    return this.legal.list(params.kind);
  }

  @Get('legal/:kind/current')
  @Public()
  @ApiOperation({ summary: 'The version in force now, and the next one when it is already published' })
  current(@Param() params: LegalKindParams) {
    return this.legal.current(params.kind);
  }

  @Get('legal/:kind/versions/:version')
  @Public()
  get(@Param() params: LegalVersionParams) {
    return this.legal.get(params.kind, params.version);
  }

  @Get('legal/:kind/versions/:version/text/:locale')
  @Public()
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The exact UTF-8 bytes of a version in one language: what registration signs' })
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
  publish(@Param() params: LegalKindParams, @Body() dto: PublishLegalVersionDto) {
    return this.legal.publish(params.kind, dto);
  }
}
