import { defineErrors } from '../common/errors/error-definitions';

// Error codes of signature verification: the outcome of checking a CMS, and the verification pool being full. Identity (login, registration) and documents raise them from their verification results.
// defineErrors makes a code without an HTTP status or a message in kk, ru and en fail to compile;
// src/error-codes.ts merges every module's codes and refuses a code defined twice.
export enum SigningErrorCode {
  /** Every signature verification worker is busy and the queue is full; retry after the time in Retry-After. */
  VerificationBusy = 'VERIFICATION_BUSY',
  /** The file given to POST /verify as the signature is not a CMS at all but a document (PDF, Office, image, text...) or a certificate; `details.detected` names its kind. */
  NotASignature = 'NOT_A_SIGNATURE',
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
}

export const SIGNING_ERRORS = defineErrors(SigningErrorCode, {
  [SigningErrorCode.VerificationBusy]: {
    status: 503,
    messages: {
      en: 'All signature verification workers are busy; retry after the time in Retry-After.',
      ru: 'Все обработчики проверки подписей заняты; повторите через время из Retry-After.',
      kk: 'Қолтаңбаны тексеретін барлық өңдеушілер бос емес; Retry-After көрсеткен уақыттан кейін қайталаңыз.',
    },
  },
  [SigningErrorCode.NotASignature]: {
    status: 422,
    messages: {
      en: 'This file is not an electronic signature (CMS: .p7s, .cms, .sig) but a document or a certificate. Upload the signature file; for a detached signature, add the signed document as the second file.',
      ru: 'Этот файл — не электронная подпись (CMS: .p7s, .cms, .sig), а документ или сертификат. Загрузите файл подписи; для отсоединённой подписи добавьте вторым файлом подписанный документ.',
      kk: 'Бұл файл электрондық қолтаңба (CMS: .p7s, .cms, .sig) емес, құжат немесе сертификат. Қолтаңба файлын жүктеңіз; ажыратылған қолтаңба үшін екінші файл ретінде қол қойылған құжатты қосыңыз.',
    },
  },
  [SigningErrorCode.SignatureInvalid]: {
    status: 401,
    messages: {
      en: 'The electronic signature is invalid.',
      ru: 'Электронная подпись недействительна.',
      kk: 'Электрондық қолтаңба жарамсыз.',
    },
  },
  [SigningErrorCode.SignatureContentMismatch]: {
    status: 401,
    messages: {
      en: 'The signature does not cover the expected text.',
      ru: 'Подпись поставлена не под ожидаемым текстом.',
      kk: 'Қолтаңба күтілген мәтінге қойылмаған.',
    },
  },
  [SigningErrorCode.SignatureCertificateUntrusted]: {
    status: 401,
    messages: {
      en: 'The certificate was not issued by a trusted certification authority (NCA RK).',
      ru: 'Сертификат выдан не доверенным удостоверяющим центром (НУЦ РК).',
      kk: 'Сертификатты сенімді куәландырушы орталық (ҰКО) бермеген.',
    },
  },
  [SigningErrorCode.SignatureCertificateRevoked]: {
    status: 403,
    messages: {
      en: 'The certificate is revoked.',
      ru: 'Сертификат отозван.',
      kk: 'Сертификат кері қайтарылған.',
    },
  },
  [SigningErrorCode.SignatureCertificateExpired]: {
    status: 403,
    messages: {
      en: 'The certificate is expired or not yet valid.',
      ru: 'Срок действия сертификата истёк или ещё не начался.',
      kk: 'Сертификаттың қолданылу мерзімі өткен немесе әлі басталмаған.',
    },
  },
  [SigningErrorCode.SignatureKeyUsageNotAllowed]: {
    status: 403,
    messages: {
      en: 'This key type is not accepted here: use the other key (SIGN / AUTH).',
      ru: 'Этот тип ключа здесь не принимается: используйте другой ключ (SIGN / AUTH).',
      kk: 'Мұнда бұл кілт түрі қабылданбайды: басқа кілтті пайдаланыңыз (SIGN / AUTH).',
    },
  },
  [SigningErrorCode.SignatureRevocationUnavailable]: {
    status: 503,
    messages: {
      en: 'The certificate status cannot be checked right now; try again later.',
      ru: 'Статус сертификата сейчас проверить не удаётся; повторите позже.',
      kk: 'Сертификат мәртебесін қазір тексеру мүмкін емес; кейінірек қайталаңыз.',
    },
  },
});
