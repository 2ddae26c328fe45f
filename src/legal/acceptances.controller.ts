import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { Audited } from '../audit';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommonErrorCode } from '../common/errors/common.errors';
import { SigningErrorCode } from '../signing';
import { ApiErrors } from '../common/http/openapi';
import { UuidParam } from '../common/http/validation';
import { CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { AcceptanceReverificationResponse, LegalAcceptanceEvidenceResponse, LegalAcceptanceResponse } from './dto/legal-response';
import { AcceptanceReverification, LegalAcceptanceEvidence, LegalAcceptanceView, LegalService } from './legal.service';

// The organization's signed acceptances of the offer: evidence of the contract [O 1.2].
@ApiTags('legal')
@Controller('api/v1/organization/acceptances')
export class AcceptancesController {
  constructor(private readonly legal: LegalService) {}

  @Get()
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: "The organization's signed acceptances of the offer, newest first" })
  @ApiOkResponse({ type: [LegalAcceptanceResponse] })
  list(@CurrentPrincipal() principal: TenantPrincipal): Promise<LegalAcceptanceView[]> {
    return this.legal.listAcceptances(principal);
  }

  @Get(':id')
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'An acceptance with the verification report made when it was signed' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: LegalAcceptanceEvidenceResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  get(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string): Promise<LegalAcceptanceEvidence> {
    return this.legal.getAcceptance(principal, id);
  }

  @Get(':id/cms')
  @RequireRight('administration', 'read')
  @Audited('legal.acceptance.download', 'legal_acceptance')
  @ApiOperation({ summary: 'The signed CMS (DER), detached or attached as the client made it' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({
    description: 'The CMS as a .p7s attachment',
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="<kind>-v<version>-<locale>-<id>.p7s"',
        schema: { type: 'string' },
      },
    },
    content: { 'application/pkcs7-signature': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(CommonErrorCode.NotFound)
  async cms(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string, @Res() response: Response) {
    const { cms, fileName } = await this.legal.acceptanceCms(principal, id);
    response
      .status(200)
      .setHeader('Content-Type', 'application/pkcs7-signature')
      .setHeader('Content-Disposition', `attachment; filename="${fileName}"`)
      .end(cms);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @RequireRight('administration', 'read')
  @Audited('legal.acceptance.verify', 'legal_acceptance')
  @ApiOperation({ summary: 'Verify the stored CMS again, now, against the stored text of the accepted version' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: AcceptanceReverificationResponse })
  // Its 400's restate the shared ones; any POST takes an Idempotency-Key.
  @ApiErrors(CommonErrorCode.NotFound, SigningErrorCode.VerificationBusy)
  verify(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string): Promise<AcceptanceReverification> {
    return this.legal.reverifyAcceptance(principal, id);
  }
}
