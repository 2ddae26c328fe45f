import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { ErrorCode } from '../common/errors/error-catalog';
import { decodeIdCursor, PageQuery, toPage } from '../common/http/pagination';
import type { TenantPrincipal } from '../common/security/principal';
import { randomToken, sha256Hex } from '../common/security/secrets';
import type { NewApiKeyDto } from './dto/identity.dto';
import { ApiKey } from './entities/api-key.entity';
import { IdentityRepository } from './identity.repository';
import { coversRights, Rights } from './rights';
import type { EntityManager } from 'typeorm';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  rights: Rights;
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
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}

// Issues a key "edo_<10 hex>_<43 base64url>": the first part is public and unique, the second
// is 256 random bits of which only the SHA-256 is stored.
export async function issueApiKey(
  manager: EntityManager,
  fields: { organizationId: string; name: string; rights: Rights; createdByUserId: string | null },
): Promise<{ key: ApiKey; secret: string }> {
  const prefix = randomBytes(5).toString('hex');
  const secretPart = randomToken(32);
  const key = await manager.save(
    manager.create(ApiKey, { ...fields, prefix, secretHash: sha256Hex(secretPart), lastUsedAt: null, revokedAt: null }),
  );

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

  // The secret is in this response only; it cannot be shown again.
  async create(principal: TenantPrincipal, dto: NewApiKeyDto): Promise<ApiKeyView & { secret: string }> {
    const rights = dto.rights ? { ...dto.rights } : { ...principal.rights };
    if (!coversRights(principal.rights, rights)) throw new DomainError(ErrorCode.RightsEscalation);
    const { key, secret } = await this.repository.transaction((manager) =>
      issueApiKey(manager, {
        organizationId: principal.organizationId,
        name: dto.name,
        rights,
        createdByUserId: principal.kind === 'user' ? principal.userId : null,
      }),
    );

    return { ...present(key), secret };
  }

  async revoke(principal: TenantPrincipal, id: string): Promise<ApiKeyView> {
    const key = await this.repository.findApiKey(principal.organizationId, id);
    if (!key) throw new DomainError(ErrorCode.NotFound);
    if (key.revokedAt) throw new DomainError(ErrorCode.ApiKeyRevoked);
    key.revokedAt = this.clock.now();
    await this.repository.transaction((manager) =>
      manager.update(ApiKey, { id: key.id, organizationId: key.organizationId }, { revokedAt: key.revokedAt }),
    );

    return present(key);
  }
}
