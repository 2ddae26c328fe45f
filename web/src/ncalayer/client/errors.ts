// Typed errors of the NCALayer client. The code is stable (the UI and its tests switch on it);
// the message exists in Kazakh, Russian and English so the UI can show it as is.

import { NCALAYER_DOWNLOAD_URL } from './protocol';

export type UiLocale = 'kk' | 'ru' | 'en';

export type NcaLayerErrorCode =
  // Connection refused, or closed before NCALayer said hello: it is not running or not installed.
  | 'NCALAYER_NOT_RUNNING'
  // The user closed the key dialog.
  | 'USER_CANCELLED'
  // NCALayer answered with an error reply (no matching key, bad arguments, signing failure...).
  | 'NCALAYER_ERROR'
  // No answer within the call's time limit.
  | 'TIMEOUT'
  // An answer that does not follow the protocol.
  | 'PROTOCOL_ERROR'
  // The caller's own request is wrong (caught before anything is sent).
  | 'INVALID_REQUEST';

type MessageTable = Readonly<Record<NcaLayerErrorCode, Readonly<Record<UiLocale, (detail: string) => string>>>>;

const withDetail = (text: string, detail: string): string => (detail ? `${text} (${detail})` : text);

const MESSAGES: MessageTable = {
  NCALAYER_NOT_RUNNING: {
    kk: () =>
      `NCALayer-ге қосылу мүмкін болмады. NCALayer бағдарламасын осы компьютерде іске қосып, әрекетті қайталаңыз. ` +
      `NCALayer орнатылмаған болса, оны ${NCALAYER_DOWNLOAD_URL} сайтынан жүктеп алып, орнатыңыз.`,
    ru: () =>
      `Не удалось подключиться к NCALayer. Запустите NCALayer на этом компьютере и повторите попытку. ` +
      `Если NCALayer не установлен, скачайте и установите его с ${NCALAYER_DOWNLOAD_URL}.`,
    en: () =>
      `Could not connect to NCALayer. Start NCALayer on this computer and try again. ` +
      `If NCALayer is not installed, download and install it from ${NCALAYER_DOWNLOAD_URL}.`,
  },
  USER_CANCELLED: {
    kk: () => 'Қол қоюдан бас тартылды.',
    ru: () => 'Подписание отменено пользователем.',
    en: () => 'Signing was cancelled by the user.',
  },
  NCALAYER_ERROR: {
    kk: (d) => withDetail('NCALayer қате туралы хабарлады', d),
    ru: (d) => withDetail('NCALayer сообщил об ошибке', d),
    en: (d) => withDetail('NCALayer reported an error', d),
  },
  TIMEOUT: {
    kk: (d) => withDetail('NCALayer белгіленген уақыт ішінде жауап бермеді. Әрекетті қайталаңыз', d),
    ru: (d) => withDetail('NCALayer не ответил за отведённое время. Повторите попытку', d),
    en: (d) => withDetail('NCALayer did not answer in time. Please try again', d),
  },
  PROTOCOL_ERROR: {
    kk: (d) => withDetail('NCALayer-ден күтпеген жауап келді. NCALayer-дің соңғы нұсқасын орнатыңыз', d),
    ru: (d) => withDetail('Получен неожиданный ответ от NCALayer. Установите последнюю версию NCALayer', d),
    en: (d) => withDetail('Unexpected answer from NCALayer. Please install the latest NCALayer', d),
  },
  INVALID_REQUEST: {
    kk: (d) => withDetail('Қол қою сұрауы дұрыс емес', d),
    ru: (d) => withDetail('Некорректный запрос на подпись', d),
    en: (d) => withDetail('Invalid signing request', d),
  },
};

export function ncaLayerErrorMessage(code: NcaLayerErrorCode, locale: UiLocale, detail = ''): string {
  return MESSAGES[code][locale](detail);
}

export interface NcaLayerErrorInfo {
  // Technical detail (NCALayer's message, what was malformed...), not translated.
  readonly detail?: string;
  // NCALayer's own error code and details on NCALAYER_ERROR (e.g. INVOCATION_ERROR, "500").
  readonly ncaLayerCode?: string;
  readonly ncaLayerDetails?: string;
  readonly cause?: unknown;
}

export class NcaLayerError extends Error {
  readonly detail: string;
  readonly ncaLayerCode?: string;
  readonly ncaLayerDetails?: string;

  constructor(
    readonly code: NcaLayerErrorCode,
    readonly locale: UiLocale,
    info: NcaLayerErrorInfo = {},
  ) {
    super(ncaLayerErrorMessage(code, locale, info.detail ?? ''), info.cause === undefined ? undefined : { cause: info.cause });
    this.name = 'NcaLayerError';
    this.detail = info.detail ?? '';
    this.ncaLayerCode = info.ncaLayerCode;
    this.ncaLayerDetails = info.ncaLayerDetails;
  }

  // The same error in another language (the UI may switch language after the fact).
  messageIn(locale: UiLocale): string {
    return ncaLayerErrorMessage(this.code, locale, this.detail);
  }
}
