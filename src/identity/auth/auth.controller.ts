import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { UuidParam } from '../../common/http/validation';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain.error';
import { ErrorCode } from '../../common/errors/error-catalog';
import { Audited, CurrentPrincipal, LoginThrottled, Public } from '../../common/security/decorators';
import type { TenantPrincipal } from '../../common/security/principal';
import { LoginDto } from '../dto/identity.dto';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.guard';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @LoginThrottled()
  @Audited('auth.login', 'session', { actorLabelField: 'email' })
  @ApiOperation({ summary: 'Password login for added users (3 wrong passwords lock it for 15 minutes)' })
  async login(@Body() dto: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const result = await this.auth.login(dto, { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });
    request.principal = result.principal;
    // Lax, not Strict: a user following an e-mailed link from webmail arrives signed in; writes are
    // protected by the CSRF token, not by SameSite alone.
    const cookie = {
      secure: this.config.security.cookieSecure,
      sameSite: 'lax' as const,
      path: '/',
      expires: result.session.expiresAt,
    };
    response.cookie(SESSION_COOKIE, result.sessionToken, { ...cookie, httpOnly: true });
    // Readable by our page's script, which echoes it in X-CSRF-Token on every write.
    response.cookie(CSRF_COOKIE, result.csrfToken, { ...cookie, httpOnly: false });

    return {
      id: result.session.id,
      csrfToken: result.csrfToken,
      expiresAt: result.session.expiresAt,
      user: {
        id: result.principal.userId,
        label: result.principal.label,
        rights: result.principal.rights,
        isMain: result.principal.isMain,
      },
      organization: result.organization,
    };
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
