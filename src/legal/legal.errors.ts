import { defineErrors } from '../common/errors/error-definitions';

// Error codes of the legal documents (offer, privacy policy) and their versions.
// defineErrors makes a code without an HTTP status or a message in kk, ru and en fail to compile;
// src/error-codes.ts merges every module's codes and refuses a code defined twice.
export enum LegalErrorCode {
  /** No version of this legal document (offer, privacy policy) has this number, or it has no text in this locale. */
  LegalVersionNotFound = 'LEGAL_VERSION_NOT_FOUND',
  /** A new legal document version takes effect sooner than LEGAL_NOTICE_DAYS from now (offer 9.1: 5 days' notice). */
  LegalNoticeTooShort = 'LEGAL_NOTICE_TOO_SHORT',
  /** A new legal document version would take effect before (or together with) a version already published. */
  LegalVersionOrder = 'LEGAL_VERSION_ORDER',
  /** The signed offer version is not the one in force now; `details.currentVersion` names it. */
  LegalVersionNotCurrent = 'LEGAL_VERSION_NOT_CURRENT',
}

export const LEGAL_ERRORS = defineErrors(LegalErrorCode, {
  [LegalErrorCode.LegalVersionNotFound]: {
    status: 404,
    messages: {
      en: 'There is no such version of this document.',
      ru: 'Такой редакции документа нет.',
      kk: 'Құжаттың мұндай редакциясы жоқ.',
    },
  },
  [LegalErrorCode.LegalNoticeTooShort]: {
    status: 422,
    messages: {
      en: 'A new version must be published before the notice period: its effective date is too early.',
      ru: 'Новая редакция должна публиковаться заранее: дата вступления в силу слишком ранняя.',
      kk: 'Жаңа редакция алдын ала жариялануы керек: күшіне ену күні тым ерте.',
    },
  },
  [LegalErrorCode.LegalVersionOrder]: {
    status: 409,
    messages: {
      en: 'The new version must take effect after the latest published version.',
      ru: 'Новая редакция должна вступать в силу позже последней опубликованной.',
      kk: 'Жаңа редакция соңғы жарияланғаннан кейін күшіне енуі керек.',
    },
  },
  [LegalErrorCode.LegalVersionNotCurrent]: {
    status: 409,
    messages: {
      en: 'This version of the offer is not in force; sign the current version.',
      ru: 'Эта редакция оферты не действует; подпишите действующую редакцию.',
      kk: 'Офертаның бұл редакциясы қолданыста емес; қолданыстағы редакцияға қол қойыңыз.',
    },
  },
});
