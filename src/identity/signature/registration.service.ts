import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/persistence/unique-violation';
import { DomainError } from '../../common/errors/domain.error';
import { type LegalAcceptanceView, LegalDocumentKind, LegalService } from '../../legal';
import { IdentityErrorCode } from '../identity.errors';
import { AppConfig } from '../../config/app-config';
import { INCOMING_DOCUMENTS, IncomingDocuments } from '../incoming-documents';
import { SignatureVerificationService, type SignerIdentity } from '../../signing';
import { AuthService, ClientInfo, LoginResult } from '../auth/auth.service';
import type { RegistrationDto } from '../dto/signature.dto';
import { OrganizationKind } from '../entities/organization.entity';
import { AuthMethod } from '../entities/session.entity';
import { IdentityRepository } from '../identity.repository';
import { FULL_RIGHTS } from '../rights';
import { acceptedSigner, personName } from './signature-outcome';

interface RegistrantProfile {
  kind: OrganizationKind;
  identifier: string;
  name: string;
  iin: string;
  bin: string | null;
  fullName: string;
}

// What a registration created (identity.api.ts: RegistrationResponse, with the session added).
export interface RegistrationView {
  organization: { id: string; identifier: string; kind: OrganizationKind; name: string };
  mainUser: { id: string; fullName: string; iin: string | null; email: string | null };
  // The accepted offer as the legal module records it, without the signer (the main user above).
  acceptance: Pick<LegalAcceptanceView, 'id' | 'kind' | 'version' | 'locale' | 'textSha256' | 'privacyVersion' | 'acceptedAt'>;
}

// Registration = acceptance of the offer [O 1.2]: the client signs the exact text of the offer
// version in force with a SIGN key; the organization and its main user come from the verified
// certificate, never from the form.
@Injectable()
export class RegistrationService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly legal: LegalService,
    private readonly verification: SignatureVerificationService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    @Inject(INCOMING_DOCUMENTS) private readonly incoming: IncomingDocuments,
  ) {}

  // The new organization, its main user and the signed acceptance, plus a session of that user:
  // the signature just made proves possession of the key, and cannot be replayed (the BIN/IIN is
  // taken once it succeeds).
  async register(dto: RegistrationDto, client: ClientInfo): Promise<{ registration: RegistrationView; login: LoginResult }> {
    const text = await this.legal.textInForce(LegalDocumentKind.Offer, dto.offerVersion, dto.locale);
    const verification = await this.verification.verifySignedContent(dto.cms, text.bytes, {
      keyUsage: 'SIGN',
      revocation: this.config.signatureAuth.revocation,
    });
    const signer = acceptedSigner(verification);
    const profile = this.profileOf(signer);
    const privacyVersion = await this.legal.versionInForce(LegalDocumentKind.Privacy);
    const existsError = () =>
      new DomainError(
        profile.kind === OrganizationKind.LegalEntity
          ? IdentityErrorCode.RegistrationInvitationRequired
          : IdentityErrorCode.OrganizationExists,
        { identifier: profile.identifier },
      );

    let registered;
    try {
      registered = await this.repository.transaction(async (manager) => {
        if (await this.repository.findOrganizationByIdentifier(profile.identifier, manager)) throw existsError();
        const organization = await this.repository.createOrganization(manager, {
          identifier: profile.identifier,
          kind: profile.kind,
          name: profile.name,
        });
        await this.incoming.attach(manager, organization);
        // One person may head several organizations: a known IIN keeps its account.
        let user = await this.repository.findUserByIin(profile.iin, manager);
        if (!user) {
          const emailFree = dto.email && !(await this.repository.findUserByEmail(dto.email, manager));
          user = await this.repository.createUser(manager, {
            fullName: profile.fullName,
            email: emailFree ? dto.email : null,
            iin: profile.iin,
            passwordHash: null,
          });
        }
        const membership = await this.repository.createMembership(manager, {
          organizationId: organization.id,
          userId: user.id,
          isMain: true,
          rights: { ...FULL_RIGHTS },
        });
        membership.organization = organization;
        const acceptance = await this.legal.recordAcceptance(manager, {
          organizationId: organization.id,
          userId: user.id,
          kind: LegalDocumentKind.Offer,
          version: text.version.version,
          locale: dto.locale,
          textSha256: text.sha256,
          privacyVersion,
          cms: Buffer.from(dto.cms.replace(/\s+/g, ''), 'base64'),
          signerIin: profile.iin,
          signerBin: profile.bin,
          certificateSha256: signer.certificateSha256,
          report: verification.report,
        });

        return {
          user,
          membership,
          organization: {
            id: organization.id,
            identifier: organization.identifier,
            kind: organization.kind,
            name: organization.name,
          },
          mainUser: { id: user.id, fullName: user.fullName, iin: user.iin, email: user.email },
          acceptance: {
            id: acceptance.id,
            kind: acceptance.kind,
            version: acceptance.version,
            locale: acceptance.locale,
            textSha256: acceptance.textSha256,
            privacyVersion: acceptance.privacyVersion,
            acceptedAt: acceptance.acceptedAt,
          },
        };
      });
    } catch (error) {
      // A double submit: the first request created the organization meanwhile.
      if (isUniqueViolation(error)) throw existsError();
      throw error;
    }
    const { user, membership, ...registration } = registered;

    return { registration, login: await this.auth.openSession(user, membership, AuthMethod.Signature, client) };
  }

  // What the certificate says about who is registering (kz-pki.md §1.1, §1.2).
  private profileOf(signer: SignerIdentity): RegistrantProfile {
    if (!signer.iin || !/^\d{12}$/.test(signer.iin) || signer.roles.includes('INFORMATION_SYSTEM')) {
      throw new DomainError(IdentityErrorCode.RegistrationCertificateUnsuitable, {
        subjectType: signer.subjectType,
        roles: signer.roles,
      });
    }
    const fullName = personName(signer);
    if (signer.bin !== undefined) {
      if (!/^\d{12}$/.test(signer.bin))
        throw new DomainError(IdentityErrorCode.RegistrationCertificateUnsuitable, { bin: signer.bin });
      const allowed = this.config.signatureAuth.legalEntityRoles;
      if (!signer.roles.some((role) => allowed.includes(role))) {
        throw new DomainError(IdentityErrorCode.RegistrationRoleNotAllowed, { roles: signer.roles, allowedRoles: allowed });
      }
      return {
        kind: OrganizationKind.LegalEntity,
        identifier: signer.bin,
        name: signer.organization?.slice(0, 500) ?? `БИН ${signer.bin}`,
        iin: signer.iin,
        bin: signer.bin,
        fullName,
      };
    }
    return { kind: OrganizationKind.Individual, identifier: signer.iin, name: fullName, iin: signer.iin, bin: null, fullName };
  }
}
