import { sendStoredFile } from './file-download';
import { Body, Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Audited, CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { DocumentActionsService } from './document-actions.service';
import { DocumentListsService } from './document-lists.service';
import { actorOf, DocumentsService } from './documents.service';
import {
  ActionDto,
  ListDocumentsQuery,
  NewPackageDto,
  SendDto,
  SenderSignatureDto,
  SigningPolicyDto,
  StatementRequestDto,
} from './dto';
import { DocumentAction, DOCUMENT_ACTIONS } from './status';
import { DomainError } from '../common/errors/domain.error';
import { ErrorCode } from '../common/errors/error-catalog';

export function actionParam(action: string): DocumentAction {
  if (!(DOCUMENT_ACTIONS as readonly string[]).includes(action)) {
    throw new DomainError(ErrorCode.ValidationFailed, {
      fields: [{ field: 'action', problems: [`action must be one of ${DOCUMENT_ACTIONS.join(', ')}`] }],
    });
  }
  return action as DocumentAction;
}

// Thin HTTP layer over the document flow; every route is scoped to the caller's organization
// (a document of another tenant answers 404).
@ApiTags('documents')
@Controller('api/v1')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly actions: DocumentActionsService,
    private readonly lists: DocumentListsService,
  ) {}

  @Post('documents')
  @RequireRight('documents', 'write')
  @Audited('document.upload', 'document')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload a document: metadata fields first, then the part "file" (streamed to storage)' })
  upload(@CurrentPrincipal() principal: TenantPrincipal, @Req() request: Request) {
    return this.documents.upload(principal, request);
  }

  @Get('documents')
  @RequireRight('documents', 'read')
  @ApiOperation({ summary: 'Inbox, outbox, drafts or awaiting my signature, with filters and cursor pagination' })
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() query: ListDocumentsQuery) {
    return this.lists.list(principal, query);
  }

  @Get('documents/counters')
  @RequireRight('documents', 'read')
  counters(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.lists.counters(principal);
  }

  @Get('documents/:id')
  @RequireRight('documents', 'read')
  @ApiOperation({
    summary: 'A document with its recipients, signatures and events (the first read by a recipient records delivery)',
  })
  @ApiQuery({
    name: 'include',
    required: false,
    enum: ['reports'],
    description: 'reports: each signature with its full verification report',
  })
  view(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Query('include') include?: string) {
    return this.documents.view(principal, id, { withReports: include === 'reports' });
  }

  @Get('documents/:id/content')
  @RequireRight('documents', 'read')
  @ApiOperation({ summary: 'The stored file, streamed (the first download by a recipient records the opening)' })
  async content(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Res() response: Response) {
    const { document, body } = await this.documents.content(principal, id);
    await sendStoredFile(response, document, body);
  }

  @Post('documents/:id/signatures')
  @RequireRight('signing', 'write')
  @Audited('document.sign', 'document')
  @ApiOperation({ summary: "The sender's CMS over the stored file (detached, or attached with identical content)" })
  sign(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: SenderSignatureDto) {
    return this.documents.signAsSender(principal, id, dto);
  }

  @Post('documents/:id/send')
  @RequireRight('documents', 'write')
  @Audited('document.send', 'document')
  send(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: SendDto) {
    return this.documents.send(principal, id, dto.recipients);
  }

  @Post('documents/:id/recipients/:recipientId/link/revoke')
  @RequireRight('documents', 'write')
  @Audited('document.link.revoke', 'document')
  revokeLink(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Param('recipientId') recipientId: string) {
    return this.documents.revokeLink(principal, id, recipientId);
  }

  @Post('documents/:id/statements')
  @RequireRight('signing', 'write')
  @Audited('document.statement', 'document')
  @ApiOperation({ summary: 'Issue the canonical statement to sign for receipt, refusal, correction or annulment' })
  async statement(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: StatementRequestDto) {
    const party = await this.actions.partyOf(principal.organizationId, actorOf(principal), id, dto.recipientId);
    return this.actions.issueStatement(party, dto.action, dto.reason);
  }

  @Post('documents/:id/actions/:action')
  @RequireRight('signing', 'write')
  @Audited('document.action', 'document')
  @ApiOperation({ summary: 'Perform a signed action: sign (CMS over the document) or a statement-based one' })
  async act(
    @CurrentPrincipal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() dto: ActionDto,
  ) {
    const checked = actionParam(action);
    const party = await this.actions.partyOf(principal.organizationId, actorOf(principal), id, dto.recipientId);
    return this.actions.act(party, checked, dto);
  }

  @Post('packages')
  @RequireRight('documents', 'write')
  @Audited('document.package.create', 'document_package')
  createPackage(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NewPackageDto) {
    return this.documents.createPackage(principal, dto);
  }

  @Get('packages/:id')
  @RequireRight('documents', 'read')
  getPackage(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.documents.packageView(principal, id);
  }

  @Post('packages/:id/send')
  @RequireRight('documents', 'write')
  @Audited('document.package.send', 'document_package')
  sendPackage(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: SendDto) {
    return this.documents.sendPackage(principal, id, dto.recipients);
  }

  @Get('signing-policy')
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'Which certificate roles may sign which kind of document for this organization' })
  policy(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.documents.policyOf(principal.organizationId);
  }

  @Put('signing-policy')
  @RequireRight('administration', 'write')
  @Audited('document.signing_policy.update', 'organization')
  putPolicy(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: SigningPolicyDto) {
    return this.documents.putPolicy(principal, dto);
  }
}
