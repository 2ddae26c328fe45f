import type { Rights } from '../common/security/rights';
import { LEGAL_LOCALES, LegalDocumentKind } from '../legal';
import type { ProfileView } from './auth/auth.service';
import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import type { Principal } from '../common/security/principal';
import type { ApiKeyView } from './api-keys.service';
import type { SessionView } from './auth/auth.service';
import type { StartedSession } from './auth/session-cookies';
import { RightsDto } from './dto/rights.dto';
import { AuthMethod } from './entities/session.entity';
import { Organization, OrganizationKind } from './entities/organization.entity';
import { INVITATION_STATUSES, InvitationStatus, InvitationView } from './invitations.service';
import type { CreatedOrganization, Participant } from './organizations.service';
import type { SignatureChallenge } from './signature/signature-auth.service';
import type { RegistrationView } from './signature/registration.service';
import type { MemberView } from './users.service';

// The response bodies of the identity routes (users, sessions, API keys, invitations,
// organizations, registration), each class tied to the shape its service returns by `implements`.

const DATE_TIME = { type: 'string', format: 'date-time' } as const;
const UUID = { type: 'string', format: 'uuid' } as const;
const TWELVE_DIGITS = { type: 'string', pattern: '^\\d{12}$' } as const;

const KIND_DESCRIPTION = 'legal_entity (identified by BIN) or individual (by IIN).';

// The nested shapes, named so that a class can implement them.
type SessionUser = StartedSession['user'];
type SessionOrganization = StartedSession['organization'];
type RegisteredOrganization = RegistrationView['organization'];
type RegisteredMainUser = RegistrationView['mainUser'];
type OfferAcceptance = RegistrationView['acceptance'];
type ApiKeyCreator = NonNullable<ApiKeyView['createdBy']>;
type ApiKeyParent = NonNullable<ApiKeyView['createdByApiKey']>;
type CreatedMainUser = CreatedOrganization['mainUser'];
type InitialApiKey = CreatedOrganization['apiKey'];
type UserPrincipal = Extract<Principal, { kind: 'user' }>;
type ApiKeyPrincipal = Extract<Principal, { kind: 'api_key' }>;

// Every key usage SIGNATURE_LOGIN_KEY_USAGE may name; a Record so that the compiler refuses a
// list that misses or invents one.
const LOGIN_KEY_USAGE: Record<SignatureChallenge['keyUsage'], true> = { AUTH: true, SIGN: true, ANY: true };

// --- sessions ---------------------------------------------------------------------------------

export class SessionUserResponse implements SessionUser {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ description: "The user's e-mail, or their full name when they have none.", example: 'accountant@example.kz' })
  label!: string;

  @ApiProperty({ type: () => RightsDto })
  rights!: Rights;

  @ApiProperty({ description: 'The main user of the organization (full rights, cannot be removed).' })
  isMain!: boolean;
}

export class SessionOrganizationResponse implements SessionOrganization {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ example: 'ТОО «Тест»' })
  name!: string;

  @ApiProperty({ ...TWELVE_DIGITS, description: 'BIN (legal entity) or IIN (individual).' })
  identifier!: string;
}

export class SessionResponse implements StartedSession {
  @ApiProperty({ ...UUID, description: 'The session (DELETE /api/v1/auth/sessions/{id} ends it).' })
  id!: string;

  @ApiProperty({ description: 'The value of the `edo_csrf` cookie: send it as `X-CSRF-Token` with every write.' })
  csrfToken!: string;

  @ApiProperty(DATE_TIME)
  expiresAt!: Date;

  @ApiProperty({ enum: AuthMethod, enumName: 'AuthMethod', description: 'How the session was opened: password or ЭЦП.' })
  authMethod!: AuthMethod;

  @ApiProperty({ type: () => SessionUserResponse })
  user!: SessionUserResponse;

  @ApiProperty({ type: () => SessionOrganizationResponse })
  organization!: SessionOrganizationResponse;
}

export class ActiveSessionResponse implements SessionView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ description: 'True for the session this request was made with.' })
  current!: boolean;

  @ApiProperty({ enum: AuthMethod, enumName: 'AuthMethod', description: 'How the session was opened: password or ЭЦП.' })
  authMethod!: AuthMethod;

  @ApiProperty({ type: 'string', nullable: true, description: 'Client address at login.' })
  ip!: string | null;

  @ApiProperty({ type: 'string', nullable: true, maxLength: 500 })
  userAgent!: string | null;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiProperty(DATE_TIME)
  expiresAt!: Date;
}

export class SignatureChallengeResponse implements SignatureChallenge {
  @ApiProperty({ description: 'Send back as `nonce` with the signature.', pattern: '^[A-Za-z0-9_-]{22,128}$' })
  nonce!: string;

  @ApiProperty({ ...DATE_TIME, description: 'The challenge must be signed and sent before this moment.' })
  expiresAt!: Date;

  @ApiProperty({
    description: 'The exact text to sign (ASCII lines), e.g. NCALayer `createCMSSignatureFromBase64` of dataToSignBase64.',
  })
  dataToSign!: string;

  @ApiProperty({ type: 'string', format: 'byte', description: 'dataToSign as base64 (UTF-8 bytes).' })
  dataToSignBase64!: string;

  @ApiProperty({
    enum: Object.keys(LOGIN_KEY_USAGE),
    description: 'Which key may sign it: AUTH, SIGN, or ANY of both (SIGNATURE_LOGIN_KEY_USAGE).',
  })
  keyUsage!: SignatureChallenge['keyUsage'];
}

// --- who is calling (GET /auth/me) ------------------------------------------------------------

export class ProfileResponse implements ProfileView {
  @ApiProperty({ ...UUID, description: 'The user' })
  id!: string;

  @ApiProperty()
  fullName!: string;

  @ApiProperty({ type: 'string', format: 'email', nullable: true, description: 'Where notifications go; null: none set yet' })
  email!: string | null;

  @ApiProperty({ type: 'string', nullable: true, pattern: '^\\d{12}$' })
  iin!: string | null;

  @ApiProperty({
    type: 'string',
    format: 'email',
    nullable: true,
    description:
      'An address asked for and mailed a confirmation link, not yet confirmed (it changes nothing until then); null: none',
  })
  pendingEmail!: string | null;
}

export class UserPrincipalResponse implements UserPrincipal {
  @ApiProperty({ enum: ['user'], description: 'A user of the web cabinet, by their session.' })
  kind!: 'user';

  @ApiProperty(UUID)
  userId!: string;

  @ApiProperty(UUID)
  organizationId!: string;

  @ApiProperty(UUID)
  sessionId!: string;

  @ApiProperty({ type: () => RightsDto })
  rights!: Rights;

  @ApiProperty()
  isMain!: boolean;

  @ApiProperty({ description: "The user's e-mail, or their full name when they have none." })
  label!: string;
}

export class ApiKeyPrincipalResponse implements ApiKeyPrincipal {
  @ApiProperty({ enum: ['api_key'], description: 'An API key.' })
  kind!: 'api_key';

  @ApiProperty(UUID)
  apiKeyId!: string;

  @ApiProperty(UUID)
  organizationId!: string;

  @ApiProperty({ ...UUID, description: 'The user the key acts for.' })
  createdByUserId!: string;

  @ApiProperty({ type: () => RightsDto, description: "The key's rights, capped by those of its user today." })
  rights!: Rights;

  @ApiProperty({ description: 'The public part of the key: `edo_<prefix>`.', example: 'edo_0a1b2c3d4e' })
  label!: string;
}

// --- registration -----------------------------------------------------------------------------

export class RegisteredOrganizationResponse implements RegisteredOrganization {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ ...TWELVE_DIGITS, description: 'BIN from the certificate (legal entity), else the IIN.' })
  identifier!: string;

  @ApiProperty({ enum: OrganizationKind, enumName: 'OrganizationKind', description: KIND_DESCRIPTION })
  kind!: OrganizationKind;

  @ApiProperty()
  name!: string;
}

export class MainUserResponse implements RegisteredMainUser {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty()
  fullName!: string;

  @ApiProperty({ ...TWELVE_DIGITS, nullable: true })
  iin!: string | null;

  @ApiProperty({ type: 'string', format: 'email', nullable: true })
  email!: string | null;
}

export class OfferAcceptanceResponse implements OfferAcceptance {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ enum: LegalDocumentKind, enumName: 'LegalDocumentKind', description: 'The accepted document: the offer.' })
  kind!: LegalDocumentKind;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiProperty({ enum: LEGAL_LOCALES, description: 'Language of the signed text.' })
  locale!: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) of the exact text that was signed.' })
  textSha256!: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The privacy policy version in force at acceptance.' })
  privacyVersion!: number | null;

  @ApiProperty(DATE_TIME)
  acceptedAt!: Date;
}

export class RegistrationResponse implements RegistrationView {
  @ApiProperty({ type: () => RegisteredOrganizationResponse })
  organization!: RegisteredOrganizationResponse;

  @ApiProperty({ type: () => MainUserResponse })
  mainUser!: MainUserResponse;

  @ApiProperty({ type: () => OfferAcceptanceResponse })
  acceptance!: OfferAcceptanceResponse;

  @ApiProperty({ type: () => SessionResponse, description: 'The session of the main user, opened by the registration.' })
  session!: SessionResponse;
}

// --- users and invitations --------------------------------------------------------------------

export class UserResponse implements MemberView {
  @ApiProperty({ ...UUID, description: 'The user (the same person has the same id in every organization).' })
  id!: string;

  @ApiProperty({ description: 'Until the person accepts the membership: the name the organization typed.' })
  fullName!: string;

  @ApiProperty({ type: 'string', format: 'email', nullable: true })
  email!: string | null;

  @ApiProperty({ ...TWELVE_DIGITS, nullable: true })
  iin!: string | null;

  @ApiProperty()
  isMain!: boolean;

  @ApiProperty({ type: () => RightsDto })
  rights!: Rights;

  @ApiProperty({ ...DATE_TIME, description: 'When the user was added to the organization.' })
  createdAt!: Date;
}

export class InvitationResponse implements InvitationView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty(UUID)
  organizationId!: string;

  @ApiProperty({ ...TWELVE_DIGITS, description: 'IIN of the invited person.' })
  iin!: string;

  @ApiProperty({ type: 'string', format: 'email', nullable: true })
  email!: string | null;

  @ApiProperty({ type: () => RightsDto })
  rights!: Rights;

  @ApiProperty({
    enum: INVITATION_STATUSES,
    enumName: 'InvitationStatus',
    description: 'open until accepted (by the first ЭЦП login of the person), revoked or expired.',
  })
  status!: InvitationStatus;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiProperty(DATE_TIME)
  expiresAt!: Date;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  acceptedAt!: Date | null;

  @ApiProperty({ ...UUID, nullable: true })
  acceptedByUserId!: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  revokedAt!: Date | null;
}

// --- API keys ---------------------------------------------------------------------------------

export class ApiKeyCreatorResponse implements ApiKeyCreator {
  @ApiProperty(UUID)
  userId!: string;

  @ApiProperty()
  fullName!: string;

  @ApiProperty({ ...TWELVE_DIGITS, nullable: true })
  iin!: string | null;

  @ApiProperty({ type: 'string', format: 'email', nullable: true })
  email!: string | null;
}

export class ApiKeyParentResponse implements ApiKeyParent {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ example: 'edo_0a1b2c3d4e' })
  prefix!: string;
}

@ApiExtraModels(ApiKeyCreatorResponse, ApiKeyParentResponse)
export class ApiKeyResponse implements ApiKeyView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ example: '1C integration' })
  name!: string;

  @ApiProperty({ pattern: '^edo_[0-9a-f]{10}$', description: 'The public part of the key.', example: 'edo_0a1b2c3d4e' })
  prefix!: string;

  @ApiProperty({ type: () => RightsDto, description: 'Never more than its user holds today.' })
  rights!: Rights;

  @ApiProperty({
    type: () => ApiKeyCreatorResponse,
    nullable: true,
    description: 'The user the key acts for; null only on keys revoked because they named nobody.',
  })
  createdBy!: ApiKeyCreatorResponse | null;

  @ApiProperty({
    type: () => ApiKeyParentResponse,
    nullable: true,
    description: 'The key this key was created with (revoking that one revokes this one); null when created in a session.',
  })
  createdByApiKey!: ApiKeyParentResponse | null;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'Kept to the minute.' })
  lastUsedAt!: Date | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  revokedAt!: Date | null;
}

export class ApiKeyCreatedResponse extends ApiKeyResponse {
  @ApiProperty({
    pattern: '^edo_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$',
    description: 'The whole key, for `Authorization: Bearer`. Shown in this answer only: it cannot be read again.',
  })
  secret!: string;
}

export class ApiKeyRevokedResponse extends ApiKeyResponse {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Keys created with this one (transitively), revoked with it.' })
  alsoRevoked!: string[];
}

// --- organizations ----------------------------------------------------------------------------

export class OrganizationResponse implements Organization {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ ...TWELVE_DIGITS, description: 'BIN (legal entity) or IIN (individual).' })
  identifier!: string;

  @ApiProperty({ enum: OrganizationKind, enumName: 'OrganizationKind', description: KIND_DESCRIPTION })
  kind!: OrganizationKind;

  @ApiProperty({ example: 'ТОО «Тест»' })
  name!: string;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiProperty(DATE_TIME)
  updatedAt!: Date;
}

export class ParticipantResponse implements Participant {
  @ApiProperty({ ...TWELVE_DIGITS, description: 'BIN (legal entity) or IIN (individual), as registered.' })
  identifier!: string;

  @ApiProperty({ example: 'ТОО «Тест»', description: 'The name its counterparties see on its documents.' })
  name!: string;

  @ApiProperty({ enum: OrganizationKind, enumName: 'OrganizationKind', description: KIND_DESCRIPTION })
  kind!: OrganizationKind;
}

export class OrganizationMainUserResponse implements CreatedMainUser {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty()
  fullName!: string;

  @ApiProperty({ type: 'string', format: 'email', nullable: true })
  email!: string | null;

  @ApiProperty({ ...TWELVE_DIGITS, nullable: true })
  iin!: string | null;
}

export class InitialApiKeyResponse implements InitialApiKey {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ pattern: '^edo_[0-9a-f]{10}$', example: 'edo_0a1b2c3d4e' })
  prefix!: string;

  @ApiProperty({
    pattern: '^edo_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$',
    description: 'The whole key with full rights. Shown in this answer only.',
  })
  secret!: string;
}

export class CreatedOrganizationResponse implements CreatedOrganization {
  @ApiProperty({ type: () => OrganizationResponse })
  organization!: OrganizationResponse;

  @ApiProperty({ type: () => OrganizationMainUserResponse })
  mainUser!: OrganizationMainUserResponse;

  @ApiProperty({ type: () => InitialApiKeyResponse })
  apiKey!: InitialApiKeyResponse;
}
