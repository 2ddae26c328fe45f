import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../common/http/validation';
import { Audited, CurrentPrincipal, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { LegalService } from './legal.service';

// The organization's signed acceptances of the offer: evidence of the contract [O 1.2].
@ApiTags('legal')
@Controller('api/v1/organization/acceptances')
export class AcceptancesController {
  constructor(private readonly legal: LegalService) {}

  @Get()
  @RequireRight('administration', 'read')
  list(@CurrentPrincipal() principal: TenantPrincipal) {
    return this.legal.listAcceptances(principal);
  }

  @Get(':id')
  @RequireRight('administration', 'read')
  @ApiOperation({ summary: 'An acceptance with the verification report made when it was signed' })
  get(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.legal.getAcceptance(principal, id);
  }

  @Get(':id/cms')
  @RequireRight('administration', 'read')
  @Audited('legal.acceptance.download', 'legal_acceptance')
  @ApiProduces('application/pkcs7-signature')
  @ApiOperation({ summary: 'The signed CMS (DER), detached or attached as the client made it' })
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
  verify(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    return this.legal.reverifyAcceptance(principal, id);
  }
}
