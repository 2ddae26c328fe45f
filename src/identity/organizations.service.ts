import { INCOMING_DOCUMENTS, IncomingDocuments } from './incoming-documents';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import type { TenantPrincipal } from '../common/security/principal';
import { hashPassword } from '../common/security/secrets';
import { issueApiKey } from './api-keys.service';
import type { NewOrganizationDto } from './dto/identity.dto';
import { Organization } from './entities/organization.entity';
import { IdentityRepository } from './identity.repository';
import { FULL_RIGHTS } from './rights';

// What operator onboarding created; the API key's secret is in this answer only.
export interface CreatedOrganization {
  organization: Organization;
  mainUser: { id: string; fullName: string; email: string | null; iin: string | null };
  apiKey: { id: string; prefix: string; secret: string };
}

export type Participant = Pick<Organization, 'identifier' | 'name' | 'kind'>;

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly repository: IdentityRepository,
    @Inject(INCOMING_DOCUMENTS) private readonly incoming: IncomingDocuments,
  ) {}

  async current(principal: TenantPrincipal): Promise<Organization> {
    const organization = await this.repository.findOrganization(principal.organizationId);
    if (!organization) throw new DomainError(CommonErrorCode.NotFound);

    return organization;
  }

  // Whom a BIN/IIN belongs to, for a sender about to address it: the name and kind a counterparty
  // sees anyway on every document it gets from that participant, nothing more. Any 12 digits are
  // looked up (a registered participant's identifier is its certificate's, whose check digit may
  // be wrong on NCA's test keys). Not registered: 404 PARTICIPANT_NOT_REGISTERED.
  async participant(identifier: string): Promise<Participant> {
    if (!/^\d{12}$/.test(identifier)) {
      throw new DomainError(CommonErrorCode.ValidationFailed, {
        fields: [{ field: 'identifier', problems: ['identifier must be a 12-digit BIN or IIN'] }],
      });
    }
    const organization = await this.repository.findOrganizationByIdentifier(identifier);
    if (!organization) throw new DomainError(IdentityErrorCode.ParticipantNotRegistered, { identifier });
    return { identifier: organization.identifier, name: organization.name, kind: organization.kind };
  }

  // Operator onboarding: the organization, its main user with full rights, and a first API key
  // (its secret is returned once). A person already known (same IIN or e-mail) becomes the main
  // user without a new account: one director may head several companies.
  async createByOperator(dto: NewOrganizationDto): Promise<CreatedOrganization> {
    const passwordHash = dto.mainUser.password ? await hashPassword(dto.mainUser.password) : null;

    return this.repository.transaction(async (manager) => {
      if (await this.repository.findOrganizationByIdentifier(dto.identifier, manager)) {
        throw new DomainError(IdentityErrorCode.OrganizationExists);
      }
      const organization = await this.repository.createOrganization(manager, {
        identifier: dto.identifier,
        kind: dto.kind,
        name: dto.name,
      });
      await this.incoming.attach(manager, organization);
      let user =
        (dto.mainUser.iin ? await this.repository.findUserByIin(dto.mainUser.iin, manager) : null) ??
        (dto.mainUser.email ? await this.repository.findUserByEmail(dto.mainUser.email, manager) : null);
      user ??= await this.repository.createUser(manager, {
        fullName: dto.mainUser.fullName,
        email: dto.mainUser.email ?? null,
        iin: dto.mainUser.iin ?? null,
        passwordHash,
      });
      await this.repository.createMembership(manager, {
        organizationId: organization.id,
        userId: user.id,
        isMain: true,
        rights: { ...FULL_RIGHTS },
      });
      const { key, secret } = await issueApiKey(this.repository, manager, {
        organizationId: organization.id,
        name: 'Initial key',
        rights: { ...FULL_RIGHTS },
        createdByUserId: user.id,
      });

      return {
        organization,
        mainUser: { id: user.id, fullName: user.fullName, email: user.email, iin: user.iin },
        apiKey: { id: key.id, prefix: `edo_${key.prefix}`, secret },
      };
    });
  }
}
