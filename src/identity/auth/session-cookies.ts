import type { Response } from 'express';
import type { Rights } from '../../common/security/rights';
import type { AppConfig } from '../../config/app-config';
import type { LoginResult } from './auth.service';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.guard';
import type { AuthMethod } from '../entities/session.entity';

// The body of every login answer (identity.api.ts documents it as SessionResponse).
export interface StartedSession {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  authMethod: AuthMethod;
  user: { id: string; label: string; rights: Rights; isMain: boolean };
  organization: LoginResult['organization'];
}

// Sets the session and CSRF cookies of a new session and returns the response body every login
// (password, ЭЦП, registration) answers with.
export function startSession(response: Response, result: LoginResult, config: AppConfig): StartedSession {
  // Lax, not Strict: a user following an e-mailed link from webmail arrives signed in; writes are
  // protected by the CSRF token, not by SameSite alone.
  const cookie = {
    secure: config.security.cookieSecure,
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
    authMethod: result.session.authMethod,
    user: {
      id: result.principal.userId,
      label: result.principal.label,
      rights: result.principal.rights,
      isMain: result.principal.isMain,
    },
    organization: result.organization,
  };
}
