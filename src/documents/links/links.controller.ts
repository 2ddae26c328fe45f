import { NotAudited } from '../../audit';
import { sendStoredFile } from '../file-download';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

// The same checks as the authenticated statement and action routes, so the same codes.
import { SIGNATURE_ERRORS, STATEMENT_ERRORS, TRANSITION_ERRORS } from '../document-route-errors';
import { ApiErrors } from '../../common/http/openapi';
import { LinkThrottled, Public } from '../../common/security/decorators';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { cardLocale, sendDocumentCard, sendEvidenceZip } from '../evidence-download';
import { DocumentEvidenceService } from '../document-evidence.service';
import { ApiDocumentCard, ApiEvidenceZip } from '../document-evidence.api';
import { ActionResultResponse, DOCUMENT_CONTENT_MEDIA_TYPES, StatementResponse } from '../document-requests.api';
import { ActionDto, StatementRequestDto } from '../dto';
import { actionParam, DOCUMENT_ACTIONS } from '../status';
import { LINK_ERRORS, LinkedDocumentResponse, LinkTokenParam } from './links.api';
import { LINK_PAGE_WITHOUT_UI } from './link-page';
import { LinkedDocumentView, LinksService } from './links.service';
import { WebUiFiles } from '../../common/http/web-ui-files';
import { sendWebUiPage } from '../../common/http/web-ui-page';

// Public routes for an unregistered recipient, authorized by the e-mailed token alone. Throttled
// with their own budget (guessing a 256-bit token is hopeless, but scanning still costs us), not
// the login one: a portal acting for many outsiders calls them from one address.
// NotAudited: the audit trail stores request paths, which carry the token; the document's own
// event history records every action taken through a link.
@ApiTags('document links')
@Controller()
@Public()
export class LinksController {
  constructor(
    private readonly links: LinksService,
    private readonly evidence: DocumentEvidenceService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly webUi: WebUiFiles,
  ) {}

  @Get('api/v1/links/:token')
  @LinkThrottled()
  @ApiOperation({ summary: 'The linked document: metadata, status, signatures with their verification reports' })
  @LinkTokenParam()
  @ApiOkResponse({ type: LinkedDocumentResponse, description: 'The first read records delivery.' })
  @ApiErrors(...LINK_ERRORS)
  view(@Param('token') token: string): Promise<LinkedDocumentView> {
    return this.links.view(token);
  }

  @Get('api/v1/links/:token/content')
  @LinkThrottled()
  @ApiOperation({ summary: 'The stored file of the linked document, streamed (the first download records the opening)' })
  @LinkTokenParam()
  @ApiOkResponse({
    description: "The file as uploaded, served as the document's contentType (detected at upload).",
    content: DOCUMENT_CONTENT_MEDIA_TYPES,
    headers: {
      'Content-Disposition': { description: 'attachment, with the uploaded file name (RFC 6266)', schema: { type: 'string' } },
      'Content-Length': { description: 'The file size in bytes', schema: { type: 'integer' } },
    },
  })
  @ApiErrors(...LINK_ERRORS)
  async content(@Param('token') token: string, @Res() response: Response) {
    const { document, body } = await this.links.content(token);
    await sendStoredFile(response, document, body);
  }

  // The evidence as the recipient the link stands for sees it (its own row, the sender's steps).
  @Get('api/v1/links/:token/evidence.zip')
  @LinkThrottled()
  @ApiOperation({ summary: 'Evidence package of the linked document (original, CMS, statements, reports, events, manifest)' })
  @LinkTokenParam()
  @ApiEvidenceZip()
  @ApiErrors(...LINK_ERRORS)
  async evidenceZip(@Param('token') token: string, @Res() response: Response) {
    const doc = await this.evidence.forLink(token);
    await sendEvidenceZip(response, doc, { generatedAt: this.clock.now(), verifyUrl: this.evidence.verifyUrl(doc.id) });
  }

  @Get('api/v1/links/:token/card.pdf')
  @LinkThrottled()
  @ApiOperation({ summary: 'Printable card (PDF) of the linked document' })
  @LinkTokenParam()
  @ApiDocumentCard()
  @ApiErrors(...LINK_ERRORS)
  async card(
    @Param('token') token: string,
    @Query('lang') lang: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const locale = cardLocale(lang, request, this.config);
    const doc = await this.evidence.forLink(token);
    await sendDocumentCard(response, doc, { generatedAt: this.clock.now(), verifyUrl: this.evidence.verifyUrl(doc.id), locale });
  }

  @Post('api/v1/links/:token/statements')
  @LinkThrottled()
  @NotAudited()
  @ApiOperation({ summary: 'Issue the canonical statement to sign for receipt, refusal, correction or annulment' })
  @LinkTokenParam()
  @ApiCreatedResponse({
    type: StatementResponse,
    description:
      'Sign its text and pass it to POST /links/{token}/actions/{action}. recipientId in the body is ignored: the link names the recipient.',
  })
  @ApiErrors(...new Set([...LINK_ERRORS, ...TRANSITION_ERRORS]))
  statement(@Param('token') token: string, @Body() dto: StatementRequestDto) {
    return this.links.statement(token, dto);
  }

  @Post('api/v1/links/:token/actions/:action')
  @LinkThrottled()
  @NotAudited()
  @ApiOperation({ summary: 'Perform a signed action: sign (CMS over the document) or a statement-based one' })
  @LinkTokenParam()
  @ApiParam({
    name: 'action',
    enum: DOCUMENT_ACTIONS,
    description:
      'sign: a CMS over the document; any other: a CMS over the statement issued for it. Only a certificate of the addressed BIN/IIN acts.',
  })
  @ApiCreatedResponse({ type: ActionResultResponse })
  @ApiErrors(...new Set([...LINK_ERRORS, ...TRANSITION_ERRORS, ...STATEMENT_ERRORS, ...SIGNATURE_ERRORS]))
  act(@Param('token') token: string, @Param('action') action: string, @Body() dto: ActionDto) {
    return this.links.act(token, actionParam(action), dto);
  }

  // The e-mailed link opens the web cabinet's link page, which reads the document through the API
  // above. Where the web UI is not built, a minimal page says what the link is and how to continue.
  @Get('l/:token')
  @LinkThrottled()
  @ApiExcludeEndpoint()
  page(@Res() response: Response) {
    sendWebUiPage(response, this.webUi, 200, LINK_PAGE_WITHOUT_UI);
  }
}
