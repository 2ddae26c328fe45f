import { defineErrors } from '../common/errors/error-definitions';

// Error codes of identity: organizations, users, API keys, login, registration and invitations.
// defineErrors makes a code without an HTTP status or a message in kk, ru and en fail to compile;
// src/error-codes.ts merges every module's codes and refuses a code defined twice.
export enum IdentityErrorCode {
  /** The login or password is wrong (deliberately not saying which). */
  AuthInvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  /** Three wrong passwords for one e-mail from one IP: that IP is refused for it until one attempt has drained (5 minutes each). */
  AuthAccountLocked = 'AUTH_ACCOUNT_LOCKED',
  /** The login names a user with several organizations and no `organizationId` was given. */
  AuthOrganizationRequired = 'AUTH_ORGANIZATION_REQUIRED',
  /** An organization with this BIN/IIN is already registered. */
  OrganizationExists = 'ORGANIZATION_EXISTS',
  /** A user with this e-mail or IIN already exists in the organization. */
  UserExists = 'USER_EXISTS',
  /** The main user of an organization cannot be removed, demoted or locked out of administration. */
  MainUserImmutable = 'MAIN_USER_IMMUTABLE',
  /** A principal cannot grant rights it does not hold itself. */
  RightsEscalation = 'RIGHTS_ESCALATION',
  /** The API key was already revoked. */
  ApiKeyRevoked = 'API_KEY_REVOKED',
  /** The certificate has no IIN, or belongs to an information system rather than a person. */
  RegistrationCertificateUnsuitable = 'REGISTRATION_CERTIFICATE_UNSUITABLE',
  /** The certificate's role (EKU) may not register a legal entity (REGISTRATION_LEGAL_ENTITY_ROLES). */
  RegistrationRoleNotAllowed = 'REGISTRATION_ROLE_NOT_ALLOWED',
  /** The BIN is already registered: further users join only by an invitation from its main user. */
  RegistrationInvitationRequired = 'REGISTRATION_INVITATION_REQUIRED',
  /** No login challenge with this nonce exists. */
  AuthChallengeInvalid = 'AUTH_CHALLENGE_INVALID',
  /** The login challenge has expired; request a new one. */
  AuthChallengeExpired = 'AUTH_CHALLENGE_EXPIRED',
  /** The login challenge was already used (a replayed signature). */
  AuthChallengeReplayed = 'AUTH_CHALLENGE_REPLAYED',
  /** No user (and no pending invitation) has the IIN of the certificate. */
  AuthCertificateUnknown = 'AUTH_CERTIFICATE_UNKNOWN',
  /** The certificate's BIN does not match any organization of this user (a certificate of another organization). */
  AuthCertificateOrganizationMismatch = 'AUTH_CERTIFICATE_ORGANIZATION_MISMATCH',
  /** An open invitation for this IIN already exists in the organization. */
  InvitationExists = 'INVITATION_EXISTS',
  /** The invitation is for another IIN than the certificate's: it was not used and stays open; `details.keyIin` and `details.invitedIin` (masked) say whose. */
  InvitationOtherPerson = 'INVITATION_OTHER_PERSON',
  /** The invitation was accepted by someone else, revoked, expired or never existed: ask for a new one. */
  InvitationNotOpen = 'INVITATION_NOT_OPEN',
  /** Another account already uses this e-mail. */
  EmailTaken = 'EMAIL_TAKEN',
  /** The e-mail confirmation link is unknown, already used, replaced by a newer request, expired, or another user's: ask for a new one. */
  EmailConfirmationInvalid = 'EMAIL_CONFIRMATION_INVALID',
  /** No participant (registered organization) has this BIN/IIN. */
  ParticipantNotRegistered = 'PARTICIPANT_NOT_REGISTERED',
}

export const IDENTITY_ERRORS = defineErrors(IdentityErrorCode, {
  [IdentityErrorCode.AuthInvalidCredentials]: {
    status: 401,
    messages: {
      en: 'Wrong login or password.',
      ru: 'Неверный логин или пароль.',
      kk: 'Логин немесе құпиясөз қате.',
    },
  },
  [IdentityErrorCode.AuthAccountLocked]: {
    status: 423,
    messages: {
      en: 'Too many wrong passwords for this account from your address: try again after the time in Retry-After.',
      ru: 'Слишком много неверных паролей для этой учётной записи с вашего адреса: повторите после времени из Retry-After.',
      kk: 'Сіздің мекенжайыңыздан осы есептік жазбаға қате құпиясөз тым көп: Retry-After уақытынан кейін қайталаңыз.',
    },
  },
  [IdentityErrorCode.AuthOrganizationRequired]: {
    status: 400,
    messages: {
      en: 'You belong to several organizations: choose one.',
      ru: 'Вы состоите в нескольких организациях: выберите одну.',
      kk: 'Сіз бірнеше ұйымның мүшесісіз: біреуін таңдаңыз.',
    },
  },
  [IdentityErrorCode.OrganizationExists]: {
    status: 409,
    messages: {
      en: 'An organization with this BIN/IIN is already registered.',
      ru: 'Организация с этим БИН/ИИН уже зарегистрирована.',
      kk: 'Осы БСН/ЖСН бар ұйым тіркелген.',
    },
  },
  [IdentityErrorCode.UserExists]: {
    status: 409,
    messages: {
      en: 'Such a user already exists.',
      ru: 'Такой пользователь уже существует.',
      kk: 'Мұндай пайдаланушы бар.',
    },
  },
  [IdentityErrorCode.MainUserImmutable]: {
    status: 409,
    messages: {
      en: 'The main user of the organization cannot be removed or restricted.',
      ru: 'Главного пользователя организации нельзя удалить или ограничить.',
      kk: 'Ұйымның негізгі пайдаланушысын жоюға немесе шектеуге болмайды.',
    },
  },
  [IdentityErrorCode.RightsEscalation]: {
    status: 403,
    messages: {
      en: 'You cannot grant rights you do not have.',
      ru: 'Нельзя выдать права, которых нет у вас.',
      kk: 'Өзіңізде жоқ құқықтарды беруге болмайды.',
    },
  },
  [IdentityErrorCode.ApiKeyRevoked]: {
    status: 409,
    messages: {
      en: 'The API key is already revoked.',
      ru: 'API-ключ уже отозван.',
      kk: 'API кілті бұрын кері қайтарылған.',
    },
  },
  [IdentityErrorCode.RegistrationCertificateUnsuitable]: {
    status: 422,
    messages: {
      en: 'Register with a personal or employee certificate that carries an IIN.',
      ru: 'Для регистрации нужен сертификат физического лица или сотрудника с ИИН.',
      kk: 'Тіркелу үшін ЖСН бар жеке тұлғаның немесе қызметкердің сертификаты қажет.',
    },
  },
  [IdentityErrorCode.RegistrationRoleNotAllowed]: {
    status: 403,
    messages: {
      en: 'Only the first head or a person with signing right may register the organization.',
      ru: 'Зарегистрировать организацию может только первый руководитель или лицо с правом подписи.',
      kk: 'Ұйымды тек бірінші басшы немесе қол қою құқығы бар тұлға тіркей алады.',
    },
  },
  [IdentityErrorCode.RegistrationInvitationRequired]: {
    status: 409,
    messages: {
      en: 'This organization is already registered: ask its main user for an invitation.',
      ru: 'Организация уже зарегистрирована: попросите приглашение у её главного пользователя.',
      kk: 'Ұйым тіркелген: оның негізгі пайдаланушысынан шақыру сұраңыз.',
    },
  },
  [IdentityErrorCode.AuthChallengeInvalid]: {
    status: 401,
    messages: {
      en: 'Unknown login challenge; request a new one.',
      ru: 'Неизвестный запрос на вход; запросите новый.',
      kk: 'Кіру сұрауы белгісіз; жаңасын сұраңыз.',
    },
  },
  [IdentityErrorCode.AuthChallengeExpired]: {
    status: 401,
    messages: {
      en: 'The login challenge has expired; request a new one.',
      ru: 'Срок запроса на вход истёк; запросите новый.',
      kk: 'Кіру сұрауының мерзімі өтті; жаңасын сұраңыз.',
    },
  },
  [IdentityErrorCode.AuthChallengeReplayed]: {
    status: 401,
    messages: {
      en: 'This login challenge was already used.',
      ru: 'Этот запрос на вход уже использован.',
      kk: 'Бұл кіру сұрауы бұрын пайдаланылған.',
    },
  },
  [IdentityErrorCode.AuthCertificateUnknown]: {
    status: 401,
    messages: {
      en: 'No user with the IIN of this certificate: register or ask for an invitation.',
      ru: 'Пользователя с ИИН этого сертификата нет: зарегистрируйтесь или попросите приглашение.',
      kk: 'Осы сертификаттың ЖСН-і бар пайдаланушы жоқ: тіркеліңіз немесе шақыру сұраңыз.',
    },
  },
  [IdentityErrorCode.AuthCertificateOrganizationMismatch]: {
    status: 403,
    messages: {
      en: 'This certificate belongs to another organization.',
      ru: 'Этот сертификат принадлежит другой организации.',
      kk: 'Бұл сертификат басқа ұйымға тиесілі.',
    },
  },
  [IdentityErrorCode.InvitationExists]: {
    status: 409,
    messages: {
      en: 'This person already has an open invitation.',
      ru: 'У этого человека уже есть действующее приглашение.',
      kk: 'Бұл адамның әрекеттегі шақыруы бар.',
    },
  },
  [IdentityErrorCode.InvitationOtherPerson]: {
    status: 409,
    messages: {
      en: 'The invitation was not used: it is for another IIN than that of your key. Log in with the key of the invited person, or continue to your own cabinet.',
      ru: 'Приглашение не использовано: оно выписано на другой ИИН, чем у вашего ключа. Войдите ключом приглашённого человека или продолжите в свой кабинет.',
      kk: 'Шақыру пайдаланылмады: ол сіздің кілтіңіздегіден басқа ЖСН-ге жазылған. Шақырылған адамның кілтімен кіріңіз немесе өз кабинетіңізге өтіңіз.',
    },
  },
  [IdentityErrorCode.InvitationNotOpen]: {
    status: 410,
    messages: {
      en: 'This invitation can no longer be used (accepted, revoked or expired): ask the organization for a new one.',
      ru: 'Это приглашение больше нельзя использовать (принято, отозвано или истекло): попросите организацию прислать новое.',
      kk: 'Бұл шақыруды енді пайдалануға болмайды (қабылданған, кері қайтарылған немесе мерзімі өткен): ұйымнан жаңасын сұраңыз.',
    },
  },
  [IdentityErrorCode.EmailTaken]: {
    status: 409,
    messages: {
      en: 'Another account already uses this e-mail.',
      ru: 'Этот e-mail уже использует другая учётная запись.',
      kk: 'Бұл e-mail-ды басқа есептік жазба пайдаланады.',
    },
  },
  [IdentityErrorCode.EmailConfirmationInvalid]: {
    status: 410,
    messages: {
      en: 'This confirmation link can no longer be used (already used, replaced or expired): enter the e-mail again to get a new one.',
      ru: 'Эта ссылка подтверждения больше не действует (уже использована, заменена или истекла): укажите e-mail ещё раз, чтобы получить новую.',
      kk: 'Бұл растау сілтемесі енді жарамсыз (пайдаланылған, ауыстырылған немесе мерзімі өткен): жаңасын алу үшін e-mail-ды қайта енгізіңіз.',
    },
  },
  [IdentityErrorCode.ParticipantNotRegistered]: {
    status: 404,
    messages: {
      en: 'No participant with this BIN/IIN is registered in the service.',
      ru: 'Участник с таким БИН/ИИН не зарегистрирован в сервисе.',
      kk: 'Мұндай БСН/ЖСН бар қатысушы сервисте тіркелмеген.',
    },
  },
});
