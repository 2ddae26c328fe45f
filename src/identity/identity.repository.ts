import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';
import { Membership } from './entities/membership.entity';
import { Organization } from './entities/organization.entity';
import { Session } from './entities/session.entity';
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
  findSessionByTokenHash(tokenHash: string) {
    return this.dataSource.manager.findOneBy(Session, { tokenHash });
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
  findApiKeyByPrefixWithSecret(prefix: string) {
    return this.dataSource.manager
      .createQueryBuilder(ApiKey, 'key')
      .addSelect('key.secretHash')
      .where('key.prefix = :prefix', { prefix })
      .getOne();
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
  async touchApiKey(id: string, now: Date) {
    await this.dataSource.query(
      `UPDATE api_keys SET "lastUsedAt" = $2 WHERE id = $1 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $2::timestamptz - interval '1 minute')`,
      [id, now],
    );
  }
}
