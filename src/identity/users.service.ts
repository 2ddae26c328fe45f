import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import { decodeIdCursor, PageQuery, toPage } from '../common/http/pagination';
import { MailJobName } from '../common/mail/mail.jobs';
import { JobsService } from '../common/jobs/jobs.service';
import type { TenantPrincipal } from '../common/security/principal';
import { hashPassword } from '../common/security/secrets';
import type { NewUserDto, UpdateUserDto } from './dto/identity.dto';
import { Membership } from './entities/membership.entity';
import { IdentityRepository } from './identity.repository';
import { coversRights } from './rights';

export interface MemberView {
  id: string;
  fullName: string;
  email: string | null;
  iin: string | null;
  isMain: boolean;
  rights: Membership['rights'];
  hasPassword?: boolean;
  createdAt: Date;
}

// A membership the person has not accepted yet shows what the organization typed, never the
// person's own data: the organization cannot tell whether it named an existing account.
function present(membership: Membership): MemberView {
  const user = membership.user!;
  const proposed = !membership.acceptedAt;

  return {
    id: user.id,
    fullName: proposed ? (membership.proposedFullName ?? '') : user.fullName,
    email: proposed ? membership.proposedEmail : user.email,
    iin: proposed ? membership.proposedIin : user.iin,
    isMain: membership.isMain,
    rights: membership.rights,
    createdAt: membership.createdAt,
  };
}

// Users of an organization: the main user and the users it adds with full or limited rights.
@Injectable()
export class UsersService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(principal: TenantPrincipal, page: PageQuery) {
    const rows = await this.repository.listMembers(principal.organizationId, page.limit, decodeIdCursor(page.cursor));

    return toPage(rows, page.limit, (row) => ({ id: row.id }), present);
  }

  async get(principal: TenantPrincipal, userId: string): Promise<MemberView> {
    const membership = await this.repository.findMembership(principal.organizationId, userId);
    if (!membership) throw new DomainError(CommonErrorCode.NotFound);

    return present(membership);
  }

  // Adds a person by e-mail (and IIN). A person nobody knows gets an account and the membership at
  // once. A person who already has an account (same e-mail or IIN) is only proposed the membership:
  // it grants nothing until they log in and choose this organization, and their password is not
  // touched. Both answer the same (the typed data, 201), so the organization does not learn
  // whether the e-mail or IIN exists elsewhere; only its own members are refused (USER_EXISTS).
  async add(principal: TenantPrincipal, dto: NewUserDto): Promise<MemberView> {
    if (!coversRights(principal.rights, dto.rights)) throw new DomainError(IdentityErrorCode.RightsEscalation);
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    const organization = await this.repository.findOrganization(principal.organizationId);
    const organizationName = organization?.name ?? '';

    return this.repository.transaction(async (manager) => {
      const existing =
        (dto.iin ? await this.repository.findUserByIin(dto.iin, manager) : null) ??
        (await this.repository.findUserByEmail(dto.email, manager));
      if (existing && (await this.repository.findMembership(principal.organizationId, existing.id, manager))) {
        throw new DomainError(IdentityErrorCode.UserExists);
      }
      const user =
        existing ??
        (await this.repository.createUser(manager, {
          fullName: dto.fullName,
          email: dto.email,
          iin: dto.iin ?? null,
          passwordHash,
        }));
      const membership = await this.repository.createMembership(manager, {
        organizationId: principal.organizationId,
        userId: user.id,
        isMain: false,
        rights: { ...dto.rights },
        acceptedAt: existing ? null : this.clock.now(),
        proposedFullName: dto.fullName,
        proposedEmail: dto.email,
        proposedIin: dto.iin ?? null,
      });
      membership.user = user;
      const to = existing ? existing.email : dto.email;
      if (to) {
        await this.jobs.enqueue(
          MailJobName.SendMail,
          {
            to,
            subject: `Доступ к ЭДО / ЭҚА қолжетімділігі: ${organizationName}`,
            text: (existing
              ? [
                  `Организация «${organizationName}» предлагает вам доступ к своему кабинету. Чтобы принять, войдите и выберите эту организацию; пока вы этого не сделали, доступа нет.`,
                  `«${organizationName}» ұйымы өз кабинетіне қолжетімділік ұсынады. Қабылдау үшін кіріп, осы ұйымды таңдаңыз; оған дейін қолжетімділік жоқ.`,
                ]
              : [
                  `${dto.fullName}, вас добавили в кабинет организации «${organizationName}».`,
                  `${dto.fullName}, сізді «${organizationName}» ұйымының кабинетіне қосты.`,
                ]
            )
              // The cabinet, which asks to sign in first.
              .concat(['', `${this.config.http.publicUrl}/app`])
              .join('\n'),
          },
          { manager, dedupKey: `welcome:${membership.id}` },
        );
      }

      return present(membership);
    });
  }

  async update(principal: TenantPrincipal, userId: string, dto: UpdateUserDto): Promise<MemberView> {
    return this.repository.transaction(async (manager) => {
      const membership = await this.repository.findMembership(principal.organizationId, userId, manager);
      if (!membership?.user) throw new DomainError(CommonErrorCode.NotFound);
      if (dto.rights) {
        if (membership.isMain) throw new DomainError(IdentityErrorCode.MainUserImmutable);
        if (!coversRights(principal.rights, dto.rights)) throw new DomainError(IdentityErrorCode.RightsEscalation);
        membership.rights = { ...dto.rights };
        await this.repository.saveMembership(manager, membership);
      }
      if (dto.fullName && !membership.acceptedAt) {
        // Not accepted yet: the person's account is not this organization's to rename.
        membership.proposedFullName = dto.fullName;
        await this.repository.saveMembership(manager, membership);
      } else if (dto.fullName) {
        membership.user.fullName = dto.fullName;
        await this.repository.saveUser(manager, membership.user);
      }

      return present(membership);
    });
  }

  // Removing a member ends their sessions in this organization and revokes the API keys they made.
  async remove(principal: TenantPrincipal, userId: string): Promise<void> {
    await this.repository.transaction(async (manager) => {
      const membership = await this.repository.findMembership(principal.organizationId, userId, manager);
      if (!membership) throw new DomainError(CommonErrorCode.NotFound);
      if (membership.isMain) throw new DomainError(IdentityErrorCode.MainUserImmutable);
      const now = this.clock.now();
      await this.repository.revokeSessionsOfMember(principal.organizationId, userId, now, manager);
      await this.repository.revokeApiKeysCreatedBy(principal.organizationId, userId, now, manager);
      await this.repository.removeMembership(manager, membership);
    });
  }
}
