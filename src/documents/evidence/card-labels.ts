// Words of the document card in Russian, Kazakh and English. Reasons follow the ETSI EN 319 102-1
// sub-indications of the verification report, said the way a person reading a printout needs them.

import type { Indication, KeyUsageClass, KzRole, SubIndication } from '../../signing';
import type { EvidenceSignatureAction, EvidenceSignatureRole } from './evidence-model';

export type CardLocale = 'ru' | 'kk' | 'en';
export const CARD_LOCALES: readonly CardLocale[] = ['ru', 'kk', 'en'];

type Words<K extends string> = Readonly<Record<K, string>>;

interface CardLabels {
  readonly cardTitle: string;
  readonly documentSection: string;
  readonly kind: string;
  readonly number: string;
  readonly date: string;
  readonly amount: string;
  readonly fileName: string;
  readonly size: string;
  readonly bytes: string;
  readonly sha256: string;
  readonly documentId: string;
  readonly createdAt: string;
  readonly sender: string;
  readonly email: string;
  readonly status: string;
  readonly signaturesSection: string;
  readonly noSignatures: string;
  readonly signature: string;
  readonly signer: string;
  readonly iin: string;
  readonly bin: string;
  readonly organization: string;
  readonly roles: string;
  readonly keyUsage: string;
  readonly certificate: string;
  readonly signingTime: string;
  readonly timestamp: string;
  readonly tsa: string;
  readonly noTimestamp: string;
  readonly acceptedAt: string;
  readonly signedContent: string;
  readonly signedDocument: string;
  readonly signedStatement: string;
  readonly result: string;
  readonly level: string;
  readonly checkedAt: string;
  readonly statementText: string;
  readonly eventsSection: string;
  readonly noEvents: string;
  readonly eventTime: string;
  readonly event: string;
  readonly actor: string;
  readonly scanToVerify: string;
  readonly generatedAt: string;
  readonly timeZoneNote: string;
  readonly page: (page: number, total: number) => string;
  readonly partyRole: Words<EvidenceSignatureRole>;
  readonly action: Words<EvidenceSignatureAction>;
  readonly kzRole: Words<KzRole>;
  readonly keyUsageClass: Words<KeyUsageClass>;
  readonly indication: Words<Indication>;
  readonly subIndication: Words<SubIndication>;
  readonly eventType: Readonly<Record<string, string>>;
  readonly documentKind: Readonly<Record<string, string>>;
  // A recipient's status axes (EvidenceRecipient.statuses: status, receipt, response, annulment)
  // in words; an axis or value not listed prints as it is (the card never hides a state).
  readonly recipientAxis: Readonly<Record<string, string>>;
  readonly recipientStatus: Readonly<Record<string, Readonly<Record<string, string>>>>;
  // Who caused an event, when it is not a user of an organization.
  readonly linkRecipient: (identifier: string, name?: string) => string;
  // A recipient the sender replaced (a mistyped BIN/IIN), with the day: printed instead of its status.
  readonly replaced: (date: string) => string;
  readonly service: string;
  readonly apiKey: string;
}

const ru: CardLabels = {
  documentKind: {
    contract: 'Договор',
    act: 'Акт выполненных работ (оказанных услуг)',
    invoice: 'Счёт на оплату',
    waybill: 'Накладная',
    other: 'Прочий документ',
  },
  recipientAxis: { status: 'Статус', receipt: 'получение', response: 'ответ', annulment: 'аннулирование' },
  recipientStatus: {
    status: {
      draft: 'черновик',
      signed_by_sender: 'подписан отправителем',
      sent: 'отправлен',
      awaiting_recipient: 'ждёт получателя',
      signed_by_both: 'подписан обеими сторонами',
      refused: 'отказ в подписании',
      correction_requested: 'запрошено уточнение',
      annulment_offered: 'предложено аннулирование',
      annulled: 'аннулирован',
    },
    receipt: {
      none: 'не доставлен',
      delivered: 'доставлен',
      opened: 'открыт',
      receipt_signed: 'получение подтверждено подписью',
    },
    response: { awaiting: 'ожидается', signed: 'подписан', refused: 'отказ', correction_requested: 'запрошено уточнение' },
    annulment: {
      none: 'нет',
      offered_by_sender: 'предложено отправителем',
      offered_by_recipient: 'предложено получателем',
      accepted: 'принято',
      rejected: 'отклонено',
    },
  },
  linkRecipient: (identifier, name) =>
    name ? `${name} (получатель по ссылке, ИИН/БИН ${identifier})` : `Получатель по ссылке, ИИН/БИН ${identifier}`,
  replaced: (date) => `Заменён ${date}`,
  service: 'Сервис ЭДО',
  apiKey: 'через API',
  cardTitle: 'Карточка электронного документа',
  documentSection: 'Документ',
  kind: 'Вид документа',
  number: 'Номер',
  date: 'Дата документа',
  amount: 'Сумма',
  fileName: 'Файл',
  size: 'Размер',
  bytes: 'байт',
  sha256: 'SHA-256 файла',
  documentId: 'Идентификатор',
  createdAt: 'Загружен',
  sender: 'Отправитель',
  email: 'E-mail',
  status: 'Статус',
  signaturesSection: 'Подписи',
  noSignatures: 'Документ ещё не подписан.',
  signature: 'Подпись',
  signer: 'Подписант',
  iin: 'ИИН',
  bin: 'БИН',
  organization: 'Организация',
  roles: 'Роль',
  keyUsage: 'Назначение ключа',
  certificate: 'Сертификат',
  signingTime: 'Время подписания (со слов подписанта)',
  timestamp: 'Метка времени',
  tsa: 'Служба меток времени',
  noTimestamp: 'нет',
  acceptedAt: 'Принята сервисом',
  signedContent: 'Что подписано',
  signedDocument: 'файл документа',
  signedStatement: 'заявление',
  result: 'Результат проверки',
  level: 'Уровень CAdES',
  checkedAt: 'проверено',
  statementText: 'Текст заявления',
  eventsSection: 'История документа',
  noEvents: 'Событий нет.',
  eventTime: 'Время',
  event: 'Событие',
  actor: 'Участник',
  scanToVerify: 'Проверить онлайн',
  generatedAt: 'Карточка сформирована',
  timeZoneNote: 'Время указано по Алматы',
  page: (page, total) => `Стр. ${page} из ${total}`,
  partyRole: { sender: 'Отправитель', recipient: 'Получатель' },
  action: {
    sign: 'Подписание документа',
    receipt: 'Квитанция о получении',
    refuse: 'Отказ в подписании',
    request_correction: 'Запрос на уточнение',
    offer_annulment: 'Предложение об аннулировании',
    accept_annulment: 'Согласие на аннулирование',
    reject_annulment: 'Отказ от аннулирования',
  },
  kzRole: {
    INDIVIDUAL: 'Физическое лицо',
    ORGANIZATION: 'Юридическое лицо',
    CEO: 'Первый руководитель',
    CAN_SIGN: 'Лицо с правом подписи',
    CAN_SIGN_FINANCIAL: 'Право подписи финансовых документов',
    HR: 'Сотрудник отдела кадров',
    EMPLOYEE: 'Сотрудник организации',
    INFORMATION_SYSTEM: 'Информационная система',
  },
  keyUsageClass: { SIGN: 'Подпись (неотрекаемость)', AUTH: 'Только аутентификация', UNKNOWN: 'Не определено' },
  indication: {
    TOTAL_PASSED: 'Подпись действительна',
    TOTAL_FAILED: 'Подпись недействительна',
    INDETERMINATE: 'Подпись не удалось подтвердить',
  },
  subIndication: {
    FORMAT_FAILURE: 'неверный формат подписи',
    HASH_FAILURE: 'подписанные данные были изменены',
    SIG_CRYPTO_FAILURE: 'значение подписи не сходится с ключом сертификата',
    REVOKED: 'сертификат подписанта отозван',
    EXPIRED: 'срок действия сертификата истёк до подписания',
    NOT_YET_VALID: 'сертификат ещё не действовал',
    NO_SIGNING_CERTIFICATE_FOUND: 'сертификат подписанта не найден',
    SIGNED_DATA_NOT_FOUND: 'подписанные данные отсутствуют',
    NO_CERTIFICATE_CHAIN_FOUND: 'нет цепочки до доверенного удостоверяющего центра',
    CERTIFICATE_CHAIN_GENERAL_FAILURE: 'ошибка в цепочке сертификатов',
    REVOKED_NO_POE: 'сертификат отозван, и нет доказательства, что подпись сделана раньше',
    REVOKED_CA_NO_POE: 'отозван сертификат удостоверяющего центра в цепочке',
    OUT_OF_BOUNDS_NO_POE: 'сертификат вне срока действия, время подписания не доказано',
    OUT_OF_BOUNDS_NOT_REVOKED: 'срок действия сертификата истёк (сертификат не отозван)',
    CHAIN_CONSTRAINTS_FAILURE: 'цепочка сертификатов нарушает ограничения',
    TRY_LATER: 'статус отзыва пока не получен, повторите проверку позже',
    CRYPTO_CONSTRAINTS_FAILURE: 'использован недостаточно стойкий алгоритм',
    SIG_CONSTRAINTS_FAILURE: 'подпись не отвечает требованиям политики (например, ключ не для подписи)',
    TIMESTAMP_ORDER_FAILURE: 'метка времени позже момента проверки',
  },
  eventType: {
    'document.uploaded': 'Документ загружен',
    'document.edited': 'Реквизиты черновика изменены',
    'document.deleted': 'Черновик удалён',
    'document.signed_by_sender': 'Подписан отправителем',
    'document.sent': 'Отправлен',
    'document.received': 'Получен',
    'document.delivered': 'Доставлен',
    'document.opened': 'Открыт получателем',
    'document.receipt_signed': 'Подписана квитанция о получении',
    'document.signed_by_recipient': 'Подписан получателем',
    'document.refused': 'Отказ в подписании',
    'document.correction_requested': 'Запрошено уточнение',
    'document.annulment_offered': 'Предложено аннулирование',
    'document.annulment_accepted': 'Аннулирование принято',
    'document.annulment_rejected': 'Аннулирование отклонено',
    'document.link_revoked': 'Ссылка отозвана',
    'document.recipient_replaced': 'Получатель заменён',
  },
};

const kk: CardLabels = {
  documentKind: {
    contract: 'Шарт',
    act: 'Орындалған жұмыстар (көрсетілген қызметтер) актісі',
    invoice: 'Төлем шоты',
    waybill: 'Жүкқұжат',
    other: 'Басқа құжат',
  },
  recipientAxis: { status: 'Мәртебесі', receipt: 'алу', response: 'жауап', annulment: 'күшін жою' },
  recipientStatus: {
    status: {
      draft: 'жоба',
      signed_by_sender: 'жіберуші қол қойды',
      sent: 'жіберілді',
      awaiting_recipient: 'алушыны күтуде',
      signed_by_both: 'екі тарап қол қойды',
      refused: 'қол қоюдан бас тартылды',
      correction_requested: 'нақтылау сұралды',
      annulment_offered: 'күшін жою ұсынылды',
      annulled: 'күші жойылды',
    },
    receipt: { none: 'жеткізілмеді', delivered: 'жеткізілді', opened: 'ашылды', receipt_signed: 'алғаны қолтаңбамен расталды' },
    response: { awaiting: 'күтілуде', signed: 'қол қойылды', refused: 'бас тартылды', correction_requested: 'нақтылау сұралды' },
    annulment: {
      none: 'жоқ',
      offered_by_sender: 'жіберуші ұсынды',
      offered_by_recipient: 'алушы ұсынды',
      accepted: 'қабылданды',
      rejected: 'қабылданбады',
    },
  },
  linkRecipient: (identifier, name) =>
    name ? `${name} (сілтеме арқылы алушы, ЖСН/БСН ${identifier})` : `Сілтеме арқылы алушы, ЖСН/БСН ${identifier}`,
  replaced: (date) => `Ауыстырылды ${date}`,
  service: 'ЭҚА сервисі',
  apiKey: 'API арқылы',
  cardTitle: 'Электрондық құжат карточкасы',
  documentSection: 'Құжат',
  kind: 'Құжат түрі',
  number: 'Нөмірі',
  date: 'Құжат күні',
  amount: 'Сомасы',
  fileName: 'Файл',
  size: 'Көлемі',
  bytes: 'байт',
  sha256: 'Файлдың SHA-256 мәні',
  documentId: 'Сәйкестендіргіш',
  createdAt: 'Жүктелген',
  sender: 'Жіберуші',
  email: 'E-mail',
  status: 'Мәртебесі',
  signaturesSection: 'Қолтаңбалар',
  noSignatures: 'Құжатқа әлі қол қойылмаған.',
  signature: 'Қолтаңба',
  signer: 'Қол қоюшы',
  iin: 'ЖСН',
  bin: 'БСН',
  organization: 'Ұйым',
  roles: 'Рөлі',
  keyUsage: 'Кілттің мақсаты',
  certificate: 'Сертификат',
  signingTime: 'Қол қою уақыты (қол қоюшының айтуы бойынша)',
  timestamp: 'Уақыт белгісі',
  tsa: 'Уақыт белгісі қызметі',
  noTimestamp: 'жоқ',
  acceptedAt: 'Сервис қабылдаған',
  signedContent: 'Неге қол қойылды',
  signedDocument: 'құжат файлы',
  signedStatement: 'өтініш',
  result: 'Тексеру нәтижесі',
  level: 'CAdES деңгейі',
  checkedAt: 'тексерілген',
  statementText: 'Өтініш мәтіні',
  eventsSection: 'Құжат тарихы',
  noEvents: 'Оқиғалар жоқ.',
  eventTime: 'Уақыты',
  event: 'Оқиға',
  actor: 'Қатысушы',
  scanToVerify: 'Онлайн тексеру',
  generatedAt: 'Карточка жасалған',
  timeZoneNote: 'Уақыт Алматы бойынша көрсетілген',
  page: (page, total) => `${total} беттің ${page}-беті`,
  partyRole: { sender: 'Жіберуші', recipient: 'Алушы' },
  action: {
    sign: 'Құжатқа қол қою',
    receipt: 'Алғаны туралы түбіртек',
    refuse: 'Қол қоюдан бас тарту',
    request_correction: 'Нақтылауға сұрау',
    offer_annulment: 'Күшін жою ұсынысы',
    accept_annulment: 'Күшін жоюға келісім',
    reject_annulment: 'Күшін жоюдан бас тарту',
  },
  kzRole: {
    INDIVIDUAL: 'Жеке тұлға',
    ORGANIZATION: 'Заңды тұлға',
    CEO: 'Бірінші басшы',
    CAN_SIGN: 'Қол қою құқығы бар тұлға',
    CAN_SIGN_FINANCIAL: 'Қаржы құжаттарына қол қою құқығы',
    HR: 'Кадр бөлімінің қызметкері',
    EMPLOYEE: 'Ұйым қызметкері',
    INFORMATION_SYSTEM: 'Ақпараттық жүйе',
  },
  keyUsageClass: { SIGN: 'Қол қою (бас тартпау)', AUTH: 'Тек аутентификация', UNKNOWN: 'Анықталмаған' },
  indication: {
    TOTAL_PASSED: 'Қолтаңба жарамды',
    TOTAL_FAILED: 'Қолтаңба жарамсыз',
    INDETERMINATE: 'Қолтаңбаны растау мүмкін болмады',
  },
  subIndication: {
    FORMAT_FAILURE: 'қолтаңба пішімі дұрыс емес',
    HASH_FAILURE: 'қол қойылған деректер өзгертілген',
    SIG_CRYPTO_FAILURE: 'қолтаңба мәні сертификат кілтіне сәйкес келмейді',
    REVOKED: 'қол қоюшының сертификаты кері қайтарылған',
    EXPIRED: 'сертификаттың қолданылу мерзімі қол қойылғанға дейін өткен',
    NOT_YET_VALID: 'сертификат әлі күшіне енбеген',
    NO_SIGNING_CERTIFICATE_FOUND: 'қол қоюшының сертификаты табылмады',
    SIGNED_DATA_NOT_FOUND: 'қол қойылған деректер жоқ',
    NO_CERTIFICATE_CHAIN_FOUND: 'сенімді куәландырушы орталыққа дейінгі тізбек жоқ',
    CERTIFICATE_CHAIN_GENERAL_FAILURE: 'сертификаттар тізбегінде қате бар',
    REVOKED_NO_POE: 'сертификат кері қайтарылған, қолтаңба одан бұрын қойылғанының дәлелі жоқ',
    REVOKED_CA_NO_POE: 'тізбектегі куәландырушы орталықтың сертификаты кері қайтарылған',
    OUT_OF_BOUNDS_NO_POE: 'сертификат мерзімінен тыс, қол қою уақыты дәлелденбеген',
    OUT_OF_BOUNDS_NOT_REVOKED: 'сертификаттың мерзімі өткен (кері қайтарылмаған)',
    CHAIN_CONSTRAINTS_FAILURE: 'сертификаттар тізбегі шектеулерді бұзады',
    TRY_LATER: 'кері қайтару мәртебесі әзірге алынбады, кейінірек қайта тексеріңіз',
    CRYPTO_CONSTRAINTS_FAILURE: 'жеткілікті берік емес алгоритм қолданылған',
    SIG_CONSTRAINTS_FAILURE: 'қолтаңба саясат талаптарына сай емес (мысалы, кілт қол қоюға арналмаған)',
    TIMESTAMP_ORDER_FAILURE: 'уақыт белгісі тексеру сәтінен кейін',
  },
  eventType: {
    'document.uploaded': 'Құжат жүктелді',
    'document.edited': 'Жоба деректемелері өзгертілді',
    'document.deleted': 'Жоба жойылды',
    'document.signed_by_sender': 'Жіберуші қол қойды',
    'document.sent': 'Жіберілді',
    'document.received': 'Алынды',
    'document.delivered': 'Жеткізілді',
    'document.opened': 'Алушы ашты',
    'document.receipt_signed': 'Алғаны туралы түбіртекке қол қойылды',
    'document.signed_by_recipient': 'Алушы қол қойды',
    'document.refused': 'Қол қоюдан бас тартылды',
    'document.correction_requested': 'Нақтылау сұралды',
    'document.annulment_offered': 'Күшін жою ұсынылды',
    'document.annulment_accepted': 'Күшін жою қабылданды',
    'document.annulment_rejected': 'Күшін жоюдан бас тартылды',
    'document.link_revoked': 'Сілтеме кері қайтарылды',
    'document.recipient_replaced': 'Алушы ауыстырылды',
  },
};

const en: CardLabels = {
  documentKind: {
    contract: 'Contract',
    act: 'Act of completed works (services)',
    invoice: 'Invoice',
    waybill: 'Waybill',
    other: 'Other document',
  },
  recipientAxis: { status: 'Status', receipt: 'receipt', response: 'response', annulment: 'annulment' },
  recipientStatus: {
    status: {
      draft: 'draft',
      signed_by_sender: 'signed by the sender',
      sent: 'sent',
      awaiting_recipient: 'awaiting the recipient',
      signed_by_both: 'signed by both parties',
      refused: 'refused',
      correction_requested: 'correction requested',
      annulment_offered: 'annulment offered',
      annulled: 'annulled',
    },
    receipt: {
      none: 'not delivered',
      delivered: 'delivered',
      opened: 'opened',
      receipt_signed: 'receipt confirmed by signature',
    },
    response: { awaiting: 'awaited', signed: 'signed', refused: 'refused', correction_requested: 'correction requested' },
    annulment: {
      none: 'none',
      offered_by_sender: 'offered by the sender',
      offered_by_recipient: 'offered by the recipient',
      accepted: 'accepted',
      rejected: 'rejected',
    },
  },
  linkRecipient: (identifier, name) =>
    name ? `${name} (recipient by link, IIN/BIN ${identifier})` : `Recipient by link, IIN/BIN ${identifier}`,
  replaced: (date) => `Replaced ${date}`,
  service: 'EDO service',
  apiKey: 'via API',
  cardTitle: 'Electronic document card',
  documentSection: 'Document',
  kind: 'Document kind',
  number: 'Number',
  date: 'Document date',
  amount: 'Amount',
  fileName: 'File',
  size: 'Size',
  bytes: 'bytes',
  sha256: 'File SHA-256',
  documentId: 'Identifier',
  createdAt: 'Uploaded',
  sender: 'Sender',
  email: 'E-mail',
  status: 'Status',
  signaturesSection: 'Signatures',
  noSignatures: 'The document has not been signed yet.',
  signature: 'Signature',
  signer: 'Signer',
  iin: 'IIN',
  bin: 'BIN',
  organization: 'Organization',
  roles: 'Role',
  keyUsage: 'Key usage',
  certificate: 'Certificate',
  signingTime: 'Signing time (as claimed by the signer)',
  timestamp: 'Time-stamp',
  tsa: 'Time-stamping authority',
  noTimestamp: 'none',
  acceptedAt: 'Accepted by the service',
  signedContent: 'What was signed',
  signedDocument: 'the document file',
  signedStatement: 'a statement',
  result: 'Verification result',
  level: 'CAdES level',
  checkedAt: 'checked',
  statementText: 'Statement text',
  eventsSection: 'Document history',
  noEvents: 'No events.',
  eventTime: 'Time',
  event: 'Event',
  actor: 'Participant',
  scanToVerify: 'Verify online',
  generatedAt: 'Card generated',
  timeZoneNote: 'Times are in Almaty time',
  page: (page, total) => `Page ${page} of ${total}`,
  partyRole: { sender: 'Sender', recipient: 'Recipient' },
  action: {
    sign: 'Signing of the document',
    receipt: 'Receipt acknowledgement',
    refuse: 'Refusal to sign',
    request_correction: 'Correction request',
    offer_annulment: 'Annulment offer',
    accept_annulment: 'Annulment accepted',
    reject_annulment: 'Annulment rejected',
  },
  kzRole: {
    INDIVIDUAL: 'Individual',
    ORGANIZATION: 'Legal entity',
    CEO: 'Chief executive',
    CAN_SIGN: 'Authorized signatory',
    CAN_SIGN_FINANCIAL: 'Authorized to sign financial documents',
    HR: 'HR officer',
    EMPLOYEE: 'Employee of the organization',
    INFORMATION_SYSTEM: 'Information system',
  },
  keyUsageClass: { SIGN: 'Signing (non-repudiation)', AUTH: 'Authentication only', UNKNOWN: 'Unknown' },
  indication: {
    TOTAL_PASSED: 'Signature is valid',
    TOTAL_FAILED: 'Signature is not valid',
    INDETERMINATE: 'Signature could not be confirmed',
  },
  subIndication: {
    FORMAT_FAILURE: 'the signature is malformed',
    HASH_FAILURE: 'the signed data has been altered',
    SIG_CRYPTO_FAILURE: 'the signature value does not match the certificate key',
    REVOKED: "the signer's certificate is revoked",
    EXPIRED: 'the certificate had expired before signing',
    NOT_YET_VALID: 'the certificate was not yet valid',
    NO_SIGNING_CERTIFICATE_FOUND: "the signer's certificate was not found",
    SIGNED_DATA_NOT_FOUND: 'the signed data is missing',
    NO_CERTIFICATE_CHAIN_FOUND: 'no chain to a trusted certification authority',
    CERTIFICATE_CHAIN_GENERAL_FAILURE: 'the certificate chain is faulty',
    REVOKED_NO_POE: 'the certificate is revoked and nothing proves the signature came first',
    REVOKED_CA_NO_POE: 'a CA certificate of the chain is revoked',
    OUT_OF_BOUNDS_NO_POE: 'the certificate is outside its validity and the signing time is not proven',
    OUT_OF_BOUNDS_NOT_REVOKED: 'the certificate has expired (it is not revoked)',
    CHAIN_CONSTRAINTS_FAILURE: 'the certificate chain breaks its constraints',
    TRY_LATER: 'the revocation status is not available yet; verify again later',
    CRYPTO_CONSTRAINTS_FAILURE: 'a too weak algorithm was used',
    SIG_CONSTRAINTS_FAILURE: 'the signature does not meet the policy (e.g. not a signing key)',
    TIMESTAMP_ORDER_FAILURE: 'the time-stamp is later than the validation time',
  },
  eventType: {
    'document.uploaded': 'Document uploaded',
    'document.edited': 'Draft details changed',
    'document.deleted': 'Draft deleted',
    'document.signed_by_sender': 'Signed by the sender',
    'document.sent': 'Sent',
    'document.received': 'Received',
    'document.delivered': 'Delivered',
    'document.opened': 'Opened by the recipient',
    'document.receipt_signed': 'Receipt signed',
    'document.signed_by_recipient': 'Signed by the recipient',
    'document.refused': 'Refused',
    'document.correction_requested': 'Correction requested',
    'document.annulment_offered': 'Annulment offered',
    'document.annulment_accepted': 'Annulment accepted',
    'document.annulment_rejected': 'Annulment rejected',
    'document.link_revoked': 'Link revoked',
    'document.recipient_replaced': 'Recipient replaced',
  },
};

export const CARD_LABELS: Readonly<Record<CardLocale, CardLabels>> = { ru, kk, en };
