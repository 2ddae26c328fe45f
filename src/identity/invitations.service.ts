import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { IdentityErrorCode } from './identity.errors';
import { decodeIdCursor, Page, PageQuery, toPage } from '../common/http/pagination';
import { MailJobName } from '../common/mail/mail.jobs';
import { JobsService } from '../common/jobs/jobs.service';
import { isUniqueViolation } from '../common/persistence/unique-violation';
import type { TenantPrincipal } from '../common/security/principal';
import { Rights } from '../common/security/rights';
import { AppConfig } from '../config/app-config';
import type { NewInvitationDto } from './dto/signature.dto';
import { Invitation } from './entities/invitation.entity';
import { IdentityRepository } from './identity.repository';
import { invitationExpiryLines } from './invitation-mail';
import { coversRights } from './rights';

export const INVITATION_STATUSES = ['open', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationView {
  id: string;
  organizationId: string;
  iin: string;
  email: string | null;
  rights: Rights;
  status: InvitationStatus;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedByUserId: string | null;
  revokedAt: Date | null;
}

function present(invitation: Invitation, now: Date): InvitationView {
  const status: InvitationStatus = invitation.acceptedAt
    ? 'accepted'
    : invitation.revokedAt
      ? 'revoked'
      : invitation.expiresAt <= now
        ? 'expired'
        : 'open';

  return {
    id: invitation.id,
    organizationId: invitation.organizationId,
    iin: invitation.iin,
    email: invitation.email,
    rights: invitation.rights,
    status,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    acceptedAt: invitation.acceptedAt,
    acceptedByUserId: invitation.acceptedByUserId,
    revokedAt: invitation.revokedAt,
  };
}

// Invitations of further users by IIN [A 3.3, 3.4]. The invited person joins by logging in with
// an ЭЦП of that IIN (for a legal entity: with the organization's BIN in the certificate).
@Injectable()
export class InvitationsService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(principal: TenantPrincipal, organizationId: string, dto: NewInvitationDto): Promise<InvitationView> {
    this.assertOwnOrganization(principal, organizationId);
    if (!coversRights(principal.rights, dto.rights)) throw new DomainError(IdentityErrorCode.RightsEscalation);
    const organization = await this.repository.findOrganization(principal.organizationId);
    if (!organization) throw new DomainError(CommonErrorCode.NotFound);
    const now = this.clock.now();

    try {
      const invitation = await this.repository.transaction(async (manager) => {
        const user = await this.repository.findUserByIin(dto.iin, manager);
        if (user && (await this.repository.findMembership(organization.id, user.id, manager))) {
          throw new DomainError(IdentityErrorCode.UserExists);
        }
        // An expired invitation still counts as open for the unique index: replace it.
        const previous = await this.repository.findOpenInvitation(organization.id, dto.iin, manager);
        if (previous && previous.expiresAt > now)
          throw new DomainError(IdentityErrorCode.InvitationExists, { invitationId: previous.id });
        if (previous) await this.repository.revokeInvitationById(manager, previous.id, now);
        const saved = await this.repository.createInvitation(manager, {
          organizationId: organization.id,
          iin: dto.iin,
          email: dto.email ?? null,
          rights: { ...dto.rights },
          // With an API key: the person the key acts for.
          invitedByUserId: principal.kind === 'user' ? principal.userId : principal.createdByUserId,
          expiresAt: new Date(now.getTime() + this.config.signatureAuth.invitationTtlMs),
          acceptedAt: null,
          acceptedByUserId: null,
          revokedAt: null,
        });
        if (dto.email) {
          const link = `${this.config.http.publicUrl}/login?invitation=${saved.id}`;
          await this.jobs.enqueue(
            MailJobName.SendMail,
            {
              to: dto.email,
              subject: `Приглашение в ЭДО / ЭҚА-ға шақыру: ${organization.name}`,
              text: [
                `Вас пригласили в кабинет организации «${organization.name}». Войдите по ЭЦП с вашим ИИН ${dto.iin}` +
                  (organization.kind === 'legal_entity' ? ` и сертификатом организации (БИН ${organization.identifier}):` : ':'),
                `Сізді «${organization.name}» ұйымының кабинетіне шақырды. ЖСН ${dto.iin} бар ЭЦҚ арқылы кіріңіз` +
                  (organization.kind === 'legal_entity' ? ` (ұйым сертификаты, БСН ${organization.identifier}):` : ':'),
                '',
                link,
                '',
                ...invitationExpiryLines(saved.expiresAt),
              ].join('\n'),
            },
            { manager, dedupKey: `invitation:${saved.id}` },
          );
        }
        return saved;
      });

      return present(invitation, now);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(IdentityErrorCode.InvitationExists);
      throw error;
    }
  }

  async list(principal: TenantPrincipal, organizationId: string, page: PageQuery): Promise<Page<InvitationView>> {
    this.assertOwnOrganization(principal, organizationId);
    const rows = await this.repository.listInvitations(principal.organizationId, page.limit, decodeIdCursor(page.cursor));
    const now = this.clock.now();

    return toPage(
      rows,
      page.limit,
      (row) => ({ id: row.id }),
      (row) => present(row, now),
    );
  }

  async revoke(principal: TenantPrincipal, organizationId: string, id: string) {
    this.assertOwnOrganization(principal, organizationId);
    if (!(await this.repository.revokeInvitation(principal.organizationId, id, this.clock.now()))) {
      throw new DomainError(CommonErrorCode.NotFound);
    }
  }

  // Another organization's id answers like an unknown one.
  private assertOwnOrganization(principal: TenantPrincipal, organizationId: string) {
    if (organizationId !== principal.organizationId) throw new DomainError(CommonErrorCode.NotFound);
  }
}
