// Typed errors of the NCALayer client. The code is stable (the UI and its tests switch on it);
// the message exists in Kazakh, Russian and English so the UI can show it as is.

import { NCALAYER_DOWNLOAD_URL, NCALAYER_PAGE_URL } from './protocol';

export type UiLocale = 'kk' | 'ru' | 'en';

export type NcaLayerErrorCode =
  // The connection could not be opened: NCALayer is not running (or not installed), or the browser
  // does not trust its certificate — a page cannot tell which (connect-failure.ts), so the message
  // says both and how to fix each. Also: NCALayer went away while the page was talking to it.
  | 'NCALAYER_NOT_RUNNING'
  // NCALayer runs and its certificate is trusted, but it closed the connection before greeting.
  | 'NCALAYER_REFUSED'
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

// `page`: the https:// address of NCALayer that a person opens to accept its certificate.
type MessageTable = Readonly<Record<NcaLayerErrorCode, Readonly<Record<UiLocale, (detail: string, page: string) => string>>>>;

const withDetail = (text: string, detail: string): string => (detail ? `${text} (${detail})` : text);

const MESSAGES: MessageTable = {
  NCALAYER_NOT_RUNNING: {
    kk: (_, page) =>
      `NCALayer-ге қосылу мүмкін болмады. Екі себеп болуы мүмкін. ` +
      `1) NCALayer іске қосылмаған: NCALayer бағдарламасын осы компьютерде іске қосып, әрекетті қайталаңыз; ` +
      `NCALayer орнатылмаған болса, оны ${NCALAYER_DOWNLOAD_URL} сайтынан жүктеп алып, орнатыңыз. ` +
      `2) Браузер NCALayer сертификатына сенбейді: осы браузерде ${page} мекенжайын бір рет ашып, сертификатты қабылдаңыз ` +
      `да, әрекетті қайталаңыз (NCALayer эмуляторы үшін бұл — эмулятордың мекенжайы).`,
    ru: (_, page) =>
      `Не удалось подключиться к NCALayer. Возможны две причины. ` +
      `1) NCALayer не запущен: запустите NCALayer на этом компьютере и повторите попытку; ` +
      `если NCALayer не установлен, скачайте и установите его с ${NCALAYER_DOWNLOAD_URL}. ` +
      `2) Браузер не доверяет сертификату NCALayer: откройте один раз ${page} в этом браузере, примите сертификат ` +
      `и повторите попытку (для эмулятора NCALayer это адрес эмулятора).`,
    en: (_, page) =>
      `Could not connect to NCALayer. There are two possible causes. ` +
      `1) NCALayer is not running: start NCALayer on this computer and try again; ` +
      `if NCALayer is not installed, download and install it from ${NCALAYER_DOWNLOAD_URL}. ` +
      `2) The browser does not trust NCALayer's certificate: open ${page} once in this browser, accept the certificate ` +
      `and try again (for the NCALayer emulator this is the emulator's address).`,
  },
  NCALAYER_REFUSED: {
    kk: () =>
      'NCALayer іске қосылған, бірақ байланысты жапты. NCALayer-ді қайта іске қосыңыз (хабарландыру аймағындағы ' +
      'белгішесі арқылы одан шығып, қайта іске қосыңыз) және әрекетті қайталаңыз.',
    ru: () =>
      'NCALayer запущен, но закрыл соединение. Перезапустите NCALayer (выйдите из него через значок в области ' +
      'уведомлений и запустите снова) и повторите попытку.',
    en: () =>
      'NCALayer is running but closed the connection. Restart NCALayer (quit it from its icon in the notification ' +
      'area and start it again) and try again.',
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

export function ncaLayerErrorMessage(code: NcaLayerErrorCode, locale: UiLocale, detail = '', page = NCALAYER_PAGE_URL): string {
  return MESSAGES[code][locale](detail, page);
}

export interface NcaLayerErrorInfo {
  // Technical detail (NCALayer's message, what was malformed...), not translated.
  readonly detail?: string;
  // NCALayer's own error code and details on NCALAYER_ERROR (e.g. INVOCATION_ERROR, "500").
  readonly ncaLayerCode?: string;
  readonly ncaLayerDetails?: string;
  // The https:// address of the NCALayer the client talks to (default https://127.0.0.1:13579).
  readonly pageUrl?: string;
  readonly cause?: unknown;
}

export class NcaLayerError extends Error {
  readonly detail: string;
  readonly ncaLayerCode?: string;
  readonly ncaLayerDetails?: string;
  readonly pageUrl: string;

  constructor(
    readonly code: NcaLayerErrorCode,
    readonly locale: UiLocale,
    info: NcaLayerErrorInfo = {},
  ) {
    super(
      ncaLayerErrorMessage(code, locale, info.detail ?? '', info.pageUrl),
      info.cause === undefined ? undefined : { cause: info.cause },
    );
    this.name = 'NcaLayerError';
    this.detail = info.detail ?? '';
    this.pageUrl = info.pageUrl ?? NCALAYER_PAGE_URL;
    this.ncaLayerCode = info.ncaLayerCode;
    this.ncaLayerDetails = info.ncaLayerDetails;
  }

  // The same error in another language (the UI may switch language after the fact).
  messageIn(locale: UiLocale): string {
    return ncaLayerErrorMessage(this.code, locale, this.detail, this.pageUrl);
  }
}
