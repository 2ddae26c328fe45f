import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { ApiErrors } from '../common/http/openapi';
import { CurrentPrincipal, LinkThrottled, Public, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { AppConfig } from '../config/app-config';
import { ApiDocumentCard, ApiEvidenceZip, PublicDocumentSummaryResponse } from './document-evidence.api';
import { DocumentEvidenceService, PublicDocumentSummary } from './document-evidence.service';
import { WebUiFiles } from '../common/http/web-ui-files';
import { sendWebUiPage } from '../common/http/web-ui-page';

import { DocumentIdParam } from './document-requests.api';
import { cardLocale, sendDocumentCard, sendEvidenceZip } from './evidence-download';
import { notFoundHtml, verifyPageHtml } from './verify-page';
import { CommonErrorCode } from '../common/errors/common.errors';

// The evidence of a document for its participants (ZIP and printable card), and the public page
// the card's QR code opens. Only participants get the evidence: any other tenant gets 404.
@ApiTags('documents')
@Controller()
export class DocumentEvidenceController {
  constructor(
    private readonly evidence: DocumentEvidenceService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly webUi: WebUiFiles,
  ) {}

  @Get('api/v1/documents/:id/evidence.zip')
  @RequireRight('documents', 'read')
  @ApiOperation({
    summary: 'Evidence package: the original, every CMS (.p7s), signed statements, reports, events, audit and a manifest',
  })
  @DocumentIdParam()
  @ApiEvidenceZip()
  @ApiErrors(CommonErrorCode.NotFound)
  async evidenceZip(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Res() response: Response) {
    const doc = await this.evidence.forParticipant(principal, id);
    await sendEvidenceZip(response, doc, { generatedAt: this.clock.now(), verifyUrl: this.evidence.verifyUrl(doc.id) });
  }

  @Get('api/v1/documents/:id/card.pdf')
  @RequireRight('documents', 'read')
  @ApiOperation({ summary: 'Printable document card (PDF) with signers, results, events and a QR code of the verification page' })
  @DocumentIdParam()
  @ApiDocumentCard()
  @ApiErrors(CommonErrorCode.NotFound)
  async card(
    @CurrentPrincipal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Query('lang') lang: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const locale = cardLocale(lang, request, this.config);
    const doc = await this.evidence.forParticipant(principal, id);
    await sendDocumentCard(response, doc, { generatedAt: this.clock.now(), verifyUrl: this.evidence.verifyUrl(doc.id), locale });
  }

  // The page behind the card's QR code: whoever holds the paper can compare the file's SHA-256
  // and see that the signatures the card lists exist here with the same results. It tells what
  // the card prints (title, hash, signers) and nothing else: no content, no events, no e-mails.
  // The document id (random UUID) is printed on the card; the page is throttled with the link
  // budget against scanning: like a link, it is read by outsiders holding an unguessable value
  // (often many cards from one office), and it guesses no password. Minimal until the web UI replaces it.
  // The same summary as JSON, for the web cabinet's verification page.
  @Get('api/v1/public/documents/:id')
  @Public()
  @LinkThrottled()
  @ApiOperation({ summary: 'What a document card prints: title, file SHA-256, each signer and the verification result' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The document id printed on the card (a draft has no page: 404)' })
  @ApiOkResponse({ type: PublicDocumentSummaryResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  async publicSummary(@Param('id') id: string): Promise<PublicDocumentSummary> {
    const summary = await this.evidence.publicSummary(id);
    if (!summary) throw new DomainError(CommonErrorCode.NotFound);
    return summary;
  }

  @Get('verify/d/:id')
  @Public()
  @LinkThrottled()
  @ApiExcludeEndpoint()
  async verifyPage(@Param('id') id: string, @Res() response: Response) {
    const summary = await this.evidence.publicSummary(id);
    // The web cabinet renders the page from the JSON below; the HTML here serves where it is not built.
    if (this.webUi.indexHtml()) return sendWebUiPage(response, this.webUi, summary ? 200 : 404);
    response
      .status(summary ? 200 : 404)
      .setHeader('Content-Type', 'text/html; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(summary ? verifyPageHtml(summary) : notFoundHtml());
  }
}
