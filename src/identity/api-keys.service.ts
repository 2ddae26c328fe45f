import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import { decodeIdCursor, PageQuery, toPage } from '../common/http/pagination';
import type { TenantPrincipal } from '../common/security/principal';
import { Rights } from '../common/security/rights';
import { randomToken, sha256Hex } from '../common/security/secrets';
import type { NewApiKeyDto } from './dto/identity.dto';
import { ApiKey } from './entities/api-key.entity';
import { IdentityRepository } from './identity.repository';
import { coversRights } from './rights';
import type { Transaction } from '../common/persistence/transaction';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  rights: Rights;
  // The person the key acts for (its rights never exceed theirs); null only on keys revoked
  // because they named nobody.
  createdBy: { userId: string; fullName: string; iin: string | null; email: string | null } | null;
  // The key it was created with, when it was not created in a user's session.
  createdByApiKey: { id: string; prefix: string } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function present(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: `edo_${key.prefix}`,
    rights: key.rights,
    createdBy: key.creator
      ? { userId: key.creator.id, fullName: key.creator.fullName, iin: key.creator.iin, email: key.creator.email }
      : null,
    createdByApiKey: key.parentKey ? { id: key.parentKey.id, prefix: `edo_${key.parentKey.prefix}` } : null,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}

// Issues a key "edo_<10 hex>_<43 base64url>": the first part is public and unique, the second
// is 256 random bits of which only the SHA-256 is stored.
export async function issueApiKey(
  repository: IdentityRepository,
  manager: Transaction,
  fields: { organizationId: string; name: string; rights: Rights; createdByUserId: string; createdByApiKeyId?: string },
): Promise<{ key: ApiKey; secret: string }> {
  const prefix = randomBytes(5).toString('hex');
  const secretPart = randomToken(32);
  const key = await repository.createApiKey(manager, {
    createdByApiKeyId: null,
    ...fields,
    prefix,
    secretHash: sha256Hex(secretPart),
    lastUsedAt: null,
    revokedAt: null,
  });

  return { key, secret: `edo_${prefix}_${secretPart}` };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  async list(principal: TenantPrincipal, page: PageQuery) {
    const rows = await this.repository.listApiKeys(principal.organizationId, page.limit, decodeIdCursor(page.cursor));

    return toPage(rows, page.limit, (row) => ({ id: row.id }), present);
  }

  // The secret is in this response only; it cannot be shown again. A key created with a key acts
  // for the same person as that key (never for nobody) and is revoked with it.
  async create(principal: TenantPrincipal, dto: NewApiKeyDto): Promise<ApiKeyView & { secret: string }> {
    const rights = dto.rights ? { ...dto.rights } : { ...principal.rights };
    if (!coversRights(principal.rights, rights)) throw new DomainError(IdentityErrorCode.RightsEscalation);
    const { key, secret } = await this.repository.transaction(async (manager) => {
      const issued = await issueApiKey(this.repository, manager, {
        organizationId: principal.organizationId,
        name: dto.name,
        rights,
        ...(principal.kind === 'user'
          ? { createdByUserId: principal.userId }
          : { createdByUserId: principal.createdByUserId, createdByApiKeyId: principal.apiKeyId }),
      });
      const key = await this.repository.findApiKeyWithOrigin(principal.organizationId, issued.key.id, manager);

      return { key: key!, secret: issued.secret };
    });

    return { ...present(key), secret };
  }

  // Revokes the key and every key created with it (transitively).
  async revoke(principal: TenantPrincipal, id: string): Promise<ApiKeyView & { alsoRevoked: string[] }> {
    const key = await this.repository.findApiKeyWithOrigin(principal.organizationId, id);
    if (!key) throw new DomainError(CommonErrorCode.NotFound);
    if (key.revokedAt) throw new DomainError(IdentityErrorCode.ApiKeyRevoked);
    const now = this.clock.now();
    const revoked = await this.repository.transaction((manager) =>
      this.repository.revokeApiKeyTree(principal.organizationId, key.id, now, manager),
    );
    key.revokedAt = now;

    return { ...present(key), alsoRevoked: revoked.filter((revokedId) => revokedId !== key.id) };
  }
}
