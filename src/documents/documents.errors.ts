import { defineErrors } from '../common/errors/error-definitions';

// Error codes of documents: upload, signatures, sending, packages, recipient actions, statements and links.
// defineErrors makes a code without an HTTP status or a message in kk, ru and en fail to compile;
// src/error-codes.ts merges every module's codes and refuses a code defined twice.
export enum DocumentsErrorCode {
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
}

export const DOCUMENTS_ERRORS = defineErrors(DocumentsErrorCode, {
  [DocumentsErrorCode.DocumentTooLarge]: {
    status: 413,
    messages: {
      en: 'The file is too large.',
      ru: 'Файл слишком большой.',
      kk: 'Файл тым үлкен.',
    },
  },
  [DocumentsErrorCode.DocumentEmpty]: {
    status: 400,
    messages: {
      en: 'The file is empty.',
      ru: 'Файл пустой.',
      kk: 'Файл бос.',
    },
  },
  [DocumentsErrorCode.UploadMultipleFiles]: {
    status: 400,
    messages: {
      en: 'Upload one file per request, in the part named "file".',
      ru: 'Загружайте один файл за запрос, в части с именем "file".',
      kk: 'Бір сұрауда бір файл жүктеңіз, "file" деп аталған бөлікте.',
    },
  },
  [DocumentsErrorCode.DocumentSignatureInvalid]: {
    status: 422,
    messages: {
      en: 'The signature does not verify for this document.',
      ru: 'Подпись не проходит проверку для этого документа.',
      kk: 'Қолтаңба осы құжат үшін тексеруден өтпейді.',
    },
  },
  [DocumentsErrorCode.SignatureWrongOrganization]: {
    status: 403,
    messages: {
      en: 'The certificate belongs to another organization.',
      ru: 'Сертификат принадлежит другой организации.',
      kk: 'Сертификат басқа ұйымға тиесілі.',
    },
  },
  [DocumentsErrorCode.SignatureRoleNotAllowed]: {
    status: 403,
    messages: {
      en: 'This certificate role may not sign this kind of document.',
      ru: 'Роль этого сертификата не позволяет подписывать документы такого вида.',
      kk: 'Бұл сертификаттың рөлі осындай құжатқа қол қоюға рұқсат бермейді.',
    },
  },
  [DocumentsErrorCode.DocumentAlreadySignedBySender]: {
    status: 409,
    messages: {
      en: 'The document is already signed by the sender.',
      ru: 'Документ уже подписан отправителем.',
      kk: 'Құжатқа жіберуші қол қойып қойған.',
    },
  },
  [DocumentsErrorCode.DocumentNotDraft]: {
    status: 409,
    messages: {
      en: 'The document is already signed, sent or in a package: only an unsigned draft can be changed or deleted. Upload a new document instead.',
      ru: 'Документ уже подписан, отправлен или включён в пакет: изменить или удалить можно только неподписанный черновик. Загрузите новый документ.',
      kk: 'Құжатқа қол қойылған, ол жіберілген немесе пакетке енгізілген: тек қол қойылмаған жобаны өзгертуге не жоюға болады. Жаңа құжат жүктеңіз.',
    },
  },
  [DocumentsErrorCode.DocumentNotSigned]: {
    status: 409,
    messages: {
      en: 'Sign the document before sending it.',
      ru: 'Подпишите документ перед отправкой.',
      kk: 'Жібермес бұрын құжатқа қол қойыңыз.',
    },
  },
  [DocumentsErrorCode.DocumentRecipientExists]: {
    status: 409,
    messages: {
      en: 'The document was already sent to this recipient.',
      ru: 'Документ уже отправлен этому получателю.',
      kk: 'Құжат бұл алушыға жіберіліп қойған.',
    },
  },
  [DocumentsErrorCode.DocumentRecipientAnswered]: {
    status: 409,
    messages: {
      en: 'The recipient has already answered the document: its link cannot be revoked and it cannot be replaced.',
      ru: 'Получатель уже ответил на документ: его ссылку нельзя отозвать, а самого получателя — заменить.',
      kk: 'Алушы құжатқа жауап беріп қойған: оның сілтемесін кері қайтаруға да, алушыны ауыстыруға да болмайды.',
    },
  },
  [DocumentsErrorCode.DocumentRecipientWithdrawn]: {
    status: 409,
    messages: {
      en: 'The sender replaced this recipient with another one.',
      ru: 'Отправитель заменил этого получателя другим.',
      kk: 'Жіберуші бұл алушыны басқасымен ауыстырды.',
    },
  },
  [DocumentsErrorCode.DocumentInPackage]: {
    status: 409,
    messages: {
      en: 'The document cannot be used this way because of its package.',
      ru: 'Документ нельзя использовать так из-за его пакета.',
      kk: 'Құжатты оның пакетіне байланысты бұлай пайдалануға болмайды.',
    },
  },
  [DocumentsErrorCode.DocumentAlreadySigned]: {
    status: 409,
    messages: {
      en: 'The recipient has already signed the document.',
      ru: 'Получатель уже подписал документ.',
      kk: 'Алушы құжатқа қол қойып қойған.',
    },
  },
  [DocumentsErrorCode.DocumentRefused]: {
    status: 409,
    messages: {
      en: 'The document was refused.',
      ru: 'Документ отклонён.',
      kk: 'Құжаттан бас тартылды.',
    },
  },
  [DocumentsErrorCode.DocumentCorrectionRequested]: {
    status: 409,
    messages: {
      en: 'A correction of the document was requested.',
      ru: 'Запрошено исправление документа.',
      kk: 'Құжатты түзету сұралды.',
    },
  },
  [DocumentsErrorCode.DocumentAnnulled]: {
    status: 409,
    messages: {
      en: 'The document is annulled.',
      ru: 'Документ аннулирован.',
      kk: 'Құжат күшін жойды.',
    },
  },
  [DocumentsErrorCode.DocumentAnnulmentPending]: {
    status: 409,
    messages: {
      en: 'An annulment offer is pending.',
      ru: 'Ожидается ответ на предложение об аннулировании.',
      kk: 'Күшін жою туралы ұсынысқа жауап күтілуде.',
    },
  },
  [DocumentsErrorCode.DocumentAnnulmentNotOffered]: {
    status: 409,
    messages: {
      en: 'There is no annulment offer to answer.',
      ru: 'Нет предложения об аннулировании, на которое можно ответить.',
      kk: 'Жауап беретін күшін жою туралы ұсыныс жоқ.',
    },
  },
  [DocumentsErrorCode.DocumentReceiptAlreadySigned]: {
    status: 409,
    messages: {
      en: 'The receipt was already confirmed.',
      ru: 'Получение уже подтверждено.',
      kk: 'Алу расталып қойған.',
    },
  },
  [DocumentsErrorCode.DocumentActionNotAllowed]: {
    status: 403,
    messages: {
      en: 'You cannot perform this action on this document.',
      ru: 'Вы не можете выполнить это действие с документом.',
      kk: 'Бұл құжатпен бұл әрекетті орындай алмайсыз.',
    },
  },
  [DocumentsErrorCode.DocumentStatementInvalid]: {
    status: 400,
    messages: {
      en: 'The statement was not issued for this action.',
      ru: 'Заявление не было выдано для этого действия.',
      kk: 'Өтініш осы әрекет үшін берілмеген.',
    },
  },
  [DocumentsErrorCode.DocumentStatementExpired]: {
    status: 410,
    messages: {
      en: 'The statement has expired; request a new one.',
      ru: 'Срок заявления истёк; запросите новое.',
      kk: 'Өтініштің мерзімі өтті; жаңасын сұраңыз.',
    },
  },
  [DocumentsErrorCode.DocumentStatementUsed]: {
    status: 409,
    messages: {
      en: 'The statement was already used.',
      ru: 'Заявление уже использовано.',
      kk: 'Өтініш пайдаланылып қойған.',
    },
  },
  [DocumentsErrorCode.DocumentQuotaExceeded]: {
    status: 402,
    messages: {
      en: 'The outgoing document limit is reached.',
      ru: 'Достигнут лимит исходящих документов.',
      kk: 'Шығыс құжаттар шегіне жетті.',
    },
  },
  [DocumentsErrorCode.PackageIncomplete]: {
    status: 409,
    messages: {
      en: 'Every document of the package must be signed first.',
      ru: 'Сначала должны быть подписаны все документы пакета.',
      kk: 'Алдымен пакеттің барлық құжаттарына қол қойылуы керек.',
    },
  },
  [DocumentsErrorCode.LinkNotFound]: {
    status: 404,
    messages: {
      en: 'The link is not valid.',
      ru: 'Ссылка недействительна.',
      kk: 'Сілтеме жарамсыз.',
    },
  },
  [DocumentsErrorCode.LinkExpired]: {
    status: 410,
    messages: {
      en: 'The link has expired.',
      ru: 'Срок действия ссылки истёк.',
      kk: 'Сілтеменің мерзімі өтті.',
    },
  },
  [DocumentsErrorCode.LinkRevoked]: {
    status: 410,
    messages: {
      en: 'The link was revoked by the sender.',
      ru: 'Ссылка отозвана отправителем.',
      kk: 'Сілтемені жіберуші кері қайтарды.',
    },
  },
});
