import type { Locale } from '../../config/app-config';

// Every error code the API can return, with its HTTP status and its message in each language.
// The Record type makes a code without a status or a translation fail to compile.
export enum ErrorCode {
  /** The request body, query or parameters failed validation; `details.fields` lists each problem. */
  ValidationFailed = 'VALIDATION_FAILED',
  /** No route matches the method and path. */
  RouteNotFound = 'ROUTE_NOT_FOUND',
  /** The addressed resource does not exist or belongs to another organization. */
  NotFound = 'NOT_FOUND',
  /** No valid session cookie or API key was presented. */
  AuthRequired = 'AUTH_REQUIRED',
  /** The login or password is wrong (deliberately not saying which). */
  AuthInvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  /** Three wrong passwords for one e-mail from one IP: that IP is refused for it until one attempt has drained (5 minutes each). */
  AuthAccountLocked = 'AUTH_ACCOUNT_LOCKED',
  /** The login names a user with several organizations and no `organizationId` was given. */
  AuthOrganizationRequired = 'AUTH_ORGANIZATION_REQUIRED',
  /** A cookie-authenticated state-changing request came without the matching X-CSRF-Token header. */
  CsrfTokenInvalid = 'CSRF_TOKEN_INVALID',
  /** The principal lacks the right this action needs. */
  Forbidden = 'FORBIDDEN',
  /** The operator API is disabled (no OPERATOR_TOKEN configured) or the token is wrong. */
  OperatorAuthRequired = 'OPERATOR_AUTH_REQUIRED',
  /** An Idempotency-Key was reused with a different request. */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** An earlier request with the same Idempotency-Key is still being processed. */
  IdempotencyRequestInProgress = 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  /** The Idempotency-Key header is empty or longer than 255 characters. */
  IdempotencyKeyInvalid = 'IDEMPOTENCY_KEY_INVALID',
  /** The pagination cursor was not produced by this API or is corrupt. */
  CursorInvalid = 'CURSOR_INVALID',
  /** Too many requests from this client; retry after the time in Retry-After. */
  RateLimited = 'RATE_LIMITED',
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
  /** The request body is too large. */
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** The body is not valid JSON, or the URL has a broken percent-encoding. */
  MalformedRequest = 'MALFORMED_REQUEST',
  /** A dependency (database, storage, queue, mail) is not reachable right now. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  /** The JSON body nests deeper or has more fields than any request needs; `details` names the limit. */
  RequestTooComplex = 'REQUEST_TOO_COMPLEX',
  /** The body's Content-Type or charset is not one this endpoint reads (JSON must be UTF-8). */
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  /** Every signature verification worker is busy and the queue is full; retry after the time in Retry-After. */
  VerificationBusy = 'VERIFICATION_BUSY',
  /** The file given to POST /verify as the signature is not a CMS at all but a document (PDF, Office, image, text...) or a certificate; `details.detected` names its kind. */
  NotASignature = 'NOT_A_SIGNATURE',
  /** No version of this legal document (offer, privacy policy) has this number, or it has no text in this locale. */
  LegalVersionNotFound = 'LEGAL_VERSION_NOT_FOUND',
  /** A new legal document version takes effect sooner than LEGAL_NOTICE_DAYS from now (offer 9.1: 5 days' notice). */
  LegalNoticeTooShort = 'LEGAL_NOTICE_TOO_SHORT',
  /** A new legal document version would take effect before (or together with) a version already published. */
  LegalVersionOrder = 'LEGAL_VERSION_ORDER',
  /** The signed offer version is not the one in force now; `details.currentVersion` names it. */
  LegalVersionNotCurrent = 'LEGAL_VERSION_NOT_CURRENT',
  /** The CMS is malformed, its signature does not verify, or it has not exactly one signer; `details` has the indication. */
  SignatureInvalid = 'SIGNATURE_INVALID',
  /** The CMS does not sign exactly the expected bytes (the offer text, the login challenge). */
  SignatureContentMismatch = 'SIGNATURE_CONTENT_MISMATCH',
  /** The signer certificate does not chain to a trusted NCA RK root. */
  SignatureCertificateUntrusted = 'SIGNATURE_CERTIFICATE_UNTRUSTED',
  /** The signer certificate is revoked. */
  SignatureCertificateRevoked = 'SIGNATURE_CERTIFICATE_REVOKED',
  /** The signer certificate is expired or not yet valid. */
  SignatureCertificateExpired = 'SIGNATURE_CERTIFICATE_EXPIRED',
  /** The key type (SIGN / AUTH) is not the one this action accepts. */
  SignatureKeyUsageNotAllowed = 'SIGNATURE_KEY_USAGE_NOT_ALLOWED',
  /** The revocation status of the certificate cannot be established right now (OCSP/CRL unreachable). */
  SignatureRevocationUnavailable = 'SIGNATURE_REVOCATION_UNAVAILABLE',
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
  /** The webhook URL is refused: not http(s), credentials in it, a private address (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES), or (in production) not https; `details.problem` says which. */
  WebhookUrlInvalid = 'WEBHOOK_URL_INVALID',
  /** The organization already has the maximum number of webhooks (20). */
  WebhookLimitReached = 'WEBHOOK_LIMIT_REACHED',
  /** The uploaded file is larger than DOCUMENT_MAX_BYTES; `details.maxBytes` gives the limit. */
  DocumentTooLarge = 'DOCUMENT_TOO_LARGE',
  /** The uploaded file part is empty (0 bytes). */
  DocumentEmpty = 'DOCUMENT_EMPTY',
  /** An upload has more than one file part: one document per request. */
  UploadMultipleFiles = 'UPLOAD_MULTIPLE_FILES',
  /** The CMS for a document or statement does not verify, or signs other bytes; `details` has the reason, indication and sub-indication. */
  DocumentSignatureInvalid = 'DOCUMENT_SIGNATURE_INVALID',
  /** The signer's certificate belongs to another BIN/IIN than the one that must sign (the sender, or the addressed recipient). */
  SignatureWrongOrganization = 'SIGNATURE_WRONG_ORGANIZATION',
  /** The signer's certificate roles are not allowed by the organization's signing policy for this kind of document; `details.allowedRoles` lists them. */
  SignatureRoleNotAllowed = 'SIGNATURE_ROLE_NOT_ALLOWED',
  /** The sender has already signed this document. */
  DocumentAlreadySignedBySender = 'DOCUMENT_ALREADY_SIGNED_BY_SENDER',
  /** Only a draft nobody has signed yet (not sent, in no package) can be edited or deleted. */
  DocumentNotDraft = 'DOCUMENT_NOT_DRAFT',
  /** The document must be signed by the sender before it is sent; `details.documentIds` lists the unsigned ones. */
  DocumentNotSigned = 'DOCUMENT_NOT_SIGNED',
  /** The document was already sent to this BIN/IIN. */
  DocumentRecipientExists = 'DOCUMENT_RECIPIENT_EXISTS',
  /** The recipient has already answered (signed, refused, asked for a correction, or an annulment is under way): its link cannot be revoked, nor can it be replaced. */
  DocumentRecipientAnswered = 'DOCUMENT_RECIPIENT_ANSWERED',
  /** The sender replaced this recipient with another: it no longer takes part in the document. */
  DocumentRecipientWithdrawn = 'DOCUMENT_RECIPIENT_WITHDRAWN',
  /** No participant (registered organization) has this BIN/IIN. */
  ParticipantNotRegistered = 'PARTICIPANT_NOT_REGISTERED',
  /** The document belongs to a package (send the package), or is already sent and cannot join one. */
  DocumentInPackage = 'DOCUMENT_IN_PACKAGE',
  /** This recipient has already signed the document. */
  DocumentAlreadySigned = 'DOCUMENT_ALREADY_SIGNED',
  /** This recipient has refused the document: no further response is possible. */
  DocumentRefused = 'DOCUMENT_REFUSED',
  /** A correction was requested: this version gets no further response (send a corrected document). */
  DocumentCorrectionRequested = 'DOCUMENT_CORRECTION_REQUESTED',
  /** The document is annulled for this recipient: no action is possible any more. */
  DocumentAnnulled = 'DOCUMENT_ANNULLED',
  /** An annulment offer is open: it must be accepted or rejected first. */
  DocumentAnnulmentPending = 'DOCUMENT_ANNULMENT_PENDING',
  /** No annulment offer by the other side is open, so there is nothing to accept or reject. */
  DocumentAnnulmentNotOffered = 'DOCUMENT_ANNULMENT_NOT_OFFERED',
  /** The notice of receipt was already signed. */
  DocumentReceiptAlreadySigned = 'DOCUMENT_RECEIPT_ALREADY_SIGNED',
  /** This side of the document may not perform this action (e.g. the sender counter-signing). */
  DocumentActionNotAllowed = 'DOCUMENT_ACTION_NOT_ALLOWED',
  /** The statement was not issued by this service for this actor, document and action. */
  DocumentStatementInvalid = 'DOCUMENT_STATEMENT_INVALID',
  /** The statement is older than DOCUMENT_STATEMENT_TTL_SECONDS: ask for a new one. */
  DocumentStatementExpired = 'DOCUMENT_STATEMENT_EXPIRED',
  /** The statement was already used for an action. */
  DocumentStatementUsed = 'DOCUMENT_STATEMENT_USED',
  /** The organization's plan does not allow more outgoing documents. */
  DocumentQuotaExceeded = 'DOCUMENT_QUOTA_EXCEEDED',
  /** An all-or-nothing package is sent only when every document is signed by the sender; `details.documentIds` lists the others. */
  PackageIncomplete = 'PACKAGE_INCOMPLETE',
  /** No document link has this token. */
  LinkNotFound = 'LINK_NOT_FOUND',
  /** The document link has expired; ask the sender for a new one. */
  LinkExpired = 'LINK_EXPIRED',
  /** The sender has revoked this document link. */
  LinkRevoked = 'LINK_REVOKED',
  /** Notification preferences belong to a signed-in user; an API key has none. */
  NotificationPreferencesUserOnly = 'NOTIFICATION_PREFERENCES_USER_ONLY',
  /** Anything unexpected; details are in the server log under the request id. */
  Internal = 'INTERNAL_ERROR',
}

type Messages = Record<Locale, string>;

export const ERROR_CATALOG: Record<ErrorCode, { status: number; messages: Messages }> = {
  [ErrorCode.ValidationFailed]: {
    status: 400,
    messages: {
      en: 'The request contains invalid fields.',
      ru: 'Запрос содержит недопустимые поля.',
      kk: 'Сұрауда жарамсыз өрістер бар.',
    },
  },
  [ErrorCode.RouteNotFound]: {
    status: 404,
    messages: {
      en: 'There is no such API method.',
      ru: 'Такого метода API нет.',
      kk: 'Мұндай API әдісі жоқ.',
    },
  },
  [ErrorCode.NotFound]: {
    status: 404,
    messages: { en: 'Not found.', ru: 'Не найдено.', kk: 'Табылмады.' },
  },
  [ErrorCode.AuthRequired]: {
    status: 401,
    messages: {
      en: 'Sign in or present an API key.',
      ru: 'Войдите в систему или передайте API-ключ.',
      kk: 'Жүйеге кіріңіз немесе API кілтін беріңіз.',
    },
  },
  [ErrorCode.AuthInvalidCredentials]: {
    status: 401,
    messages: {
      en: 'Wrong login or password.',
      ru: 'Неверный логин или пароль.',
      kk: 'Логин немесе құпиясөз қате.',
    },
  },
  [ErrorCode.AuthAccountLocked]: {
    status: 423,
    messages: {
      en: 'Too many wrong passwords for this account from your address: try again after the time in Retry-After.',
      ru: 'Слишком много неверных паролей для этой учётной записи с вашего адреса: повторите после времени из Retry-After.',
      kk: 'Сіздің мекенжайыңыздан осы есептік жазбаға қате құпиясөз тым көп: Retry-After уақытынан кейін қайталаңыз.',
    },
  },
  [ErrorCode.AuthOrganizationRequired]: {
    status: 400,
    messages: {
      en: 'You belong to several organizations: choose one.',
      ru: 'Вы состоите в нескольких организациях: выберите одну.',
      kk: 'Сіз бірнеше ұйымның мүшесісіз: біреуін таңдаңыз.',
    },
  },
  [ErrorCode.CsrfTokenInvalid]: {
    status: 403,
    messages: {
      en: 'The CSRF token is missing or wrong; reload the page.',
      ru: 'CSRF-токен отсутствует или неверен; обновите страницу.',
      kk: 'CSRF токені жоқ немесе қате; бетті жаңартыңыз.',
    },
  },
  [ErrorCode.Forbidden]: {
    status: 403,
    messages: {
      en: 'You do not have the right to do this.',
      ru: 'У вас нет права на это действие.',
      kk: 'Сізде бұл әрекетке құқық жоқ.',
    },
  },
  [ErrorCode.OperatorAuthRequired]: {
    status: 401,
    messages: {
      en: 'The operator API needs a valid operator token.',
      ru: 'Для API оператора нужен действительный токен оператора.',
      kk: 'Оператор API үшін жарамды оператор токені қажет.',
    },
  },
  [ErrorCode.IdempotencyKeyReused]: {
    status: 409,
    messages: {
      en: 'This Idempotency-Key was already used with a different request.',
      ru: 'Этот Idempotency-Key уже использован с другим запросом.',
      kk: 'Бұл Idempotency-Key басқа сұрауда қолданылған.',
    },
  },
  [ErrorCode.IdempotencyRequestInProgress]: {
    status: 409,
    messages: {
      en: 'A request with this Idempotency-Key is still being processed.',
      ru: 'Запрос с этим Idempotency-Key ещё обрабатывается.',
      kk: 'Осы Idempotency-Key бар сұрау әлі өңделуде.',
    },
  },
  [ErrorCode.IdempotencyKeyInvalid]: {
    status: 400,
    messages: {
      en: 'Idempotency-Key must be 1 to 255 printable characters.',
      ru: 'Idempotency-Key должен содержать от 1 до 255 печатных символов.',
      kk: 'Idempotency-Key 1-ден 255-ке дейін басылатын таңбадан тұруы керек.',
    },
  },
  [ErrorCode.CursorInvalid]: {
    status: 400,
    messages: {
      en: 'The pagination cursor is invalid.',
      ru: 'Недопустимый курсор страницы.',
      kk: 'Бет курсоры жарамсыз.',
    },
  },
  [ErrorCode.RateLimited]: {
    status: 429,
    messages: {
      en: 'Too many requests; try again later.',
      ru: 'Слишком много запросов; повторите позже.',
      kk: 'Сұраулар тым көп; кейінірек қайталаңыз.',
    },
  },
  [ErrorCode.OrganizationExists]: {
    status: 409,
    messages: {
      en: 'An organization with this BIN/IIN is already registered.',
      ru: 'Организация с этим БИН/ИИН уже зарегистрирована.',
      kk: 'Осы БСН/ЖСН бар ұйым тіркелген.',
    },
  },
  [ErrorCode.UserExists]: {
    status: 409,
    messages: {
      en: 'Such a user already exists.',
      ru: 'Такой пользователь уже существует.',
      kk: 'Мұндай пайдаланушы бар.',
    },
  },
  [ErrorCode.MainUserImmutable]: {
    status: 409,
    messages: {
      en: 'The main user of the organization cannot be removed or restricted.',
      ru: 'Главного пользователя организации нельзя удалить или ограничить.',
      kk: 'Ұйымның негізгі пайдаланушысын жоюға немесе шектеуге болмайды.',
    },
  },
  [ErrorCode.RightsEscalation]: {
    status: 403,
    messages: {
      en: 'You cannot grant rights you do not have.',
      ru: 'Нельзя выдать права, которых нет у вас.',
      kk: 'Өзіңізде жоқ құқықтарды беруге болмайды.',
    },
  },
  [ErrorCode.ApiKeyRevoked]: {
    status: 409,
    messages: {
      en: 'The API key is already revoked.',
      ru: 'API-ключ уже отозван.',
      kk: 'API кілті бұрын кері қайтарылған.',
    },
  },
  [ErrorCode.PayloadTooLarge]: {
    status: 413,
    messages: {
      en: 'The request body is too large.',
      ru: 'Тело запроса слишком велико.',
      kk: 'Сұрау денесі тым үлкен.',
    },
  },
  [ErrorCode.MalformedRequest]: {
    status: 400,
    messages: {
      en: 'The request is malformed: invalid JSON or URL encoding.',
      ru: 'Запрос повреждён: некорректный JSON или кодировка URL.',
      kk: 'Сұрау бүлінген: JSON немесе URL кодтауы қате.',
    },
  },
  [ErrorCode.ServiceUnavailable]: {
    status: 503,
    messages: {
      en: 'The service is temporarily unavailable; try again later.',
      ru: 'Сервис временно недоступен; повторите позже.',
      kk: 'Қызмет уақытша қолжетімсіз; кейінірек қайталаңыз.',
    },
  },
  [ErrorCode.RequestTooComplex]: {
    status: 400,
    messages: {
      en: 'The request body nests too deeply or has too many fields.',
      ru: 'Тело запроса слишком глубоко вложено или содержит слишком много полей.',
      kk: 'Сұрау денесі тым терең салынған немесе өрістері тым көп.',
    },
  },
  [ErrorCode.UnsupportedMediaType]: {
    status: 415,
    messages: {
      en: 'Unsupported content type or charset: send JSON in UTF-8.',
      ru: 'Неподдерживаемый тип содержимого или кодировка: отправьте JSON в UTF-8.',
      kk: 'Мазмұн түрі немесе кодтауы қолдау көрсетілмейді: JSON-ды UTF-8 кодтауында жіберіңіз.',
    },
  },
  [ErrorCode.VerificationBusy]: {
    status: 503,
    messages: {
      en: 'All signature verification workers are busy; retry after the time in Retry-After.',
      ru: 'Все обработчики проверки подписей заняты; повторите через время из Retry-After.',
      kk: 'Қолтаңбаны тексеретін барлық өңдеушілер бос емес; Retry-After көрсеткен уақыттан кейін қайталаңыз.',
    },
  },
  [ErrorCode.NotASignature]: {
    status: 422,
    messages: {
      en: 'This file is not an electronic signature (CMS: .p7s, .cms, .sig) but a document or a certificate. Upload the signature file; for a detached signature, add the signed document as the second file.',
      ru: 'Этот файл — не электронная подпись (CMS: .p7s, .cms, .sig), а документ или сертификат. Загрузите файл подписи; для отсоединённой подписи добавьте вторым файлом подписанный документ.',
      kk: 'Бұл файл электрондық қолтаңба (CMS: .p7s, .cms, .sig) емес, құжат немесе сертификат. Қолтаңба файлын жүктеңіз; ажыратылған қолтаңба үшін екінші файл ретінде қол қойылған құжатты қосыңыз.',
    },
  },
  [ErrorCode.LegalVersionNotFound]: {
    status: 404,
    messages: {
      en: 'There is no such version of this document.',
      ru: 'Такой редакции документа нет.',
      kk: 'Құжаттың мұндай редакциясы жоқ.',
    },
  },
  [ErrorCode.LegalNoticeTooShort]: {
    status: 422,
    messages: {
      en: 'A new version must be published before the notice period: its effective date is too early.',
      ru: 'Новая редакция должна публиковаться заранее: дата вступления в силу слишком ранняя.',
      kk: 'Жаңа редакция алдын ала жариялануы керек: күшіне ену күні тым ерте.',
    },
  },
  [ErrorCode.LegalVersionOrder]: {
    status: 409,
    messages: {
      en: 'The new version must take effect after the latest published version.',
      ru: 'Новая редакция должна вступать в силу позже последней опубликованной.',
      kk: 'Жаңа редакция соңғы жарияланғаннан кейін күшіне енуі керек.',
    },
  },
  [ErrorCode.LegalVersionNotCurrent]: {
    status: 409,
    messages: {
      en: 'This version of the offer is not in force; sign the current version.',
      ru: 'Эта редакция оферты не действует; подпишите действующую редакцию.',
      kk: 'Офертаның бұл редакциясы қолданыста емес; қолданыстағы редакцияға қол қойыңыз.',
    },
  },
  [ErrorCode.SignatureInvalid]: {
    status: 401,
    messages: {
      en: 'The electronic signature is invalid.',
      ru: 'Электронная подпись недействительна.',
      kk: 'Электрондық қолтаңба жарамсыз.',
    },
  },
  [ErrorCode.SignatureContentMismatch]: {
    status: 401,
    messages: {
      en: 'The signature does not cover the expected text.',
      ru: 'Подпись поставлена не под ожидаемым текстом.',
      kk: 'Қолтаңба күтілген мәтінге қойылмаған.',
    },
  },
  [ErrorCode.SignatureCertificateUntrusted]: {
    status: 401,
    messages: {
      en: 'The certificate was not issued by a trusted certification authority (NCA RK).',
      ru: 'Сертификат выдан не доверенным удостоверяющим центром (НУЦ РК).',
      kk: 'Сертификатты сенімді куәландырушы орталық (ҰКО) бермеген.',
    },
  },
  [ErrorCode.SignatureCertificateRevoked]: {
    status: 403,
    messages: {
      en: 'The certificate is revoked.',
      ru: 'Сертификат отозван.',
      kk: 'Сертификат кері қайтарылған.',
    },
  },
  [ErrorCode.SignatureCertificateExpired]: {
    status: 403,
    messages: {
      en: 'The certificate is expired or not yet valid.',
      ru: 'Срок действия сертификата истёк или ещё не начался.',
      kk: 'Сертификаттың қолданылу мерзімі өткен немесе әлі басталмаған.',
    },
  },
  [ErrorCode.SignatureKeyUsageNotAllowed]: {
    status: 403,
    messages: {
      en: 'This key type is not accepted here: use the other key (SIGN / AUTH).',
      ru: 'Этот тип ключа здесь не принимается: используйте другой ключ (SIGN / AUTH).',
      kk: 'Мұнда бұл кілт түрі қабылданбайды: басқа кілтті пайдаланыңыз (SIGN / AUTH).',
    },
  },
  [ErrorCode.SignatureRevocationUnavailable]: {
    status: 503,
    messages: {
      en: 'The certificate status cannot be checked right now; try again later.',
      ru: 'Статус сертификата сейчас проверить не удаётся; повторите позже.',
      kk: 'Сертификат мәртебесін қазір тексеру мүмкін емес; кейінірек қайталаңыз.',
    },
  },
  [ErrorCode.RegistrationCertificateUnsuitable]: {
    status: 422,
    messages: {
      en: 'Register with a personal or employee certificate that carries an IIN.',
      ru: 'Для регистрации нужен сертификат физического лица или сотрудника с ИИН.',
      kk: 'Тіркелу үшін ЖСН бар жеке тұлғаның немесе қызметкердің сертификаты қажет.',
    },
  },
  [ErrorCode.RegistrationRoleNotAllowed]: {
    status: 403,
    messages: {
      en: 'Only the first head or a person with signing right may register the organization.',
      ru: 'Зарегистрировать организацию может только первый руководитель или лицо с правом подписи.',
      kk: 'Ұйымды тек бірінші басшы немесе қол қою құқығы бар тұлға тіркей алады.',
    },
  },
  [ErrorCode.RegistrationInvitationRequired]: {
    status: 409,
    messages: {
      en: 'This organization is already registered: ask its main user for an invitation.',
      ru: 'Организация уже зарегистрирована: попросите приглашение у её главного пользователя.',
      kk: 'Ұйым тіркелген: оның негізгі пайдаланушысынан шақыру сұраңыз.',
    },
  },
  [ErrorCode.AuthChallengeInvalid]: {
    status: 401,
    messages: {
      en: 'Unknown login challenge; request a new one.',
      ru: 'Неизвестный запрос на вход; запросите новый.',
      kk: 'Кіру сұрауы белгісіз; жаңасын сұраңыз.',
    },
  },
  [ErrorCode.AuthChallengeExpired]: {
    status: 401,
    messages: {
      en: 'The login challenge has expired; request a new one.',
      ru: 'Срок запроса на вход истёк; запросите новый.',
      kk: 'Кіру сұрауының мерзімі өтті; жаңасын сұраңыз.',
    },
  },
  [ErrorCode.AuthChallengeReplayed]: {
    status: 401,
    messages: {
      en: 'This login challenge was already used.',
      ru: 'Этот запрос на вход уже использован.',
      kk: 'Бұл кіру сұрауы бұрын пайдаланылған.',
    },
  },
  [ErrorCode.AuthCertificateUnknown]: {
    status: 401,
    messages: {
      en: 'No user with the IIN of this certificate: register or ask for an invitation.',
      ru: 'Пользователя с ИИН этого сертификата нет: зарегистрируйтесь или попросите приглашение.',
      kk: 'Осы сертификаттың ЖСН-і бар пайдаланушы жоқ: тіркеліңіз немесе шақыру сұраңыз.',
    },
  },
  [ErrorCode.AuthCertificateOrganizationMismatch]: {
    status: 403,
    messages: {
      en: 'This certificate belongs to another organization.',
      ru: 'Этот сертификат принадлежит другой организации.',
      kk: 'Бұл сертификат басқа ұйымға тиесілі.',
    },
  },
  [ErrorCode.InvitationExists]: {
    status: 409,
    messages: {
      en: 'This person already has an open invitation.',
      ru: 'У этого человека уже есть действующее приглашение.',
      kk: 'Бұл адамның әрекеттегі шақыруы бар.',
    },
  },
  [ErrorCode.InvitationOtherPerson]: {
    status: 409,
    messages: {
      en: 'The invitation was not used: it is for another IIN than that of your key. Log in with the key of the invited person, or continue to your own cabinet.',
      ru: 'Приглашение не использовано: оно выписано на другой ИИН, чем у вашего ключа. Войдите ключом приглашённого человека или продолжите в свой кабинет.',
      kk: 'Шақыру пайдаланылмады: ол сіздің кілтіңіздегіден басқа ЖСН-ге жазылған. Шақырылған адамның кілтімен кіріңіз немесе өз кабинетіңізге өтіңіз.',
    },
  },
  [ErrorCode.InvitationNotOpen]: {
    status: 410,
    messages: {
      en: 'This invitation can no longer be used (accepted, revoked or expired): ask the organization for a new one.',
      ru: 'Это приглашение больше нельзя использовать (принято, отозвано или истекло): попросите организацию прислать новое.',
      kk: 'Бұл шақыруды енді пайдалануға болмайды (қабылданған, кері қайтарылған немесе мерзімі өткен): ұйымнан жаңасын сұраңыз.',
    },
  },
  [ErrorCode.EmailTaken]: {
    status: 409,
    messages: {
      en: 'Another account already uses this e-mail.',
      ru: 'Этот e-mail уже использует другая учётная запись.',
      kk: 'Бұл e-mail-ды басқа есептік жазба пайдаланады.',
    },
  },
  [ErrorCode.EmailConfirmationInvalid]: {
    status: 410,
    messages: {
      en: 'This confirmation link can no longer be used (already used, replaced or expired): enter the e-mail again to get a new one.',
      ru: 'Эта ссылка подтверждения больше не действует (уже использована, заменена или истекла): укажите e-mail ещё раз, чтобы получить новую.',
      kk: 'Бұл растау сілтемесі енді жарамсыз (пайдаланылған, ауыстырылған немесе мерзімі өткен): жаңасын алу үшін e-mail-ды қайта енгізіңіз.',
    },
  },
  [ErrorCode.WebhookUrlInvalid]: {
    status: 400,
    messages: {
      en: 'This webhook URL cannot be used.',
      ru: 'Этот адрес веб-хука использовать нельзя.',
      kk: 'Бұл веб-хук мекенжайын пайдалануға болмайды.',
    },
  },
  [ErrorCode.WebhookLimitReached]: {
    status: 409,
    messages: {
      en: 'The organization already has the maximum number of webhooks.',
      ru: 'У организации уже максимальное число веб-хуков.',
      kk: 'Ұйымда веб-хуктардың ең көп саны бар.',
    },
  },
  [ErrorCode.DocumentTooLarge]: {
    status: 413,
    messages: {
      en: 'The file is too large.',
      ru: 'Файл слишком большой.',
      kk: 'Файл тым үлкен.',
    },
  },
  [ErrorCode.DocumentEmpty]: {
    status: 400,
    messages: {
      en: 'The file is empty.',
      ru: 'Файл пустой.',
      kk: 'Файл бос.',
    },
  },
  [ErrorCode.UploadMultipleFiles]: {
    status: 400,
    messages: {
      en: 'Upload one file per request, in the part named "file".',
      ru: 'Загружайте один файл за запрос, в части с именем "file".',
      kk: 'Бір сұрауда бір файл жүктеңіз, "file" деп аталған бөлікте.',
    },
  },
  [ErrorCode.DocumentSignatureInvalid]: {
    status: 422,
    messages: {
      en: 'The signature does not verify for this document.',
      ru: 'Подпись не проходит проверку для этого документа.',
      kk: 'Қолтаңба осы құжат үшін тексеруден өтпейді.',
    },
  },
  [ErrorCode.SignatureWrongOrganization]: {
    status: 403,
    messages: {
      en: 'The certificate belongs to another organization.',
      ru: 'Сертификат принадлежит другой организации.',
      kk: 'Сертификат басқа ұйымға тиесілі.',
    },
  },
  [ErrorCode.SignatureRoleNotAllowed]: {
    status: 403,
    messages: {
      en: 'This certificate role may not sign this kind of document.',
      ru: 'Роль этого сертификата не позволяет подписывать документы такого вида.',
      kk: 'Бұл сертификаттың рөлі осындай құжатқа қол қоюға рұқсат бермейді.',
    },
  },
  [ErrorCode.DocumentAlreadySignedBySender]: {
    status: 409,
    messages: {
      en: 'The document is already signed by the sender.',
      ru: 'Документ уже подписан отправителем.',
      kk: 'Құжатқа жіберуші қол қойып қойған.',
    },
  },
  [ErrorCode.DocumentNotDraft]: {
    status: 409,
    messages: {
      en: 'The document is already signed, sent or in a package: only an unsigned draft can be changed or deleted. Upload a new document instead.',
      ru: 'Документ уже подписан, отправлен или включён в пакет: изменить или удалить можно только неподписанный черновик. Загрузите новый документ.',
      kk: 'Құжатқа қол қойылған, ол жіберілген немесе пакетке енгізілген: тек қол қойылмаған жобаны өзгертуге не жоюға болады. Жаңа құжат жүктеңіз.',
    },
  },
  [ErrorCode.DocumentNotSigned]: {
    status: 409,
    messages: {
      en: 'Sign the document before sending it.',
      ru: 'Подпишите документ перед отправкой.',
      kk: 'Жібермес бұрын құжатқа қол қойыңыз.',
    },
  },
  [ErrorCode.DocumentRecipientExists]: {
    status: 409,
    messages: {
      en: 'The document was already sent to this recipient.',
      ru: 'Документ уже отправлен этому получателю.',
      kk: 'Құжат бұл алушыға жіберіліп қойған.',
    },
  },
  [ErrorCode.DocumentRecipientAnswered]: {
    status: 409,
    messages: {
      en: 'The recipient has already answered the document: its link cannot be revoked and it cannot be replaced.',
      ru: 'Получатель уже ответил на документ: его ссылку нельзя отозвать, а самого получателя — заменить.',
      kk: 'Алушы құжатқа жауап беріп қойған: оның сілтемесін кері қайтаруға да, алушыны ауыстыруға да болмайды.',
    },
  },
  [ErrorCode.DocumentRecipientWithdrawn]: {
    status: 409,
    messages: {
      en: 'The sender replaced this recipient with another one.',
      ru: 'Отправитель заменил этого получателя другим.',
      kk: 'Жіберуші бұл алушыны басқасымен ауыстырды.',
    },
  },
  [ErrorCode.ParticipantNotRegistered]: {
    status: 404,
    messages: {
      en: 'No participant with this BIN/IIN is registered in the service.',
      ru: 'Участник с таким БИН/ИИН не зарегистрирован в сервисе.',
      kk: 'Мұндай БСН/ЖСН бар қатысушы сервисте тіркелмеген.',
    },
  },
  [ErrorCode.DocumentInPackage]: {
    status: 409,
    messages: {
      en: 'The document cannot be used this way because of its package.',
      ru: 'Документ нельзя использовать так из-за его пакета.',
      kk: 'Құжатты оның пакетіне байланысты бұлай пайдалануға болмайды.',
    },
  },
  [ErrorCode.DocumentAlreadySigned]: {
    status: 409,
    messages: {
      en: 'The recipient has already signed the document.',
      ru: 'Получатель уже подписал документ.',
      kk: 'Алушы құжатқа қол қойып қойған.',
    },
  },
  [ErrorCode.DocumentRefused]: {
    status: 409,
    messages: {
      en: 'The document was refused.',
      ru: 'Документ отклонён.',
      kk: 'Құжаттан бас тартылды.',
    },
  },
  [ErrorCode.DocumentCorrectionRequested]: {
    status: 409,
    messages: {
      en: 'A correction of the document was requested.',
      ru: 'Запрошено исправление документа.',
      kk: 'Құжатты түзету сұралды.',
    },
  },
  [ErrorCode.DocumentAnnulled]: {
    status: 409,
    messages: {
      en: 'The document is annulled.',
      ru: 'Документ аннулирован.',
      kk: 'Құжат күшін жойды.',
    },
  },
  [ErrorCode.DocumentAnnulmentPending]: {
    status: 409,
    messages: {
      en: 'An annulment offer is pending.',
      ru: 'Ожидается ответ на предложение об аннулировании.',
      kk: 'Күшін жою туралы ұсынысқа жауап күтілуде.',
    },
  },
  [ErrorCode.DocumentAnnulmentNotOffered]: {
    status: 409,
    messages: {
      en: 'There is no annulment offer to answer.',
      ru: 'Нет предложения об аннулировании, на которое можно ответить.',
      kk: 'Жауап беретін күшін жою туралы ұсыныс жоқ.',
    },
  },
  [ErrorCode.DocumentReceiptAlreadySigned]: {
    status: 409,
    messages: {
      en: 'The receipt was already confirmed.',
      ru: 'Получение уже подтверждено.',
      kk: 'Алу расталып қойған.',
    },
  },
  [ErrorCode.DocumentActionNotAllowed]: {
    status: 403,
    messages: {
      en: 'You cannot perform this action on this document.',
      ru: 'Вы не можете выполнить это действие с документом.',
      kk: 'Бұл құжатпен бұл әрекетті орындай алмайсыз.',
    },
  },
  [ErrorCode.DocumentStatementInvalid]: {
    status: 400,
    messages: {
      en: 'The statement was not issued for this action.',
      ru: 'Заявление не было выдано для этого действия.',
      kk: 'Өтініш осы әрекет үшін берілмеген.',
    },
  },
  [ErrorCode.DocumentStatementExpired]: {
    status: 410,
    messages: {
      en: 'The statement has expired; request a new one.',
      ru: 'Срок заявления истёк; запросите новое.',
      kk: 'Өтініштің мерзімі өтті; жаңасын сұраңыз.',
    },
  },
  [ErrorCode.DocumentStatementUsed]: {
    status: 409,
    messages: {
      en: 'The statement was already used.',
      ru: 'Заявление уже использовано.',
      kk: 'Өтініш пайдаланылып қойған.',
    },
  },
  [ErrorCode.DocumentQuotaExceeded]: {
    status: 402,
    messages: {
      en: 'The outgoing document limit is reached.',
      ru: 'Достигнут лимит исходящих документов.',
      kk: 'Шығыс құжаттар шегіне жетті.',
    },
  },
  [ErrorCode.PackageIncomplete]: {
    status: 409,
    messages: {
      en: 'Every document of the package must be signed first.',
      ru: 'Сначала должны быть подписаны все документы пакета.',
      kk: 'Алдымен пакеттің барлық құжаттарына қол қойылуы керек.',
    },
  },
  [ErrorCode.LinkNotFound]: {
    status: 404,
    messages: {
      en: 'The link is not valid.',
      ru: 'Ссылка недействительна.',
      kk: 'Сілтеме жарамсыз.',
    },
  },
  [ErrorCode.LinkExpired]: {
    status: 410,
    messages: {
      en: 'The link has expired.',
      ru: 'Срок действия ссылки истёк.',
      kk: 'Сілтеменің мерзімі өтті.',
    },
  },
  [ErrorCode.LinkRevoked]: {
    status: 410,
    messages: {
      en: 'The link was revoked by the sender.',
      ru: 'Ссылка отозвана отправителем.',
      kk: 'Сілтемені жіберуші кері қайтарды.',
    },
  },
  [ErrorCode.NotificationPreferencesUserOnly]: {
    status: 403,
    messages: {
      en: 'Notification settings belong to a signed-in user, not to an API key.',
      ru: 'Настройки уведомлений есть только у вошедшего пользователя, не у API-ключа.',
      kk: 'Хабарлама баптаулары API кілтіне емес, жүйеге кірген пайдаланушыға тиесілі.',
    },
  },
  [ErrorCode.Internal]: {
    status: 500,
    messages: {
      en: 'Internal error. Quote the request id to support.',
      ru: 'Внутренняя ошибка. Сообщите в поддержку идентификатор запроса.',
      kk: 'Ішкі қате. Қолдау қызметіне сұрау идентификаторын хабарлаңыз.',
    },
  },
};
