import type { Locale } from '../i18n';

// What the cabinet tells a person whose browser could not connect to NCALayer. A page cannot tell
// "NCALayer is not running" from "the browser does not trust NCALayer's certificate" (see
// client/connect-failure.ts), so both are named, each with its fix; {page} is NCALayer's address
// as a web page (https://127.0.0.1:13579, or the emulator's), where the certificate is accepted.
const ru = {
  unreachable: 'Не удалось подключиться к NCALayer. Возможны две причины:',
  notRunning:
    'NCALayer не запущен. Запустите NCALayer на этом компьютере и повторите попытку; если он не установлен — установите его.',
  untrusted:
    'Браузер не доверяет сертификату NCALayer. Откройте один раз {page} в этом браузере, примите сертификат (кнопка «Дополнительно» → «Перейти на сайт») и повторите попытку. Для эмулятора NCALayer это адрес эмулятора.',
  openPage: 'Открыть {page}',
};

export type NcaLayerMessageKey = keyof typeof ru;

const kk: Record<NcaLayerMessageKey, string> = {
  unreachable: 'NCALayer-ге қосылу мүмкін болмады. Екі себеп болуы мүмкін:',
  notRunning:
    'NCALayer іске қосылмаған. NCALayer бағдарламасын осы компьютерде іске қосып, әрекетті қайталаңыз; ол орнатылмаған болса, орнатыңыз.',
  untrusted:
    'Браузер NCALayer сертификатына сенбейді. Осы браузерде {page} мекенжайын бір рет ашып, сертификатты қабылдаңыз («Қосымша» → «Сайтқа өту» түймесі) және әрекетті қайталаңыз. NCALayer эмуляторы үшін бұл — эмулятордың мекенжайы.',
  openPage: '{page} ашу',
};

const en: Record<NcaLayerMessageKey, string> = {
  unreachable: 'Could not connect to NCALayer. There are two possible causes:',
  notRunning: 'NCALayer is not running. Start NCALayer on this computer and try again; if it is not installed, install it.',
  untrusted:
    'The browser does not trust NCALayer\'s certificate. Open {page} once in this browser, accept the certificate ("Advanced" → "Proceed") and try again. For the NCALayer emulator this is the emulator\'s address.',
  openPage: 'Open {page}',
};

const MESSAGES: Record<Locale, Record<NcaLayerMessageKey, string>> = { kk, ru, en };

export function ncaLayerMessage(locale: Locale, key: NcaLayerMessageKey, params?: Record<string, string>): string {
  return (MESSAGES[locale]?.[key] ?? ru[key]).replace(/\{(\w+)\}/g, (_, name: string) => params?.[name] ?? `{${name}}`);
}
