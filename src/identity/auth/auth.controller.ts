import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { clientAddress } from '../../common/http/client-source';
import { UuidParam } from '../../common/http/validation';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain.error';
import { ErrorCode } from '../../common/errors/error-catalog';
import { Audited, CurrentPrincipal, LoginThrottled, NotAudited, Public } from '../../common/security/decorators';
import type { TenantPrincipal } from '../../common/security/principal';
import { LoginDto } from '../dto/identity.dto';
import { SignatureLoginDto } from '../dto/signature.dto';
import { SignatureAuthService } from '../signature/signature-auth.service';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.guard';
import { AuthService, ClientInfo } from './auth.service';
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
  challenge() {
    return this.signatureAuth.challenge();
  }

  @Post('signature/login')
  @Public()
  @HttpCode(200)
  @LoginThrottled()
  @Audited('auth.signature_login', 'session')
  @ApiOperation({ summary: 'Login by ЭЦП: the signed challenge; the certificate IIN (+ BIN) selects the user and organization' })
  async signatureLogin(@Body() dto: SignatureLoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const result = await this.signatureAuth.login(dto, clientOf(request));
    request.principal = result.principal;

    return startSession(response, result, this.config);
  }

  @Post('logout')
  @HttpCode(204)
  @Audited('auth.logout', 'session')
  async logout(@CurrentPrincipal() principal: TenantPrincipal, @Res({ passthrough: true }) response: Response) {
    await this.auth.logout(principal);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiOperation({ summary: 'Who is calling: the user session or API key, its organization and rights' })
  me(@CurrentPrincipal() principal: TenantPrincipal) {
    return principal;
  }

  @Get('sessions')
  sessions(@CurrentPrincipal() principal: TenantPrincipal) {
    if (principal.kind !== 'user') throw new DomainError(ErrorCode.Forbidden);

    return this.auth.listSessions(principal);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @Audited('session.revoke', 'session')
  async revokeSession(@CurrentPrincipal() principal: TenantPrincipal, @Param('id', UuidParam) id: string) {
    if (principal.kind !== 'user') throw new DomainError(ErrorCode.Forbidden);
    await this.auth.revokeSession(principal, id);
  }
}
