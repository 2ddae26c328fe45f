import type { Rights } from './rights';

// Who is making a request, as established by the authentication guard.
export type Principal =
  | {
      kind: 'user';
      userId: string;
      organizationId: string;
      sessionId: string;
      rights: Rights;
      isMain: boolean;
      label: string;
    }
  | {
      kind: 'api_key';
      apiKeyId: string;
      organizationId: string;
      // The person the key acts for; its rights are capped by theirs on every request.
      createdByUserId: string;
      rights: Rights;
      label: string;
    }
  | { kind: 'operator'; label: string };

export type TenantPrincipal = Extract<Principal, { organizationId: string }>;

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
