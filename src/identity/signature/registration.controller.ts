import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { Audited } from '../../audit';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { IdentityErrorCode } from '../identity.errors';
import { LegalErrorCode } from '../../legal';
import { SigningErrorCode } from '../../signing';
import { ApiErrors } from '../../common/http/openapi';
import type { Request, Response } from 'express';
import { LoginThrottled, Public } from '../../common/security/decorators';
import { AppConfig } from '../../config/app-config';
import { clientOf } from '../auth/auth.controller';
import { startSession } from '../auth/session-cookies';
import { RegistrationDto } from '../dto/signature.dto';
import { ApiRetryAfter, SESSION_SET_COOKIE } from '../identity-headers.api';
import { RegistrationResponse } from '../identity.api';
import { RegistrationService } from './registration.service';

@ApiTags('registration')
@Controller('api/v1/registration')
export class RegistrationController {
  constructor(
    private readonly registrations: RegistrationService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  @LoginThrottled()
  @Audited('organization.register', 'organization')
  @ApiOperation({
    summary: 'Registration = acceptance of the offer: a CMS over the exact text of the offer version in force (SIGN key)',
  })
  @ApiCreatedResponse({
    type: RegistrationResponse,
    description: 'The organization and its main user, from the certificate; the main user is logged in (cookies set).',
    headers: SESSION_SET_COOKIE,
  })
  @ApiErrors(
    CommonErrorCode.AuthRequired,
    SigningErrorCode.SignatureInvalid,
    SigningErrorCode.SignatureContentMismatch,
    SigningErrorCode.SignatureCertificateUntrusted,
    SigningErrorCode.SignatureCertificateRevoked,
    SigningErrorCode.SignatureCertificateExpired,
    SigningErrorCode.SignatureKeyUsageNotAllowed,
    IdentityErrorCode.RegistrationRoleNotAllowed,
    LegalErrorCode.LegalVersionNotFound,
    LegalErrorCode.LegalVersionNotCurrent,
    IdentityErrorCode.RegistrationInvitationRequired,
    IdentityErrorCode.OrganizationExists,
    IdentityErrorCode.RegistrationCertificateUnsuitable,
    SigningErrorCode.SignatureRevocationUnavailable,
    SigningErrorCode.VerificationBusy,
  )
  @ApiRetryAfter(503)
  async register(@Body() dto: RegistrationDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { registration, login } = await this.registrations.register(dto, clientOf(request));
    request.principal = login.principal;

    return { ...registration, session: startSession(response, login, this.config) };
  }
}
