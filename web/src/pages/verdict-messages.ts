// The contract's types and the locale list, not api.ts / i18n/ (browser and React modules), so
// the unit test compiles with the server's settings.
import type { components } from '../api/schema';
import type { Locale } from '../locale';

type Schemas = components['schemas'];

// One verdict and one vocabulary for a signature on every page: the document page, the public
// QR page and /verify (the card PDF prints the same words: its labels reach the cabinet through
// GET /api/v1/ui-config). The API keeps stable codes (ETSI EN 319 102-1 indications and
// sub-indications, check names, parse-error codes); this file turns them into kk/ru/en words, and
// never shows the verifier's English check messages to a person.

export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

export interface CheckLike {
  readonly name: string;
  readonly status: string;
  readonly subIndication?: string;
}

export interface VerdictInput<S extends string = string> {
  readonly indication: string;
  readonly subIndication?: S;
  readonly checks?: readonly CheckLike[];
}

export interface Verdict<S extends string = string> {
  readonly indication: Indication;
  readonly subIndication?: S | 'TRY_LATER';
}

// The rule of the server's signatureVerdict (src/documents/evidence/signer-summary.ts), for a
// report /verify returns: a signature whose signer revocation status was not established is never
// called valid, even when a caller's policy let the report pass (ETSI EN 319 102-1: without
// revocation data the validation is INDETERMINATE / TRY_LATER). A report's own FAILED or
// INDETERMINATE stands as it is.
export function verdictOf<S extends string>(input: VerdictInput<S>): Verdict<S> {
  const indication =
    (['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'] as const).find((i) => i === input.indication) ?? 'INDETERMINATE';
  const revocation = input.checks?.find((c) => c.name === 'REVOCATION');
  if (indication === 'TOTAL_PASSED' && revocation?.status === 'NOT_CHECKED')
    return { indication: 'INDETERMINATE', subIndication: 'TRY_LATER' };
  return { indication, ...(input.subIndication && { subIndication: input.subIndication }) };
}

// The checks that stopped a signature from being valid: FAILED ones, and NOT_CHECKED ones the
// policy required (they carry a sub-indication).
export function blockingChecks<C extends CheckLike>(checks: readonly C[] | undefined): C[] {
  return checks?.filter((c) => c.status === 'FAILED' || (c.status === 'NOT_CHECKED' && c.subIndication)) ?? [];
}

// Keyed by the contract's enums: a check or an error code added to the API breaks the build until
// it has words here.
type CheckNameCode = Schemas['VerificationCheckResponse']['name'];
type CheckStatusCode = Schemas['VerificationCheckResponse']['status'];
type ParseErrorCode = NonNullable<Schemas['VerificationReportResponse']['error']>['code'];

const CHECK_NAMES: Readonly<Record<Locale, Readonly<Record<CheckNameCode, string>>>> = {
  ru: {
    SIGNER_INFO_FORMAT: 'Структура подписи',
    SIGNING_CERTIFICATE_IDENTIFIED: 'Сертификат подписанта найден',
    SIGNING_CERTIFICATE_REFERENCE: 'Ссылка на сертификат подписанта',
    DIGEST_ALGORITHM: 'Алгоритм хэширования',
    CONTENT_TYPE_ATTRIBUTE: 'Тип подписанных данных',
    MESSAGE_DIGEST: 'Хэш подписанного документа',
    SIGNATURE_VALUE: 'Значение подписи',
    SIGNING_TIME: 'Время подписания',
    SIGNING_CERTIFICATE_VALIDITY: 'Срок действия сертификата',
    KEY_USAGE: 'Назначение ключа',
    SIGNER_CONSTRAINTS: 'Требования к подписанту',
    CERTIFICATE_CHAIN: 'Цепочка сертификатов до НУЦ РК',
    REVOCATION: 'Статус отзыва сертификата',
    SIGNATURE_TIMESTAMP: 'Метка времени',
  },
  kk: {
    SIGNER_INFO_FORMAT: 'Қолтаңба құрылымы',
    SIGNING_CERTIFICATE_IDENTIFIED: 'Қол қоюшының сертификаты табылды',
    SIGNING_CERTIFICATE_REFERENCE: 'Қол қоюшы сертификатына сілтеме',
    DIGEST_ALGORITHM: 'Хэштеу алгоритмі',
    CONTENT_TYPE_ATTRIBUTE: 'Қол қойылған деректердің түрі',
    MESSAGE_DIGEST: 'Қол қойылған құжаттың хэші',
    SIGNATURE_VALUE: 'Қолтаңба мәні',
    SIGNING_TIME: 'Қол қою уақыты',
    SIGNING_CERTIFICATE_VALIDITY: 'Сертификаттың қолданылу мерзімі',
    KEY_USAGE: 'Кілттің мақсаты',
    SIGNER_CONSTRAINTS: 'Қол қоюшыға қойылатын талаптар',
    CERTIFICATE_CHAIN: 'ҚР ҰКО-ға дейінгі сертификаттар тізбегі',
    REVOCATION: 'Сертификаттың кері қайтарылу мәртебесі',
    SIGNATURE_TIMESTAMP: 'Уақыт белгісі',
  },
  en: {
    SIGNER_INFO_FORMAT: 'Signature structure',
    SIGNING_CERTIFICATE_IDENTIFIED: "Signer's certificate found",
    SIGNING_CERTIFICATE_REFERENCE: "Reference to the signer's certificate",
    DIGEST_ALGORITHM: 'Digest algorithm',
    CONTENT_TYPE_ATTRIBUTE: 'Type of the signed data',
    MESSAGE_DIGEST: 'Digest of the signed document',
    SIGNATURE_VALUE: 'Signature value',
    SIGNING_TIME: 'Signing time',
    SIGNING_CERTIFICATE_VALIDITY: 'Certificate validity period',
    KEY_USAGE: 'Key usage',
    SIGNER_CONSTRAINTS: 'Requirements on the signer',
    CERTIFICATE_CHAIN: 'Certificate chain to NCA RK',
    REVOCATION: 'Certificate revocation status',
    SIGNATURE_TIMESTAMP: 'Time-stamp',
  },
};

const CHECK_STATUS: Readonly<Record<Locale, Readonly<Record<CheckStatusCode, string>>>> = {
  ru: { PASSED: 'пройдена', FAILED: 'не пройдена', WARNING: 'с предупреждением', NOT_CHECKED: 'не выполнена' },
  kk: { PASSED: 'өтті', FAILED: 'өтпеді', WARNING: 'ескертумен', NOT_CHECKED: 'орындалмады' },
  en: { PASSED: 'passed', FAILED: 'failed', WARNING: 'with a warning', NOT_CHECKED: 'not performed' },
};

// Why the CMS could not be read at all (report.error.code); its message is the verifier's English.
const PARSE_ERRORS: Readonly<Record<Locale, Readonly<Record<ParseErrorCode, string>>>> = {
  ru: {
    EMPTY_INPUT: 'файл подписи пуст',
    TOO_LARGE: 'файл подписи слишком большой',
    BAD_ENCODING: 'файл не является подписью CMS (ожидается DER, PEM или base64)',
    MALFORMED_DER: 'файл подписи повреждён (неверная структура DER)',
    TRAILING_DATA: 'после подписи в файле есть лишние данные',
    NOT_SIGNED_DATA: 'файл CMS не содержит подписанных данных (SignedData)',
    MALFORMED_SIGNED_DATA: 'структура подписанных данных повреждена',
    NO_SIGNERS: 'в файле нет ни одной подписи',
    INTERNAL_ERROR: 'внутренняя ошибка проверки; повторите позже',
  },
  kk: {
    EMPTY_INPUT: 'қолтаңба файлы бос',
    TOO_LARGE: 'қолтаңба файлы тым үлкен',
    BAD_ENCODING: 'файл CMS қолтаңбасы емес (DER, PEM немесе base64 күтіледі)',
    MALFORMED_DER: 'қолтаңба файлы бүлінген (DER құрылымы дұрыс емес)',
    TRAILING_DATA: 'файлда қолтаңбадан кейін артық деректер бар',
    NOT_SIGNED_DATA: 'CMS файлында қол қойылған деректер (SignedData) жоқ',
    MALFORMED_SIGNED_DATA: 'қол қойылған деректердің құрылымы бүлінген',
    NO_SIGNERS: 'файлда бірде-бір қолтаңба жоқ',
    INTERNAL_ERROR: 'тексерудің ішкі қатесі; кейінірек қайталаңыз',
  },
  en: {
    EMPTY_INPUT: 'the signature file is empty',
    TOO_LARGE: 'the signature file is too large',
    BAD_ENCODING: 'the file is not a CMS signature (DER, PEM or base64 expected)',
    MALFORMED_DER: 'the signature file is damaged (malformed DER)',
    TRAILING_DATA: 'the file has extra data after the signature',
    NOT_SIGNED_DATA: 'the CMS file holds no signed data (SignedData)',
    MALFORMED_SIGNED_DATA: 'the signed data structure is damaged',
    NO_SIGNERS: 'the file holds no signature',
    INTERNAL_ERROR: 'internal verification error; try again later',
  },
};

const ru = {
  failedChecks: 'Не пройдены проверки: {checks}',
  level: 'Уровень CAdES',
  detachedHint:
    'Подпись отсоединённая: файл подписи не содержит документ. Добавьте подписанный документ вторым файлом, чтобы проверить, что подписан именно он.',
  revocationNote:
    'Статус отзыва сертификата проверяется сейчас, по сети, и ответ пока не получен. Сервис ЭДО проверял его, когда принимал подпись: карточка документа и страница по QR-коду показывают результат той проверки. Повторите проверку позже.',
  laterNote:
    'Проверка здесь выполняется на текущий момент. Если в карточке документа результат другой, значит сервис проверял подпись при приёме с данными об отзыве, полученными тогда.',
};
type VerdictMessageKey = keyof typeof ru;

const kk: Record<VerdictMessageKey, string> = {
  failedChecks: 'Өтпеген тексерулер: {checks}',
  level: 'CAdES деңгейі',
  detachedHint:
    'Қолтаңба ажыратылған: қолтаңба файлында құжаттың өзі жоқ. Дәл сол құжатқа қол қойылғанын тексеру үшін қол қойылған құжатты екінші файл ретінде қосыңыз.',
  revocationNote:
    'Сертификаттың кері қайтарылу мәртебесі қазір желі арқылы тексеріледі, жауап әзірге алынбады. ЭҚА сервисі оны қолтаңбаны қабылдаған кезде тексерген: құжат карточкасы мен QR-код беті сол тексерудің нәтижесін көрсетеді. Кейінірек қайта тексеріңіз.',
  laterNote:
    'Мұнда тексеру қазіргі сәтке жасалады. Құжат карточкасындағы нәтиже басқа болса, сервис қолтаңбаны қабылдаған кезде сол кезде алынған кері қайтару деректерімен тексерген.',
};

const en: Record<VerdictMessageKey, string> = {
  failedChecks: 'Checks not passed: {checks}',
  level: 'CAdES level',
  detachedHint:
    'The signature is detached: the signature file does not contain the document. Add the signed document as the second file to check that this is the document signed.',
  revocationNote:
    "The certificate's revocation status is checked now, online, and no answer was obtained yet. The EDO service checked it when it accepted the signature: the document card and the QR page show the result of that check. Verify again later.",
  laterNote:
    'This check is made as of now. If the document card shows another result, the service checked the signature on acceptance with the revocation data it obtained then.',
};

const MESSAGES: Readonly<Record<Locale, Record<VerdictMessageKey, string>>> = { ru, kk, en };

export function verdictMessage(locale: Locale, key: VerdictMessageKey, params?: Record<string, string | number>): string {
  return (MESSAGES[locale]?.[key] ?? ru[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}

// A code the table does not know (a newer server) shows as it is rather than disappearing.
const lookup = (table: Readonly<Record<string, string>> | undefined, code: string) => table?.[code] ?? code;
export const checkName = (locale: Locale, name: string): string => lookup(CHECK_NAMES[locale], name);
export const checkStatus = (locale: Locale, status: string): string => lookup(CHECK_STATUS[locale], status);
export const parseErrorWords = (locale: Locale, code: string): string => lookup(PARSE_ERRORS[locale], code);

// One blocking check in words: its name, and why (the sub-indication in the card's words) or its status.
export function checkLine(locale: Locale, check: CheckLike, reason: (code: string | undefined) => string | undefined): string {
  const why = check.subIndication ? reason(check.subIndication) : checkStatus(locale, check.status);
  return `${checkName(locale, check.name)} (${why ?? checkStatus(locale, check.status)})`;
}

// What /verify adds to a verdict that the user can act on: the document for a detached signature,
// and why the revocation status now may differ from the service's at acceptance.
export function verdictHints(locale: Locale, verdict: Verdict): string[] {
  if (verdict.subIndication === 'SIGNED_DATA_NOT_FOUND') return [verdictMessage(locale, 'detachedHint')];
  if (verdict.subIndication === 'TRY_LATER') return [verdictMessage(locale, 'revocationNote')];
  if (verdict.indication !== 'TOTAL_PASSED') return [verdictMessage(locale, 'laterNote')];
  return [];
}
