import { Audited } from '../audit';
import { sendStoredFile } from './file-download';
import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { DocumentActionsService } from './document-actions.service';
import { DocumentListsService } from './document-lists.service';
import { actorOf } from './document-access';
import { DocumentDraftsService } from './document-drafts.service';
import { DocumentPackagesService } from './document-packages.service';
import { DocumentSendingService } from './document-sending.service';
import { DocumentUploadService } from './document-upload.service';
import { DocumentsService } from './documents.service';
import { RecipientLinksService } from './links/recipient-links.service';
import { SenderSignatureService } from './sender-signature.service';
import { SigningPolicyService } from './signing-policy.service';
import {
  ActionDto,
  EditDocumentDto,
  ListDocumentsQuery,
  NewPackageDto,
  ReplaceRecipientDto,
  SendDto,
  SenderSignatureDto,
  SigningPolicyDto,
  StatementRequestDto,
} from './dto';
import { actionParam, DOCUMENT_ACTIONS } from './status';
import { SIGNATURE_ERRORS, STATEMENT_ERRORS, TRANSITION_ERRORS } from './document-route-errors';
import { PageOf } from '../common/http/openapi';
import {
  DocumentCountersResponse,
  DocumentListItemResponse,
  DocumentResponse,
  DocumentSignatureResponse,
  UploadedDocumentResponse,
} from './documents.api';
import {
  ActionResultResponse,
  ApiDocumentUpload,
  DeletedDocumentResponse,
  DOCUMENT_CONTENT_MEDIA_TYPES,
  DocumentIdParam,
  LinkRevocationResponse,
  PackageIdParam,
  PackageResponse,
  RouteErrors,
  SENDING_ERRORS,
  SigningPolicyResponse,
  StatementResponse,
} from './document-requests.api';
import { CommonErrorCode } from '../common/errors/common.errors';
import { DocumentsErrorCode } from './documents.errors';

// Thin HTTP layer over the document flow; every route is scoped to the caller's organization
// (a document of another tenant answers 404).
@ApiTags('documents')
@Controller('api/v1')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly uploads: DocumentUploadService,
    private readonly drafts: DocumentDraftsService,
    private readonly senderSignature: SenderSignatureService,
    private readonly sending: DocumentSendingService,
    private readonly links: RecipientLinksService,
    private readonly packages: DocumentPackagesService,
    private readonly policies: SigningPolicyService,
    private readonly actions: DocumentActionsService,
    private readonly lists: DocumentListsService,
  ) {}

  @Post('documents')
  @RequireRight('documents', 'write')
  @Audited('document.upload', 'document')
  @ApiDocumentUpload()
  @ApiOperation({ summary: 'Upload a document: metadata fields and the part "file" (streamed to storage), in either order' })
  @ApiCreatedResponse({ type: UploadedDocumentResponse, description: 'The new draft.' })
  @RouteErrors(
    CommonErrorCode.ValidationFailed,
    DocumentsErrorCode.DocumentEmpty,
    DocumentsErrorCode.UploadMultipleFiles,
    DocumentsErrorCode.DocumentTooLarge,
  )
  upload(@CurrentPrincipal() principal: TenantPrincipal, @Req() request: Request) {
    return this.uploads.upload(principal, request);
  }

  @Get('documents')
  @RequireRight('documents', 'read')
  @ApiOperation({ summary: 'Inbox, outbox, drafts or awaiting my signature, with filters and cursor pagination' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({
    name: 'cursor',
    required: false,
    schema: { type: 'string', maxLength: 500 },
    description: 'nextCursor of the previous page.',
  })
  @ApiOkResponse({ type: PageOf(DocumentListItemResponse), description: 'Newest first.' })
  @RouteErrors(CommonErrorCode.CursorInvalid)
  list(@CurrentPrincipal() principal: TenantPrincipal, @Query() query: ListDocumentsQuery) {
    return this.lists.list(principal, query);
  }

  @Get('documents/counters')
  @RequireRight('documents', 'read')
  @ApiOperation({ summary: 'Badge counts: unread incoming documents and what awaits my signature' })
  @ApiOkResponse({ type: DocumentCountersResponse })
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
  @DocumentIdParam()
  @ApiOkResponse({ type: DocumentResponse })
  @RouteErrors(CommonErrorCode.NotFound)
  view(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Query('include') include?: string) {
    return this.documents.view(principal, id, { withReports: include === 'reports' });
  }

  @Patch('documents/:id')
  @RequireRight('documents', 'write')
  @Audited('document.edit', 'document')
  @ApiOperation({ summary: "Change an unsigned draft's metadata (title, kind, number, date, amount, tags); the file stays" })
  @DocumentIdParam()
  @ApiOkResponse({ type: DocumentResponse, description: 'The draft as it now is.' })
  @RouteErrors(CommonErrorCode.NotFound, DocumentsErrorCode.DocumentActionNotAllowed, DocumentsErrorCode.DocumentNotDraft)
  edit(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: EditDocumentDto) {
    return this.drafts.editDraft(principal, id, dto);
  }

  @Delete('documents/:id')
  @RequireRight('documents', 'write')
  @Audited('document.delete', 'document')
  @ApiOperation({ summary: 'Delete a draft nobody has signed (not sent, in no package); its stored file is removed' })
  @DocumentIdParam()
  @ApiOkResponse({ type: DeletedDocumentResponse })
  @RouteErrors(CommonErrorCode.NotFound, DocumentsErrorCode.DocumentActionNotAllowed, DocumentsErrorCode.DocumentNotDraft)
  remove(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.drafts.deleteDraft(principal, id);
  }

  @Get('documents/:id/content')
  @RequireRight('documents', 'read')
  @ApiOperation({ summary: 'The stored file, streamed (the first download by a recipient records the opening)' })
  @DocumentIdParam()
  @ApiOkResponse({
    description:
      "The file as uploaded, served as the document's contentType (detected at upload; text/plain with charset=utf-8).",
    content: DOCUMENT_CONTENT_MEDIA_TYPES,
    headers: {
      'Content-Disposition': { description: 'attachment, with the uploaded file name (RFC 6266)', schema: { type: 'string' } },
      'Content-Length': { description: 'The file size in bytes', schema: { type: 'integer' } },
    },
  })
  @RouteErrors(CommonErrorCode.NotFound)
  async content(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Res() response: Response) {
    const { document, body } = await this.documents.content(principal, id);
    await sendStoredFile(response, document, body);
  }

  @Post('documents/:id/signatures')
  @RequireRight('signing', 'write')
  @Audited('document.sign', 'document')
  @ApiOperation({ summary: "The sender's CMS over the stored file (detached, or attached with identical content)" })
  @DocumentIdParam()
  @ApiCreatedResponse({
    type: DocumentSignatureResponse,
    description: 'The accepted signature (time-stamped when a TSA is configured).',
  })
  @RouteErrors(
    CommonErrorCode.NotFound,
    DocumentsErrorCode.DocumentActionNotAllowed,
    DocumentsErrorCode.DocumentAlreadySignedBySender,
    ...SIGNATURE_ERRORS,
  )
  sign(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: SenderSignatureDto) {
    return this.senderSignature.signAsSender(principal, id, dto);
  }

  @Post('documents/:id/send')
  @RequireRight('documents', 'write')
  @Audited('document.send', 'document')
  @ApiOperation({ summary: 'Send the signed document to recipients (registered: to their inbox; others: an e-mailed link)' })
  @DocumentIdParam()
  @ApiCreatedResponse({ type: DocumentResponse, description: 'The document as its sender now sees it.' })
  @RouteErrors(
    CommonErrorCode.NotFound,
    DocumentsErrorCode.DocumentActionNotAllowed,
    DocumentsErrorCode.DocumentInPackage,
    ...SENDING_ERRORS,
  )
  send(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: SendDto) {
    return this.sending.send(principal, id, dto.recipients);
  }

  @Post('documents/:id/recipients/:recipientId/link/revoke')
  @RequireRight('documents', 'write')
  @Audited('document.link.revoke', 'document')
  @ApiOperation({ summary: "Revoke an unregistered recipient's e-mailed link" })
  @DocumentIdParam()
  @ApiParam({ name: 'recipientId', format: 'uuid', description: 'A recipient row of the document.' })
  @ApiCreatedResponse({ type: LinkRevocationResponse })
  @RouteErrors(
    CommonErrorCode.NotFound,
    DocumentsErrorCode.DocumentActionNotAllowed,
    DocumentsErrorCode.DocumentRecipientAnswered,
  )
  revokeLink(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Param('recipientId') recipientId: string) {
    return this.links.revoke(principal, id, recipientId);
  }

  @Post('documents/:id/recipients/:recipientId/replace')
  @RequireRight('documents', 'write')
  @Audited('document.recipient.replace', 'document')
  @ApiOperation({
    summary: 'Replace a recipient that has not answered (a mistyped BIN/IIN) with another, without signing again',
    description:
      "The sender's signature covers the content, not the addressee: the same signed document goes to the new recipient " +
      '(its inbox, or an e-mailed link) and the old one is withdrawn (its link revoked, out of its inbox and of the ' +
      "document's status, kept in the history). A correction is not a second sending: the new recipient is not counted " +
      "against the monthly limit, the withdrawn recipient's count stands for it. " +
      'One transaction; a repeat answers 409 DOCUMENT_RECIPIENT_WITHDRAWN. A withdrawn identifier may be sent to (or ' +
      'replaced back to) again. ' +
      'To send to one more recipient instead, use POST /documents/{id}/send again.',
  })
  @DocumentIdParam()
  @ApiParam({ name: 'recipientId', format: 'uuid', description: 'The recipient row to replace.' })
  @ApiCreatedResponse({ type: DocumentResponse, description: 'The document as its sender now sees it.' })
  @RouteErrors(
    CommonErrorCode.NotFound,
    DocumentsErrorCode.DocumentActionNotAllowed,
    DocumentsErrorCode.DocumentInPackage,
    DocumentsErrorCode.DocumentRecipientAnswered,
    DocumentsErrorCode.DocumentRecipientWithdrawn,
    ...SENDING_ERRORS,
  )
  replaceRecipient(
    @CurrentPrincipal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Param('recipientId') recipientId: string,
    @Body() dto: ReplaceRecipientDto,
  ) {
    return this.sending.replaceRecipient(principal, id, recipientId, dto);
  }

  @Post('documents/:id/statements')
  @RequireRight('signing', 'write')
  @Audited('document.statement', 'document')
  @ApiOperation({ summary: 'Issue the canonical statement to sign for receipt, refusal, correction or annulment' })
  @DocumentIdParam()
  @ApiCreatedResponse({
    type: StatementResponse,
    description: 'Sign its text and pass it to POST /documents/{id}/actions/{action}.',
  })
  @RouteErrors(CommonErrorCode.NotFound, ...TRANSITION_ERRORS, DocumentsErrorCode.DocumentRecipientWithdrawn)
  async statement(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: StatementRequestDto) {
    const party = await this.actions.partyOf(principal.organizationId, actorOf(principal), id, dto.recipientId);
    return this.actions.issueStatement(party, dto.action, dto.reason);
  }

  @Post('documents/:id/actions/:action')
  @RequireRight('signing', 'write')
  @Audited('document.action', 'document')
  @ApiOperation({ summary: 'Perform a signed action: sign (CMS over the document) or a statement-based one' })
  @DocumentIdParam()
  @ApiParam({
    name: 'action',
    enum: DOCUMENT_ACTIONS,
    description: 'sign: a CMS over the document (recipient); any other: a CMS over the statement issued for it.',
  })
  @ApiCreatedResponse({ type: ActionResultResponse })
  @RouteErrors(
    CommonErrorCode.NotFound,
    ...TRANSITION_ERRORS,
    DocumentsErrorCode.DocumentRecipientWithdrawn,
    ...STATEMENT_ERRORS,
    ...SIGNATURE_ERRORS,
  )
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
  @ApiOperation({ summary: 'Put unsent documents into a package (and send it at once when recipients are given)' })
  @ApiCreatedResponse({ type: PackageResponse })
  @RouteErrors(
    CommonErrorCode.NotFound,
    DocumentsErrorCode.DocumentInPackage,
    DocumentsErrorCode.PackageIncomplete,
    ...SENDING_ERRORS,
  )
  createPackage(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: NewPackageDto) {
    return this.packages.createPackage(principal, dto);
  }

  @Get('packages/:id')
  @RequireRight('documents', 'read')
  @ApiOperation({ summary: 'A package with its documents and their recipients' })
  @PackageIdParam()
  @ApiOkResponse({ type: PackageResponse })
  @RouteErrors(CommonErrorCode.NotFound)
  getPackage(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.packages.packageView(principal, id);
  }

  @Post('packages/:id/send')
  @RequireRight('documents', 'write')
  @Audited('document.package.send', 'document_package')
  @ApiOperation({ summary: 'Send a package: all of it (allOrNothing), or its signed documents' })
  @PackageIdParam()
  @ApiCreatedResponse({ type: PackageResponse })
  @RouteErrors(CommonErrorCode.NotFound, DocumentsErrorCode.PackageIncomplete, ...SENDING_ERRORS)
  sendPackage(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Body() dto: SendDto) {
    return this.packages.sendPackage(principal, id, dto.recipients);
  }

  @Get('signing-policy')
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'Which certificate roles may sign which kind of document for this organization' })
  @ApiOkResponse({ type: SigningPolicyResponse })
  policy(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.policies.policyOf(principal.organizationId);
  }

  @Put('signing-policy')
  @RequireRight('administration', 'write')
  @Audited('document.signing_policy.update', 'organization')
  @ApiOperation({ summary: 'Change the roles allowed for some kinds of document (the kinds left out keep theirs)' })
  @ApiOkResponse({ type: SigningPolicyResponse, description: 'The whole policy as it now is.' })
  putPolicy(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: SigningPolicyDto) {
    return this.policies.putPolicy(principal, dto);
  }
}
