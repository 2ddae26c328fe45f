import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/persistence/unique-violation';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { clientSource } from '../../common/http/client-source';
import { DomainError } from '../../common/errors/domain.error';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { IdentityErrorCode } from '../identity.errors';
import type { Principal } from '../../common/security/principal';
import { equalsConstantTime, hashPassword, randomToken, sha256Hex, verifyPassword } from '../../common/security/secrets';
import type { Membership } from '../entities/membership.entity';
import { AuthMethod, Session } from '../entities/session.entity';
import { User } from '../entities/user.entity';
import { IdentityRepository } from '../identity.repository';
import { intersectRights } from '../rights';
import type { LoginDto } from '../dto/identity.dto';
import { formatDateTime } from '../../contracts/locale-format';
import { MailJobName } from '../../common/mail/mail.jobs';
import { JobsService } from '../../common/jobs/jobs.service';
import { MAIL_SECRET_PLACEHOLDER, MailSecrets } from '../../common/mail/mail-secrets';

// The calling user's own account, as GET /api/v1/auth/profile shows it.
export interface ProfileView {
  // The user's id (the audit line's target).
  id: string;
  fullName: string;
  email: string | null;
  iin: string | null;
  // An address asked for and mailed a confirmation link, not yet confirmed (null: none, or expired).
  pendingEmail: string | null;
}

function presentProfile(user: User, now: Date): ProfileView {
  const pending = user.pendingEmail && user.pendingEmailExpiresAt && user.pendingEmailExpiresAt > now ? user.pendingEmail : null;
  return { id: user.id, fullName: user.fullName, email: user.email, iin: user.iin, pendingEmail: pending };
}

// How long an e-mail confirmation link works: long enough for a mail that waits in a queue or a
// spam folder overnight, short enough that a forgotten link in a mailbox is soon worthless.
export const EMAIL_CONFIRMATION_TTL_MS = 24 * 60 * 60_000;

// [A 6.4] Password login: each pair (e-mail, client address; an IPv6 client by its /64) has a
// bucket of MAX_FAILED_LOGINS attempts that drains continuously, one attempt every
// LOGIN_ATTEMPT_DRAIN_MS (a full bucket is empty again after LOGIN_LOCK_MS). An attempt is taken from the bucket before the password is
// checked; a right password empties it. A full bucket refuses the pair with 423 until one attempt
// has drained. Unknown e-mails are counted and answered the same way; another address is not
// affected, so nobody can lock the owner out from elsewhere.
export const MAX_FAILED_LOGINS = 3;
export const LOGIN_LOCK_MS = 15 * 60_000;
export const LOGIN_ATTEMPT_DRAIN_MS = LOGIN_LOCK_MS / MAX_FAILED_LOGINS;
const DRAIN_PER_SECOND = 1000 / LOGIN_ATTEMPT_DRAIN_MS;

// lastUsedAt is kept to the minute: a busy integration does not write its key row per request.
const API_KEY_TOUCH_INTERVAL_MS = 60_000;

export const API_KEY_PATTERN = /^edo_([0-9a-f]{10})_([A-Za-z0-9_-]{43})$/;

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  session: Session;
  principal: Extract<Principal, { kind: 'user' }>;
  organization: { id: string; name: string; identifier: string };
}

// A live session of the calling user, as GET /auth/sessions lists it.
export interface SessionView {
  id: string;
  // The session this request came with.
  current: boolean;
  authMethod: AuthMethod;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
}

// A password hash to compare against when the user does not exist, so that the response time
// does not tell which e-mails are registered.
let decoyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly mailSecrets: MailSecrets,
  ) {}

  async login(dto: LoginDto, client: ClientInfo): Promise<LoginResult> {
    const attemptKey = sha256Hex(`${dto.email}\n${clientSource(client.ip)}`);
    const now = this.clock.now();
    const score = await this.repository.claimLoginAttempt(attemptKey, now, MAX_FAILED_LOGINS, DRAIN_PER_SECOND);
    const user = await this.repository.findUserByEmailWithPassword(dto.email);
    if (score === undefined) throw await this.attributed(await this.lockedError(attemptKey, now), user?.id);

    // The same work whether or not the account exists: an unknown e-mail is checked against a
    // decoy hash.
    const passwordHash = user?.passwordHash ?? (await (decoyHash ??= hashPassword(randomToken())));
    const isValid = await verifyPassword(dto.password, passwordHash);
    if (!user?.passwordHash || !isValid) {
      await this.repository.deleteDrainedLoginAttempts(new Date(now.getTime() - LOGIN_LOCK_MS), 100);
      const error =
        score >= MAX_FAILED_LOGINS
          ? await this.lockedError(attemptKey, now)
          : new DomainError(IdentityErrorCode.AuthInvalidCredentials);
      throw await this.attributed(error, user?.id);
    }
    await this.repository.clearLoginAttempts(attemptKey);

    const memberships = await this.repository.membershipsOfUser(user.id);
    const membership = dto.organizationId
      ? memberships.find((candidate) => candidate.organizationId === dto.organizationId)
      : memberships.length === 1
        ? memberships[0]
        : undefined;
    if (!membership) {
      if (!dto.organizationId && memberships.length > 1) {
        throw new DomainError(IdentityErrorCode.AuthOrganizationRequired, {
          organizations: memberships.map((m) => ({ id: m.organizationId, name: m.organization?.name, proposed: !m.acceptedAt })),
        });
      }
      throw new DomainError(IdentityErrorCode.AuthInvalidCredentials);
    }

    return this.openSession(user, membership, AuthMethod.Password, client);
  }

  // A new session of this member, shared by the password and the ЭЦП login.
  async openSession(
    user: Pick<User, 'id' | 'email' | 'fullName'>,
    membership: Membership,
    authMethod: AuthMethod,
    client: ClientInfo,
  ): Promise<LoginResult> {
    const now = this.clock.now();
    const sessionToken = randomToken();
    const csrfToken = randomToken();
    // Logging in to an organization that proposed the membership is the person's acceptance.
    if (!membership.acceptedAt) {
      await this.repository.acceptMembership(membership.id, now);
      membership.acceptedAt = now;
    }
    const session = await this.repository.transaction((manager) =>
      this.repository.createSession(manager, {
        tokenHash: sha256Hex(sessionToken),
        csrfTokenHash: sha256Hex(csrfToken),
        userId: user.id,
        organizationId: membership.organizationId,
        authMethod,
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
        expiresAt: new Date(now.getTime() + this.config.security.sessionTtlMs),
        revokedAt: null,
      }),
    );

    return {
      sessionToken,
      csrfToken,
      session,
      principal: {
        kind: 'user',
        userId: user.id,
        organizationId: membership.organizationId,
        sessionId: session.id,
        rights: membership.rights,
        isMain: membership.isMain,
        label: user.email ?? user.fullName,
      },
      organization: {
        id: membership.organizationId,
        name: membership.organization?.name ?? '',
        identifier: membership.organization?.identifier ?? '',
      },
    };
  }

  // The session behind a cookie, with the member's current rights (so a change of rights or a
  // removal takes effect on the next request). Undefined when the cookie is not a live session.
  async profile(principal: Extract<Principal, { kind: 'user' }>): Promise<ProfileView> {
    const user = await this.repository.findUserById(principal.userId);
    if (!user) throw new DomainError(CommonErrorCode.NotFound);

    return presentProfile(user, this.clock.now());
  }

  // A person asks to set or change their own e-mail (the main user registered by ЭЦП may have
  // none, so no notification reached them). Only they may: the account is theirs, not one
  // organization's. Other flows find accounts by e-mail and trust the match (adding a user,
  // operator onboarding, password login), so an address becomes the account's only once its
  // mailbox has confirmed it: here it is only kept as pending, with a single-use token whose
  // SHA-256 alone is stored, and the link goes to that address. A newer request replaces the
  // older one (its link stops working). The audit line (user.email.request) is written by the route.
  async requestEmailChange(principal: Extract<Principal, { kind: 'user' }>, email: string): Promise<ProfileView> {
    const now = this.clock.now();

    return this.repository.transaction(async (manager) => {
      const user = await this.repository.findUserById(principal.userId, manager);
      if (!user) throw new DomainError(CommonErrorCode.NotFound);
      // Asking for the address one already has: nothing to confirm; a pending request is dropped.
      if (user.email === email) {
        await this.repository.clearPendingEmail(manager, user.id);
        return presentProfile({ ...user, pendingEmail: null, pendingEmailExpiresAt: null }, now);
      }
      // Another account's confirmed address: refused at once (checked again on confirmation).
      const holder = await this.repository.findUserByEmail(email, manager);
      if (holder && holder.id !== user.id) throw new DomainError(IdentityErrorCode.EmailTaken);
      const token = randomToken();
      const expiresAt = new Date(now.getTime() + EMAIL_CONFIRMATION_TTL_MS);
      await this.repository.setPendingEmail(manager, user.id, email, sha256Hex(token), expiresAt);
      // The token is queued sealed (see MailSecrets) in the same transaction: the link exists
      // exactly when its mail will go out. It sits in the address fragment, which browsers do not
      // send to the server, so no access log holds it.
      const url = `${this.config.http.publicUrl}/app/settings/notifications#confirm-email=${MAIL_SECRET_PLACEHOLDER}`;
      await this.jobs.enqueue(
        MailJobName.SendMail,
        {
          to: email,
          sealedSecret: this.mailSecrets.seal(token, email),
          subject: 'Подтвердите e-mail / E-mail-ды растаңыз',
          text: [
            `${user.fullName} указал(а) этот адрес как свой e-mail в ЭДО. Чтобы подтвердить, откройте ссылку (войдя в кабинет):`,
            url,
            `Ссылка действует до ${formatDateTime(expiresAt, 'ru')} (время Алматы). Если это были не вы, ничего не делайте: адрес не будет привязан.`,
            '',
            `${user.fullName} бұл мекенжайды ЭҚА-дағы өз e-mail-ы ретінде көрсетті. Растау үшін сілтемені ашыңыз (кабинетке кіріп):`,
            url,
            `Сілтеме ${formatDateTime(expiresAt, 'kk')} (Алматы уақыты) дейін жарамды. Егер бұл сіз болмасаңыз, ештеңе істемеңіз: мекенжай байланыстырылмайды.`,
          ].join('\n'),
        },
        { manager },
      );

      return presentProfile({ ...user, pendingEmail: email, pendingEmailExpiresAt: expiresAt }, now);
    });
  }

  // The link from the mail, opened by the person signed in to their account: the pending address
  // becomes their e-mail if nobody took it meanwhile (the unique index decides a race). The token
  // works once: it is cleared with the change. A token of another account is refused like an
  // unknown one. The audit line (user.email.update) is written by the route.
  async confirmEmailChange(principal: Extract<Principal, { kind: 'user' }>, token: string): Promise<ProfileView> {
    const now = this.clock.now();
    try {
      return await this.repository.transaction(async (manager) => {
        const user = await this.repository.findUserByPendingEmailTokenForUpdate(manager, sha256Hex(token));
        if (!user || user.id !== principal.userId || !user.pendingEmail) {
          throw new DomainError(IdentityErrorCode.EmailConfirmationInvalid);
        }
        if (!user.pendingEmailExpiresAt || user.pendingEmailExpiresAt <= now) {
          throw new DomainError(IdentityErrorCode.EmailConfirmationInvalid);
        }
        const holder = await this.repository.findUserByEmail(user.pendingEmail, manager);
        if (holder && holder.id !== user.id) throw new DomainError(IdentityErrorCode.EmailTaken);
        const email = user.pendingEmail;
        await this.repository.confirmPendingEmail(manager, user.id, email);

        return presentProfile({ ...user, email, pendingEmail: null, pendingEmailExpiresAt: null }, now);
      });
    } catch (error) {
      // Two accounts confirming the same address at once: the unique index decides.
      if (isUniqueViolation(error)) throw new DomainError(IdentityErrorCode.EmailTaken);
      throw error;
    }
  }

  async resolveSession(
    token: string,
  ): Promise<{ principal: Extract<Principal, { kind: 'user' }>; csrfTokenHash: string } | undefined> {
    const session = await this.repository.findSessionWithMember(sha256Hex(token));
    if (!session || session.revokedAt || session.expiresAt <= this.clock.now()) return undefined;

    return {
      principal: {
        kind: 'user',
        userId: session.userId,
        organizationId: session.organizationId,
        sessionId: session.id,
        rights: session.rights,
        isMain: session.isMain,
        label: session.email ?? session.fullName,
      },
      csrfTokenHash: session.csrfTokenHash,
    };
  }

  // Synchronizer-token CSRF check for cookie-authenticated writes.
  isCsrfTokenValid(csrfTokenHash: string, presented: string | undefined): boolean {
    return !!presented && equalsConstantTime(csrfTokenHash, sha256Hex(presented));
  }

  // The operator API is off while no OPERATOR_TOKEN is configured.
  isOperatorToken(presented: string): boolean {
    const expected = this.config.security.operatorToken;

    return !!expected && equalsConstantTime(sha256Hex(expected), sha256Hex(presented));
  }

  // An API key's principal; its rights never exceed those its person holds in its organization
  // today (re-read on every request).
  async resolveApiKey(presented: string): Promise<Extract<Principal, { kind: 'api_key' }> | undefined> {
    const match = API_KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    const key = await this.repository.findApiKeyForAuth(match[1]);
    if (!key || key.revokedAt || !equalsConstantTime(key.secretHash, sha256Hex(match[2]))) return undefined;
    // A key that names no person, or whose person has left the organization, does not work.
    if (!key.createdByUserId || !key.creatorRights) return undefined;
    const rights = intersectRights(key.rights, key.creatorRights);
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - new Date(key.lastUsedAt).getTime() >= API_KEY_TOUCH_INTERVAL_MS) {
      await this.repository.touchApiKey(key.id, now);
    }

    return {
      kind: 'api_key',
      apiKeyId: key.id,
      organizationId: key.organizationId,
      createdByUserId: key.createdByUserId,
      rights,
      label: `edo_${key.prefix}`,
    };
  }

  async logout(principal: Principal) {
    if (principal.kind !== 'user') return;
    await this.repository.revokeSession(principal.organizationId, principal.userId, principal.sessionId, this.clock.now());
  }

  async listSessions(principal: Extract<Principal, { kind: 'user' }>): Promise<SessionView[]> {
    const sessions = await this.repository.listSessions(principal.organizationId, principal.userId, this.clock.now());

    return sessions.map((session) => ({
      id: session.id,
      current: session.id === principal.sessionId,
      authMethod: session.authMethod,
      ip: session.ip,
      userAgent: session.userAgent,
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
    }));
  }

  async revokeSession(principal: Extract<Principal, { kind: 'user' }>, sessionId: string) {
    if (!(await this.repository.revokeSession(principal.organizationId, principal.userId, sessionId, this.clock.now()))) {
      throw new DomainError(CommonErrorCode.NotFound);
    }
  }

  // Failed attempts on a known account belong in the audit trail of the organizations it has
  // joined; not of one that only proposed a membership, which would otherwise watch a stranger's
  // failed logins (with their addresses) without the person ever accepting.
  private async attributed(error: DomainError, userId: string | undefined): Promise<DomainError> {
    if (!userId) return error;
    const memberships = await this.repository.membershipsOfUser(userId);

    return error.attributeTo(
      userId,
      memberships.filter((membership) => membership.acceptedAt !== null).map((membership) => membership.organizationId),
    );
  }

  // 423 until one attempt has drained from the pair's bucket.
  private async lockedError(attemptKey: string, now: Date) {
    const bucket = await this.repository.findLoginAttempt(attemptKey);
    const elapsedMs = bucket ? Math.max(now.getTime() - bucket.updatedAt.getTime(), 0) : 0;
    const score = bucket ? Math.max(bucket.score - elapsedMs / LOGIN_ATTEMPT_DRAIN_MS, 0) : MAX_FAILED_LOGINS;
    const waitMs = Math.max(Math.round((score - (MAX_FAILED_LOGINS - 1)) * LOGIN_ATTEMPT_DRAIN_MS), 1000);
    const until = new Date(now.getTime() + waitMs);

    return new DomainError(
      IdentityErrorCode.AuthAccountLocked,
      { lockedUntil: until.toISOString() },
      { 'Retry-After': String(Math.ceil(waitMs / 1000)) },
    );
  }
}
