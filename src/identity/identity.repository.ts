import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan, ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { ApiKey } from './entities/api-key.entity';
import { Invitation } from './entities/invitation.entity';
import { Membership } from './entities/membership.entity';
import { Organization } from './entities/organization.entity';
import { Session } from './entities/session.entity';
import { SignatureChallenge } from './entities/signature-challenge.entity';
import { User } from './entities/user.entity';
import type { Rights } from './rights';

// Keyset pagination of one organization's rows on (createdAt, id). The cursor holds only the last
// id: its exact microsecond timestamp is read back from the table, never round-tripped through
// JavaScript.
function pageByCreation<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  table: string,
  organizationId: string,
  limit: number,
  afterId?: string,
): SelectQueryBuilder<T> {
  query
    .where(`${alias}.organizationId = :organizationId`, { organizationId })
    .orderBy(`${alias}.createdAt`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(limit + 1);
  if (afterId) {
    query.andWhere(
      `(${alias}.createdAt, ${alias}.id) > (SELECT c."createdAt", c.id FROM ${table} c WHERE c.id = :afterId AND c."organizationId" = :organizationId)`,
      { afterId },
    );
  }

  return query;
}

// PostgreSQL 23505 unique_violation: a concurrent request created the same row first.
// A unique index refused a row: from TypeORM (QueryFailedError) or from pg directly (queryRows).
export function isUniqueViolation(error: unknown): boolean {
  const driverError = error instanceof QueryFailedError ? error.driverError : error;
  return (driverError as { code?: string } | undefined)?.code === '23505';
}

export interface SessionWithMember {
  id: string;
  userId: string;
  organizationId: string;
  csrfTokenHash: string;
  revokedAt: Date | null;
  expiresAt: Date;
  rights: Rights;
  isMain: boolean;
  email: string | null;
  fullName: string;
}

export interface ApiKeyForAuth {
  id: string;
  organizationId: string;
  prefix: string;
  secretHash: string;
  rights: Rights;
  createdByUserId: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  creatorRights: Rights | null;
}

// All identity queries. Every read of tenant data takes the organization id: a query without it
// cannot be written through this class.
@Injectable()
export class IdentityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // --- organizations
  findOrganizationByIdentifier(identifier: string, manager = this.dataSource.manager) {
    return manager.findOneBy(Organization, { identifier });
  }

  findOrganization(organizationId: string) {
    return this.dataSource.manager.findOneBy(Organization, { id: organizationId });
  }

  // --- users and memberships
  findUserByEmailWithPassword(email: string) {
    return this.dataSource.manager
      .createQueryBuilder(User, 'user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email })
      .getOne();
  }

  findUserByEmail(email: string, manager = this.dataSource.manager) {
    return manager.findOneBy(User, { email });
  }

  findUserByIin(iin: string, manager = this.dataSource.manager) {
    return manager.findOneBy(User, { iin });
  }

  membershipsOfUser(userId: string) {
    return this.dataSource.manager.find(Membership, {
      where: { userId },
      relations: { organization: true },
      order: { createdAt: 'ASC' },
    });
  }

  findMembership(organizationId: string, userId: string, manager = this.dataSource.manager) {
    return manager.findOne(Membership, { where: { organizationId, userId }, relations: { user: true } });
  }

  async listMembers(organizationId: string, limit: number, afterId?: string) {
    const query = this.dataSource.manager
      .createQueryBuilder(Membership, 'membership')
      .innerJoinAndSelect('membership.user', 'user');

    return pageByCreation(query, 'membership', 'memberships', organizationId, limit, afterId).getMany();
  }

  // Counts a wrong password and locks the login when the limit is reached, in one statement so
  // that parallel wrong attempts cannot both see "one attempt left". A lock that has run out
  // starts a fresh count.
  async registerFailedLogin(userId: string, maxAttempts: number, now: Date, lockUntil: Date): Promise<{ locked: boolean }> {
    const [rows] = (await this.dataSource.query(
      `UPDATE users SET
          "failedLoginAttempts" = CASE WHEN "lockedUntil" <= $3 THEN 1 ELSE "failedLoginAttempts" + 1 END,
          "lockedUntil" = CASE
             WHEN (CASE WHEN "lockedUntil" <= $3 THEN 1 ELSE "failedLoginAttempts" + 1 END) >= $2 THEN $4::timestamptz
             WHEN "lockedUntil" <= $3 THEN NULL
             ELSE "lockedUntil" END
        WHERE id = $1 RETURNING "lockedUntil"`,
      [userId, maxAttempts, now, lockUntil],
    )) as [{ lockedUntil: Date | null }[], number];

    return { locked: rows[0]?.lockedUntil !== null && rows[0]?.lockedUntil !== undefined };
  }

  async resetFailedLogins(userId: string) {
    await this.dataSource.manager.update(User, { id: userId }, { failedLoginAttempts: 0, lockedUntil: null });
  }

  // --- sessions
  // The session behind a token hash together with its member's current rights and the user's
  // label, in one round trip: every authenticated request asks this. No row when the session's
  // membership or user is gone (a removed member's sessions stop working at once).
  async findSessionWithMember(tokenHash: string): Promise<SessionWithMember | undefined> {
    const rows = (await queryRows(
      this.dataSource.manager,
      `SELECT s.id, s."userId", s."organizationId", s."csrfTokenHash", s."revokedAt", s."expiresAt",
              m.rights, m."isMain", u.email, u."fullName"
         FROM sessions s
         JOIN memberships m ON m."organizationId" = s."organizationId" AND m."userId" = s."userId"
         JOIN users u ON u.id = m."userId"
        WHERE s."tokenHash" = $1`,
      [tokenHash],
    )) as SessionWithMember[];

    return rows[0];
  }

  listSessions(organizationId: string, userId: string, now: Date) {
    return this.dataSource.manager
      .createQueryBuilder(Session, 'session')
      .where('session.organizationId = :organizationId AND session.userId = :userId', { organizationId, userId })
      .andWhere('session.revokedAt IS NULL AND session.expiresAt > :now', { now })
      .orderBy('session.createdAt', 'DESC')
      .getMany();
  }

  async revokeSession(organizationId: string, userId: string, sessionId: string, now: Date): Promise<boolean> {
    const result = await this.dataSource.manager.update(
      Session,
      { id: sessionId, organizationId, userId, revokedAt: IsNull() },
      { revokedAt: now },
    );

    return (result.affected ?? 0) > 0;
  }

  async revokeSessionsOfMember(organizationId: string, userId: string, now: Date, manager = this.dataSource.manager) {
    await manager.update(Session, { organizationId, userId, revokedAt: IsNull() }, { revokedAt: now });
  }

  // --- API keys
  // The key with its secret's hash and, for a key a user created, that user's current rights in
  // the key's organization (null when the user is no longer a member): one round trip, asked by
  // every request an integrator makes.
  async findApiKeyForAuth(prefix: string): Promise<ApiKeyForAuth | undefined> {
    const rows = (await queryRows(
      this.dataSource.manager,
      `SELECT k.id, k."organizationId", k.prefix, k."secretHash", k.rights, k."createdByUserId", k."lastUsedAt", k."revokedAt",
              m.rights AS "creatorRights"
         FROM api_keys k
         LEFT JOIN memberships m ON m."organizationId" = k."organizationId" AND m."userId" = k."createdByUserId"
        WHERE k.prefix = $1`,
      [prefix],
    )) as ApiKeyForAuth[];

    return rows[0];
  }

  findApiKey(organizationId: string, id: string) {
    return this.dataSource.manager.findOneBy(ApiKey, { organizationId, id });
  }

  async listApiKeys(organizationId: string, limit: number, afterId?: string) {
    const query = this.dataSource.manager.createQueryBuilder(ApiKey, 'key');

    return pageByCreation(query, 'key', 'api_keys', organizationId, limit, afterId).getMany();
  }

  async revokeApiKeysCreatedBy(organizationId: string, userId: string, now: Date, manager = this.dataSource.manager) {
    await manager.update(ApiKey, { organizationId, createdByUserId: userId, revokedAt: IsNull() }, { revokedAt: now });
  }

  // Last use is informational: updated at most once a minute per key to spare the database.
  // At most once a minute per key (the caller skips it while lastUsedAt is recent; the guard
  // keeps concurrent requests from writing it twice).
  async touchApiKey(id: string, now: Date) {
    await this.dataSource.query(
      `UPDATE api_keys SET "lastUsedAt" = $2 WHERE id = $1 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $2::timestamptz - interval '1 minute')`,
      [id, now],
    );
  }

  // --- login challenges (ЭЦП login)
  async createChallenge(nonceHash: string, issuedAt: Date, expiresAt: Date): Promise<SignatureChallenge> {
    return this.dataSource.manager.save(
      this.dataSource.manager.create(SignatureChallenge, { nonceHash, issuedAt, expiresAt, usedAt: null }),
    );
  }

  // Marks the challenge used in the same statement that checks it is unused and fresh, so two
  // requests with one nonce cannot both succeed.
  async consumeChallenge(nonceHash: string, now: Date): Promise<SignatureChallenge | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE signature_challenges SET "usedAt" = $2
        WHERE "nonceHash" = $1 AND "usedAt" IS NULL AND "expiresAt" > $2
        RETURNING id, "issuedAt", "expiresAt"`,
      [nonceHash, now],
    )) as [{ id: string; issuedAt: Date; expiresAt: Date }[], number];
    const row = rows[0];

    return row ? Object.assign(new SignatureChallenge(), { ...row, nonceHash, usedAt: now, createdAt: row.issuedAt }) : undefined;
  }

  // Challenges long past their expiry only need to be refused, which an absent row also does:
  // removed a few at a time by whoever asks for a new one.
  async deleteStaleChallenges(expiredBefore: Date, limit: number) {
    await this.dataSource.query(
      `DELETE FROM signature_challenges WHERE id IN (SELECT id FROM signature_challenges WHERE "expiresAt" < $1 LIMIT $2)`,
      [expiredBefore, limit],
    );
  }

  findChallenge(nonceHash: string) {
    return this.dataSource.manager.findOneBy(SignatureChallenge, { nonceHash });
  }

  // --- invitations
  findOpenInvitation(organizationId: string, iin: string, manager = this.dataSource.manager) {
    return manager.findOneBy(Invitation, { organizationId, iin, acceptedAt: IsNull(), revokedAt: IsNull() });
  }

  findInvitation(organizationId: string, id: string) {
    return this.dataSource.manager.findOneBy(Invitation, { organizationId, id });
  }

  // Open, unexpired invitations of a person, with their organizations: candidates at ЭЦП login.
  openInvitationsForIin(iin: string, now: Date) {
    return this.dataSource.manager.find(Invitation, {
      where: { iin, acceptedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) },
      relations: { organization: true },
      order: { createdAt: 'ASC' },
    });
  }

  async listInvitations(organizationId: string, limit: number, afterId?: string) {
    const query = this.dataSource.manager.createQueryBuilder(Invitation, 'invitation');

    return pageByCreation(query, 'invitation', 'invitations', organizationId, limit, afterId).getMany();
  }

  async markInvitationAccepted(manager: EntityManager, id: string, userId: string, now: Date): Promise<boolean> {
    const result = await manager.update(
      Invitation,
      { id, acceptedAt: IsNull(), revokedAt: IsNull() },
      { acceptedAt: now, acceptedByUserId: userId },
    );

    return (result.affected ?? 0) > 0;
  }

  async revokeInvitation(organizationId: string, id: string, now: Date): Promise<boolean> {
    const result = await this.dataSource.manager.update(
      Invitation,
      { id, organizationId, acceptedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: now },
    );

    return (result.affected ?? 0) > 0;
  }
}
