import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial, EntityManager, IsNull, MoreThan, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { queryRows } from '../common/persistence/query-rows';
import type { Transaction } from '../common/persistence/transaction';
import type { Rights } from '../common/security/rights';
import { ApiKey } from './entities/api-key.entity';
import { Invitation } from './entities/invitation.entity';
import { LoginAttempt } from './entities/login-attempt.entity';
import { Membership } from './entities/membership.entity';
import { Organization } from './entities/organization.entity';
import { Session } from './entities/session.entity';
import { SignatureChallenge } from './entities/signature-challenge.entity';
import { User } from './entities/user.entity';

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

  createOrganization(tx: Transaction, fields: DeepPartial<Organization>) {
    return tx.save(tx.create(Organization, fields));
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

  findUserById(id: string, manager = this.dataSource.manager) {
    return manager.findOneBy(User, { id });
  }

  findUserByIin(iin: string, manager = this.dataSource.manager) {
    return manager.findOneBy(User, { iin });
  }

  createUser(tx: Transaction, fields: DeepPartial<User>) {
    return tx.save(tx.create(User, fields));
  }

  saveUser(tx: Transaction, user: User) {
    return tx.save(user);
  }

  // Locks the row: two confirmations of one token wait for each other.
  findUserByPendingEmailTokenForUpdate(tx: Transaction, tokenHash: string) {
    return tx
      .createQueryBuilder(User, 'user')
      .setLock('pessimistic_write')
      .where('user.pendingEmailTokenHash = :hash', { hash: tokenHash })
      .getOne();
  }

  async setPendingEmail(tx: Transaction, userId: string, email: string, tokenHash: string, expiresAt: Date) {
    await tx.update(
      User,
      { id: userId },
      { pendingEmail: email, pendingEmailTokenHash: tokenHash, pendingEmailExpiresAt: expiresAt },
    );
  }

  async clearPendingEmail(tx: Transaction, userId: string) {
    await tx.update(User, { id: userId }, { pendingEmail: null, pendingEmailTokenHash: null, pendingEmailExpiresAt: null });
  }

  // The pending address becomes the e-mail; the token is spent with it.
  async confirmPendingEmail(tx: Transaction, userId: string, email: string) {
    await tx.update(
      User,
      { id: userId },
      { email, pendingEmail: null, pendingEmailTokenHash: null, pendingEmailExpiresAt: null },
    );
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

  createMembership(tx: Transaction, fields: DeepPartial<Membership>) {
    return tx.save(tx.create(Membership, fields));
  }

  saveMembership(tx: Transaction, membership: Membership) {
    return tx.save(membership);
  }

  async removeMembership(tx: Transaction, membership: Membership) {
    await tx.remove(membership);
  }

  async acceptMembership(membershipId: string, now: Date) {
    await this.dataSource.manager.update(Membership, { id: membershipId, acceptedAt: IsNull() }, { acceptedAt: now });
  }

  async listMembers(organizationId: string, limit: number, afterId?: string) {
    const query = this.dataSource.manager
      .createQueryBuilder(Membership, 'membership')
      .innerJoinAndSelect('membership.user', 'user');

    return pageByCreation(query, 'membership', 'memberships', organizationId, limit, afterId).getMany();
  }

  // --- password login attempts (a leaky bucket per e-mail and client address)
  // Takes one attempt from the bucket before the password is checked, in one statement: the row
  // lock of the upsert orders parallel attempts, so no more than `capacity` of them can ever reach
  // the password check. The score drains by `drainPerSecond` since the last counted attempt.
  // Returns the new score, or undefined when the bucket is full (the attempt is refused and not
  // counted, so refused attempts do not prolong the lock).
  async claimLoginAttempt(keyHash: string, now: Date, capacity: number, drainPerSecond: number): Promise<number | undefined> {
    const drained = `GREATEST(a.score - GREATEST(EXTRACT(EPOCH FROM ($2::timestamptz - a."updatedAt"))::float8, 0) * $3::float8, 0)`;
    const rows = (await queryRows(
      this.dataSource.manager,
      `INSERT INTO login_attempts AS a ("keyHash", score, "updatedAt") VALUES ($1, 1, $2)
       ON CONFLICT ("keyHash") DO UPDATE SET score = ${drained} + 1, "updatedAt" = $2
         WHERE ${drained} + 1 <= $4::float8
       RETURNING score`,
      [keyHash, now, drainPerSecond, capacity],
    )) as { score: number }[];

    return rows[0]?.score;
  }

  async findLoginAttempt(keyHash: string) {
    return this.dataSource.manager.findOneBy(LoginAttempt, { keyHash });
  }

  async clearLoginAttempts(keyHash: string) {
    await this.dataSource.manager.delete(LoginAttempt, { keyHash });
  }

  // Buckets that have drained completely say nothing a missing row does not: removed a few at a
  // time by whoever counts a wrong password.
  async deleteDrainedLoginAttempts(updatedBefore: Date, limit: number) {
    await this.dataSource.query(
      `DELETE FROM login_attempts WHERE "keyHash" IN (SELECT "keyHash" FROM login_attempts WHERE "updatedAt" < $1 LIMIT $2)`,
      [updatedBefore, limit],
    );
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
         JOIN memberships m ON m."organizationId" = s."organizationId" AND m."userId" = s."userId" AND m."acceptedAt" IS NOT NULL
         JOIN users u ON u.id = m."userId"
        WHERE s."tokenHash" = $1`,
      [tokenHash],
    )) as SessionWithMember[];

    return rows[0];
  }

  createSession(tx: Transaction, fields: DeepPartial<Session>) {
    return tx.save(tx.create(Session, fields));
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
         LEFT JOIN memberships m ON m."organizationId" = k."organizationId" AND m."userId" = k."createdByUserId" AND m."acceptedAt" IS NOT NULL
        WHERE k.prefix = $1`,
      [prefix],
    )) as ApiKeyForAuth[];

    return rows[0];
  }

  createApiKey(tx: Transaction, fields: DeepPartial<ApiKey>) {
    return tx.save(tx.create(ApiKey, fields));
  }

  // Keys with the person each acts for and the key that created it (null for a user's own key).
  private apiKeysWithOrigin(manager = this.dataSource.manager) {
    return manager
      .createQueryBuilder(ApiKey, 'key')
      .leftJoinAndMapOne('key.creator', User, 'creator', 'creator.id = key.createdByUserId')
      .leftJoinAndMapOne('key.parentKey', ApiKey, 'parent', 'parent.id = key.createdByApiKeyId');
  }

  findApiKeyWithOrigin(organizationId: string, id: string, manager = this.dataSource.manager) {
    return this.apiKeysWithOrigin(manager)
      .where('key.organizationId = :organizationId AND key.id = :id', { organizationId, id })
      .getOne();
  }

  async listApiKeys(organizationId: string, limit: number, afterId?: string) {
    const query = this.apiKeysWithOrigin();

    return pageByCreation(query, 'key', 'api_keys', organizationId, limit, afterId).getMany();
  }

  // Revokes a key and, transitively, the keys created with it. The ids of the keys revoked now.
  async revokeApiKeyTree(organizationId: string, id: string, now: Date, manager = this.dataSource.manager): Promise<string[]> {
    const [rows] = (await manager.query(
      `WITH RECURSIVE tree AS (
          SELECT id FROM api_keys WHERE id = $1 AND "organizationId" = $2
          UNION
          SELECT k.id FROM api_keys k JOIN tree t ON k."createdByApiKeyId" = t.id WHERE k."organizationId" = $2
       )
       UPDATE api_keys SET "revokedAt" = $3 WHERE id IN (SELECT id FROM tree) AND "revokedAt" IS NULL RETURNING id`,
      [id, organizationId, now],
    )) as [{ id: string }[], number];

    return rows.map((row) => row.id);
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

  // An invitation by the id its e-mailed link carries (the ЭЦП login that follows the link).
  findInvitationById(id: string) {
    return this.dataSource.manager.findOneBy(Invitation, { id });
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

  createInvitation(tx: Transaction, fields: DeepPartial<Invitation>) {
    return tx.save(tx.create(Invitation, fields));
  }

  // Unconditional, unlike revokeInvitation: the caller replaces the expired open invitation it
  // has just read in the same transaction.
  async revokeInvitationById(tx: Transaction, id: string, now: Date) {
    await tx.update(Invitation, { id }, { revokedAt: now });
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
