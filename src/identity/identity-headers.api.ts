// The response headers the identity routes declare in OpenAPI: the session cookies and Retry-After.

import { ApiResponse } from '@nestjs/swagger';

export const SESSION_SET_COOKIE = {
  'Set-Cookie': {
    description:
      'Two cookies, both `Path=/; SameSite=Lax` (+ `Secure` when COOKIE_SECURE) and expiring with the session: ' +
      '`edo_session` (HttpOnly), the session itself; `edo_csrf`, readable by the page, to echo in `X-CSRF-Token` ' +
      'on every state-changing request made with the session.',
    schema: {
      type: 'string',
      example: 'edo_session=3q2-7w...; Path=/; Expires=Tue, 08 Dec 2026 09:00:00 GMT; HttpOnly; SameSite=Lax',
    },
  },
};

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } },
};

// Adds Retry-After to a status whose errors @ApiErrors already declares (their entries merge).
export const ApiRetryAfter = (status: number) => ApiResponse({ status, headers: RETRY_AFTER });
