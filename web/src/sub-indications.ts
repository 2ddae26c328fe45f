import type { Locale } from './i18n';

// ETSI EN 319 102-1 sub-indications in plain words, for people (the code stays in the JSON).
const WORDS: Record<string, Record<Locale, string>> = {
  FORMAT_FAILURE: {
    ru: 'файл подписи повреждён или имеет неверный формат',
    kk: 'қолтаңба файлы бүлінген немесе пішімі дұрыс емес',
    en: 'the signature file is damaged or not a valid CMS',
  },
  HASH_FAILURE: {
    ru: 'документ изменён после подписания (хэш не совпадает)',
    kk: 'құжат қол қойылғаннан кейін өзгертілген (хэш сәйкес емес)',
    en: 'the document was changed after signing (hash mismatch)',
  },
  SIG_CRYPTO_FAILURE: {
    ru: 'значение подписи неверно',
    kk: 'қолтаңба мәні дұрыс емес',
    en: 'the signature value is wrong',
  },
  REVOKED: {
    ru: 'сертификат подписанта отозван',
    kk: 'қол қоюшының сертификаты кері қайтарылған',
    en: "the signer's certificate is revoked",
  },
  EXPIRED: { ru: 'срок действия сертификата истёк', kk: 'сертификаттың мерзімі өткен', en: 'the certificate has expired' },
  NOT_YET_VALID: {
    ru: 'сертификат ещё не действует',
    kk: 'сертификат әлі күшіне енбеген',
    en: 'the certificate is not yet valid',
  },
  NO_SIGNING_CERTIFICATE_FOUND: {
    ru: 'в подписи нет сертификата подписанта',
    kk: 'қолтаңбада қол қоюшының сертификаты жоқ',
    en: "the signer's certificate is missing",
  },
  SIGNED_DATA_NOT_FOUND: {
    ru: 'нет подписанного документа (для отсоединённой подписи приложите файл)',
    kk: 'қол қойылған құжат жоқ (ажыратылған қолтаңба үшін файлды қосыңыз)',
    en: 'the signed document is missing (attach the file for a detached signature)',
  },
  NO_CERTIFICATE_CHAIN_FOUND: {
    ru: 'сертификат выдан не НУЦ РК (нет цепочки до доверенного корня)',
    kk: 'сертификатты ҚР ҰКО бермеген (сенімді түбірге дейін тізбек жоқ)',
    en: 'the certificate does not chain to a trusted NCA RK root',
  },
  CERTIFICATE_CHAIN_GENERAL_FAILURE: {
    ru: 'цепочка сертификатов неверна',
    kk: 'сертификаттар тізбегі дұрыс емес',
    en: 'the certificate chain is invalid',
  },
  REVOKED_NO_POE: {
    ru: 'сертификат отозван, а время подписания не доказано меткой времени',
    kk: 'сертификат кері қайтарылған, ал қол қою уақыты уақыт белгісімен дәлелденбеген',
    en: 'the certificate is revoked and the signing time is not proven by a time-stamp',
  },
  REVOKED_CA_NO_POE: {
    ru: 'сертификат удостоверяющего центра отозван',
    kk: 'куәландырушы орталықтың сертификаты кері қайтарылған',
    en: 'a CA certificate on the path is revoked',
  },
  OUT_OF_BOUNDS_NO_POE: {
    ru: 'сертификат истёк, а метки времени о подписании в срок нет',
    kk: 'сертификаттың мерзімі өткен, ал мерзімінде қол қойылғаны туралы уақыт белгісі жоқ',
    en: 'the certificate expired and no time-stamp proves it was signed in time',
  },
  OUT_OF_BOUNDS_NOT_REVOKED: {
    ru: 'сертификат вне срока действия',
    kk: 'сертификат жарамдылық мерзімінен тыс',
    en: 'the certificate is outside its validity period',
  },
  CHAIN_CONSTRAINTS_FAILURE: {
    ru: 'сертификат не подходит для этой подписи (назначение ключа или роль)',
    kk: 'сертификат бұл қолтаңбаға жарамайды (кілттің мақсаты немесе рөлі)',
    en: 'the certificate is not allowed for this signature (key usage or role)',
  },
  TRY_LATER: {
    ru: 'статус сертификата сейчас не получить (OCSP/CRL недоступны), повторите позже',
    kk: 'сертификат мәртебесін қазір алу мүмкін емес (OCSP/CRL қолжетімсіз), кейінірек қайталаңыз',
    en: 'no revocation answer now (OCSP/CRL unreachable); try later',
  },
  CRYPTO_CONSTRAINTS_FAILURE: {
    ru: 'алгоритм подписи не разрешён',
    kk: 'қолтаңба алгоритміне рұқсат жоқ',
    en: 'the signature algorithm is not allowed',
  },
  SIG_CONSTRAINTS_FAILURE: {
    ru: 'подпись не соответствует требованиям политики',
    kk: 'қолтаңба саясат талаптарына сәйкес емес',
    en: 'the signature does not meet the policy',
  },
  TIMESTAMP_ORDER_FAILURE: {
    ru: 'метка времени позже времени проверки',
    kk: 'уақыт белгісі тексеру уақытынан кейін',
    en: 'the time-stamp is later than the validation time',
  },
};

export function subIndicationWords(code: string | undefined, locale: Locale): string | undefined {
  if (!code) return undefined;
  return WORDS[code]?.[locale] ?? code;
}
