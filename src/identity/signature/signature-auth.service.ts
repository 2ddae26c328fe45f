import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/persistence/unique-violation';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/errors/domain.error';
import { IdentityErrorCode } from '../identity.errors';
import { SignatureVerificationService, type SignerIdentity, SigningErrorCode } from '../../signing';
import type { ErrorCode } from '../../common/errors/error-definitions';
import { randomToken, sha256Hex } from '../../common/security/secrets';
import { AppConfig } from '../../config/app-config';
import { AuthService, ClientInfo, LoginResult } from '../auth/auth.service';
import type { SignatureLoginDto } from '../dto/signature.dto';
import type { Invitation } from '../entities/invitation.entity';
import { Membership } from '../entities/membership.entity';
import { Organization, OrganizationKind } from '../entities/organization.entity';
import { AuthMethod } from '../entities/session.entity';
import { User } from '../entities/user.entity';
import { IdentityRepository } from '../identity.repository';
import { acceptedSigner, personName, reportedSigner } from './signature-outcome';

// Expired challenges are kept this long (a replay then still gets AUTH_CHALLENGE_REPLAYED).
const STALE_CHALLENGE_MS = 24 * 3_600_000;

// The text a client signs to log in. Plain ASCII lines, so that every signing tool (NCALayer with
// `decode: false`, a CLI) produces the same bytes; it names the service so that a signature made
// for one service cannot be replayed to another.
export function challengeText(service: string, nonce: string, issuedAt: Date, expiresAt: Date): string {
  return [
    'edo-login-challenge/v1',
    `service: ${service}`,
    `nonce: ${nonce}`,
    `issued-at: ${issuedAt.toISOString()}`,
    `expires-at: ${expiresAt.toISOString()}`,
    '',
  ].join('\n');
}

// Which organizations a certificate may act for: a legal entity only with a certificate of its
// BIN, an individual's cabinet only with a personal certificate (no BIN).
function certificateFits(signer: SignerIdentity, organization: Organization | undefined): boolean {
  if (!organization) return false;
  return organization.kind === OrganizationKind.LegalEntity ? signer.bin === organization.identifier : signer.bin === undefined;
}

// Enough of another person's IIN to recognize a typo, not enough to learn it.
function maskIin(iin: string): string {
  return `${iin.slice(0, 2)}••••••••${iin.slice(-2)}`;
}

// What a client needs to sign a login challenge (identity.api.ts: SignatureChallengeResponse).
export interface SignatureChallenge {
  nonce: string;
  expiresAt: Date;
  dataToSign: string;
  dataToSignBase64: string;
  keyUsage: AppConfig['signatureAuth']['loginKeyUsage'];
}

type Candidate = { organizationId: string; name: string; membership?: Membership; invitation?: Invitation };

// Login by ЭЦП [§3]: challenge -> the client signs it (NCALayer) -> signature, chain and revocation
// are verified, the nonce is consumed once, and the certificate's IIN (+ BIN) is mapped to a member.
@Injectable()
export class SignatureAuthService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly verification: SignatureVerificationService,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async challenge(): Promise<SignatureChallenge> {
    // 256 random bits; only the hash is kept, so a database reader cannot log in with it.
    const nonce = randomToken(32);
    const issuedAt = this.clock.now();
    const expiresAt = new Date(issuedAt.getTime() + this.config.signatureAuth.challengeTtlMs);
    await this.repository.createChallenge(sha256Hex(nonce), issuedAt, expiresAt);
    await this.repository.deleteStaleChallenges(new Date(issuedAt.getTime() - STALE_CHALLENGE_MS), 100);
    const dataToSign = challengeText(this.config.http.publicUrl, nonce, issuedAt, expiresAt);

    return {
      nonce,
      expiresAt,
      dataToSign,
      dataToSignBase64: Buffer.from(dataToSign, 'utf8').toString('base64'),
      keyUsage: this.config.signatureAuth.loginKeyUsage,
    };
  }

  async login(dto: SignatureLoginDto, client: ClientInfo): Promise<LoginResult> {
    const now = this.clock.now();
    const nonceHash = sha256Hex(dto.nonce);
    // Consumed before the signature is even looked at: every attempt burns its challenge.
    const challenge = await this.repository.consumeChallenge(nonceHash, now);
    if (!challenge) {
      const known = await this.repository.findChallenge(nonceHash);
      throw new DomainError(
        !known
          ? IdentityErrorCode.AuthChallengeInvalid
          : known.usedAt
            ? IdentityErrorCode.AuthChallengeReplayed
            : IdentityErrorCode.AuthChallengeExpired,
      );
    }
    const expected = challengeText(this.config.http.publicUrl, dto.nonce, challenge.issuedAt, challenge.expiresAt);
    const verification = await this.verification.verifySignedContent(dto.cms, Buffer.from(expected, 'utf8'), {
      keyUsage: 'ANY',
      revocation: this.config.signatureAuth.revocation,
    });

    let signer: SignerIdentity;
    try {
      signer = acceptedSigner(verification);
      this.checkKeyUsage(signer);
    } catch (error) {
      throw await this.attributed(error, reportedSigner(verification)?.iin);
    }
    if (!signer.iin) throw new DomainError(IdentityErrorCode.AuthCertificateUnknown, { reason: 'certificate has no IIN' });

    const organizationId = dto.invitationId
      ? await this.invitedOrganization(dto.invitationId, signer.iin, now)
      : dto.organizationId;
    const chosen = await this.choose(signer, organizationId, now);
    const user = chosen.user;
    if (chosen.candidate.membership)
      return this.auth.openSession(user!, chosen.candidate.membership, AuthMethod.Signature, client);

    const joined = await this.acceptInvitation(chosen.candidate.invitation!, signer, user, now);
    return this.auth.openSession(joined.user, joined.membership, AuthMethod.Signature, client);
  }

  // A login that follows an invitation link goes to the inviting organization or is refused with
  // the reason: a key of another person must not silently open that person's own cabinet (they
  // would think they had joined). The invitation is left as it was, for the invited person.
  private async invitedOrganization(invitationId: string, iin: string, now: Date): Promise<string> {
    const invitation = await this.repository.findInvitationById(invitationId);
    if (!invitation) throw new DomainError(IdentityErrorCode.InvitationNotOpen);
    if (invitation.iin !== iin)
      throw new DomainError(IdentityErrorCode.InvitationOtherPerson, { keyIin: iin, invitedIin: maskIin(invitation.iin) });
    const usable = !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > now;
    // Following the link again after joining simply logs in to that organization.
    const joined = invitation.acceptedAt && (await this.repository.findUserByIin(iin))?.id === invitation.acceptedByUserId;
    if (!usable && !joined) throw new DomainError(IdentityErrorCode.InvitationNotOpen);

    return invitation.organizationId;
  }

  private checkKeyUsage(signer: SignerIdentity) {
    const policy = this.config.signatureAuth.loginKeyUsage;
    const allowed = policy === 'ANY' ? ['SIGN', 'AUTH'] : [policy];
    if (!allowed.includes(signer.keyUsage)) {
      throw new DomainError(SigningErrorCode.SignatureKeyUsageNotAllowed, { keyUsage: signer.keyUsage, allowed });
    }
  }

  private async choose(signer: SignerIdentity, organizationId: string | undefined, now: Date) {
    const user = await this.repository.findUserByIin(signer.iin!);
    const memberships = user ? await this.repository.membershipsOfUser(user.id) : [];
    const memberOf = new Set(memberships.map((membership) => membership.organizationId));
    const invitations = (await this.repository.openInvitationsForIin(signer.iin!, now)).filter(
      (invitation) => !memberOf.has(invitation.organizationId),
    );
    const candidates: Candidate[] = [
      ...memberships
        .filter((membership) => certificateFits(signer, membership.organization))
        .map((membership) => ({ organizationId: membership.organizationId, name: membership.organization!.name, membership })),
      ...invitations
        .filter((invitation) => certificateFits(signer, invitation.organization))
        .map((invitation) => ({ organizationId: invitation.organizationId, name: invitation.organization!.name, invitation })),
    ];
    // Refusals go to the audit trail of joined organizations only (not of a proposed membership).
    const organizationIds = memberships
      .filter((membership) => membership.acceptedAt !== null)
      .map((membership) => membership.organizationId);
    const refuse = (code: ErrorCode, details?: Record<string, unknown>) => {
      const error = new DomainError(code, details);
      return user ? error.attributeTo(user.id, organizationIds) : error;
    };
    if (memberships.length === 0 && invitations.length === 0) throw refuse(IdentityErrorCode.AuthCertificateUnknown);
    if (candidates.length === 0) throw refuse(IdentityErrorCode.AuthCertificateOrganizationMismatch, { bin: signer.bin ?? null });

    const candidate = organizationId
      ? candidates.find((c) => c.organizationId === organizationId)
      : candidates.length === 1
        ? candidates[0]
        : undefined;
    if (!candidate) {
      if (organizationId) throw refuse(IdentityErrorCode.AuthCertificateOrganizationMismatch, { organizationId });
      throw refuse(IdentityErrorCode.AuthOrganizationRequired, {
        organizations: candidates.map((c) => ({
          id: c.organizationId,
          name: c.name,
          proposed: !!c.invitation || (!!c.membership && !c.membership.acceptedAt),
        })),
      });
    }

    return { user, candidate };
  }

  // First ЭЦП login of an invited person: the account (if new) and the membership are created
  // from the certificate and the invitation, in one transaction.
  private async acceptInvitation(invitation: Invitation, signer: SignerIdentity, existing: User | null, now: Date) {
    try {
      return await this.repository.transaction(async (manager) => {
        let user = existing ?? (await this.repository.findUserByIin(signer.iin!, manager));
        if (!user) {
          const emailFree = invitation.email && !(await this.repository.findUserByEmail(invitation.email, manager));
          user = await this.repository.createUser(manager, {
            fullName: personName(signer),
            email: emailFree ? invitation.email : null,
            iin: signer.iin!,
            passwordHash: null,
          });
        }
        if (!(await this.repository.markInvitationAccepted(manager, invitation.id, user.id, now))) {
          throw new DomainError(IdentityErrorCode.AuthCertificateUnknown, { reason: 'invitation is no longer open' });
        }
        const membership = await this.repository.createMembership(manager, {
          organizationId: invitation.organizationId,
          userId: user.id,
          isMain: false,
          rights: { ...invitation.rights },
        });
        membership.organization = invitation.organization;

        return { user, membership };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(IdentityErrorCode.UserExists);
      throw error;
    }
  }

  // A refused signature of a known person belongs in the audit trail of their organizations.
  private async attributed(error: unknown, iin: string | undefined): Promise<unknown> {
    if (!(error instanceof DomainError) || !iin) return error;
    const user = await this.repository.findUserByIin(iin);
    if (!user) return error;
    const memberships = await this.repository.membershipsOfUser(user.id);

    return error.attributeTo(
      user.id,
      memberships.map((membership) => membership.organizationId),
    );
  }
}
