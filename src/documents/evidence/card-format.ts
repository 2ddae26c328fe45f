// Numbers, money and times as printed on the card: the service's one formatting module
// (src/contracts/locale-format.ts, the same as the cabinet's and the e-mails'), with the card's
// precision: times to the second and with Almaty's offset that day, so a printout stays correct
// whatever Almaty's rules were then (UTC+6 until 1 March 2024, UTC+5 since).

import { ALMATY_TIME_ZONE, almatyDay, formatDate as formatCalendarDate, formatDateTime } from '../../contracts/locale-format';
import type { CardLocale } from './card-labels';

export { formatBytes, formatInteger, formatMoney } from '../../contracts/locale-format';

export const CARD_TIME_ZONE = ALMATY_TIME_ZONE;

// "2026-03-15T09:30:00Z" → "15.03.2026 14:30:00 (UTC+5)" (ru, kk), "15 Mar 2026 14:30:00 (UTC+5)" (en).
export function formatTime(value: Date | string | undefined, locale: CardLocale): string {
  return formatDateTime(value, locale, { seconds: true, offset: true });
}

// A calendar date "2026-03-15" → "15.03.2026" (ru, kk), "15 Mar 2026" (en); anything else as given.
export function formatDate(value: string | undefined, locale: CardLocale): string {
  return formatCalendarDate(value, locale);
}

// An instant's day in Almaty: "2026-03-15T20:30:00Z" → "16.03.2026" (ru, kk), "16 Mar 2026" (en).
export function formatDay(value: Date | string, locale: CardLocale): string {
  return formatCalendarDate(almatyDay(value), locale);
}
