import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { Audited, NotAudited } from '../../audit';
import { clientAddress } from '../../common/http/client-source';
import { UuidParam } from '../../common/http/validation';
import {
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/openapi';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain.error';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { IdentityErrorCode } from '../identity.errors';
import { SigningErrorCode } from '../../signing';
import { CurrentPrincipal, LoginThrottled, Public } from '../../common/security/decorators';
import type { TenantPrincipal } from '../../common/security/principal';
import { EmailChangeDto, EmailConfirmDto, LoginDto } from '../dto/identity.dto';
import {
  ActiveSessionResponse,
  ApiKeyPrincipalResponse,
  ProfileResponse,
  SessionResponse,
  SignatureChallengeResponse,
  UserPrincipalResponse,
} from '../identity.api';
import { ApiRetryAfter, SESSION_SET_COOKIE } from '../identity-headers.api';
import { SignatureLoginDto } from '../dto/signature.dto';
import { SignatureAuthService } from '../signature/signature-auth.service';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.guard';
import { AuthService, ClientInfo, ProfileView } from './auth.service';
import { startSession } from './session-cookies';

export function clientOf(request: Request): ClientInfo {
  return { ip: clientAddress(request), userAgent: request.headers['user-agent'] ?? null };
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly signatureAuth: SignatureAuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @LoginThrottled()
  @Audited('auth.login', 'session', { actorLabelField: 'email' })
  @ApiOperation({
    summary:
      'Password login for added users (3 wrong passwords from one IP lock that IP out of the account; one attempt drains every 5 minutes)',
  })
  @ApiOkResponse({ type: SessionResponse, description: 'The session; its cookies are set.', headers: SESSION_SET_COOKIE })
  @ApiErrors(
    IdentityErrorCode.AuthOrganizationRequired,
    IdentityErrorCode.AuthInvalidCredentials,
    // Even a public route refuses an Authorization: Bearer that is no live API key (AuthGuard).
    CommonErrorCode.AuthRequired,
    IdentityErrorCode.AuthAccountLocked,
  )
  @ApiRetryAfter(423)
  async login(@Body() dto: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const result = await this.auth.login(dto, clientOf(request));
    request.principal = result.principal;

    return startSession(response, result, this.config);
  }

  @Post('signature/challenge')
  @Public()
  @HttpCode(200)
  @LoginThrottled()
  @NotAudited()
  @ApiOperation({ summary: 'A login challenge (single use, short-lived) to sign with an ЭЦП key via NCALayer' })
  @ApiOkResponse({ type: SignatureChallengeResponse })
  @ApiErrors(CommonErrorCode.AuthRequired)
  challenge() {
    return this.signatureAuth.challenge();
  }

  @Post('signature/login')
  @Public()
  @HttpCode(200)
  @LoginThrottled()
  @Audited('auth.signature_login', 'session')
  @ApiOperation({ summary: 'Login by ЭЦП: the signed challenge; the certificate IIN (+ BIN) selects the user and organization' })
  @ApiOkResponse({
    type: SessionResponse,
    description: 'The session; its cookies are set. The first login of an invited person accepts the invitation.',
    headers: SESSION_SET_COOKIE,
  })
  @ApiErrors(
    IdentityErrorCode.AuthOrganizationRequired,
    CommonErrorCode.AuthRequired,
    IdentityErrorCode.AuthChallengeInvalid,
    IdentityErrorCode.AuthChallengeExpired,
    IdentityErrorCode.AuthChallengeReplayed,
    SigningErrorCode.SignatureInvalid,
    SigningErrorCode.SignatureContentMismatch,
    SigningErrorCode.SignatureCertificateUntrusted,
    IdentityErrorCode.AuthCertificateUnknown,
    SigningErrorCode.SignatureCertificateRevoked,
    SigningErrorCode.SignatureCertificateExpired,
    SigningErrorCode.SignatureKeyUsageNotAllowed,
    IdentityErrorCode.AuthCertificateOrganizationMismatch,
    IdentityErrorCode.UserExists,
    IdentityErrorCode.InvitationOtherPerson,
    IdentityErrorCode.InvitationNotOpen,
    SigningErrorCode.SignatureRevocationUnavailable,
    SigningErrorCode.VerificationBusy,
  )
  @ApiRetryAfter(503)
  async signatureLogin(@Body() dto: SignatureLoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const result = await this.signatureAuth.login(dto, clientOf(request));
    request.principal = result.principal;

    return startSession(response, result, this.config);
  }

  @Post('logout')
  @HttpCode(204)
  @Audited('auth.logout', 'session')
  @ApiOperation({ summary: 'End the current session and clear its cookies (with an API key: nothing to end)' })
  @ApiNoContentResponse({
    description: 'Ended.',
    headers: { 'Set-Cookie': { description: 'Clears `edo_session` and `edo_csrf`.', schema: { type: 'string' } } },
  })
  async logout(@CurrentPrincipal() principal: TenantPrincipal, @Res({ passthrough: true }) response: Response) {
    await this.auth.logout(principal);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiOperation({ summary: 'Who is calling: the user session or API key, its organization and rights' })
  @ApiExtraModels(UserPrincipalResponse, ApiKeyPrincipalResponse)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(UserPrincipalResponse) }, { $ref: getSchemaPath(ApiKeyPrincipalResponse) }],
      discriminator: {
        propertyName: 'kind',
        mapping: { user: getSchemaPath(UserPrincipalResponse), api_key: getSchemaPath(ApiKeyPrincipalResponse) },
      },
    },
  })
  me(@CurrentPrincipal() principal: TenantPrincipal) {
    return principal;
  }

  @Get('profile')
  @ApiOperation({ summary: "The calling user's own account: name, e-mail (where notifications go), IIN (a session only)" })
  @ApiOkResponse({ type: ProfileResponse })
  profile(@CurrentPrincipal() principal: TenantPrincipal): Promise<ProfileView> {
    if (principal.kind !== 'user') throw new DomainError(CommonErrorCode.Forbidden);

    return this.auth.profile(principal);
  }

  @Put('profile/email')
  @Audited('user.email.request', 'user')
  @ApiOperation({
    summary:
      "Ask to set or change the calling user's own e-mail (a session only). The address is not changed yet: it is kept as pendingEmail and a confirmation link is mailed to it; POST profile/email/confirm with the link's token changes it. EMAIL_TAKEN when another account has it",
  })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiErrors(IdentityErrorCode.EmailTaken)
  changeEmail(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: EmailChangeDto): Promise<ProfileView> {
    if (principal.kind !== 'user') throw new DomainError(CommonErrorCode.Forbidden);

    return this.auth.requestEmailChange(principal, dto.email);
  }

  @Post('profile/email/confirm')
  @HttpCode(200)
  @Audited('user.email.update', 'user')
  @ApiOperation({
    summary:
      "Confirm the e-mail change with the token from the mailed link (a session of the same user; single use, expires in 24 hours): the pending address becomes the user's e-mail",
  })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiErrors(IdentityErrorCode.EmailConfirmationInvalid, IdentityErrorCode.EmailTaken)
  confirmEmail(@CurrentPrincipal() principal: TenantPrincipal, @Body() dto: EmailConfirmDto): Promise<ProfileView> {
    if (principal.kind !== 'user') throw new DomainError(CommonErrorCode.Forbidden);

    return this.auth.confirmEmailChange(principal, dto.token);
  }

  @Get('sessions')
  @ApiOperation({ summary: "The calling user's live sessions in this organization (a session only; an API key gets FORBIDDEN)" })
  @ApiOkResponse({ type: [ActiveSessionResponse] })
  sessions(@CurrentPrincipal() principal: TenantPrincipal) {
    if (principal.kind !== 'user') throw new DomainError(CommonErrorCode.Forbidden);

    return this.auth.listSessions(principal);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @Audited('session.revoke', 'session')
  @ApiOperation({ summary: "End one of the calling user's sessions (a session only)" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The session' })
  @ApiNoContentResponse({ description: 'Ended.' })
  @ApiErrors(CommonErrorCode.NotFound)
  async revokeSession(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    if (principal.kind !== 'user') throw new DomainError(CommonErrorCode.Forbidden);
    await this.auth.revokeSession(principal, id);
  }
}
