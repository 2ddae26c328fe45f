// Numbers, money and times as printed on the card. Money is exact (bigint from minor units, never
// a float); times are shown in Asia/Almaty, the service's legal time zone.

import type { CardLocale } from './card-labels';

export const CARD_TIME_ZONE = 'Asia/Almaty';

const NBSP = '\u00a0';

// Others print as their ISO code, which no reader of a Kazakh document misreads.
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { KZT: '₸', RUB: '₽' };

function fractionDigitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: the service's amounts are in hundredths unless told otherwise.
    return 2;
  }
}

function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

// "123456789" tiyn → "1 234 567,89 ₸" (ru, kk) or "1,234,567.89 ₸" (en).
export function formatMoney(minor: string, currency: string, locale: CardLocale): string {
  if (!/^-?\d+$/.test(minor)) throw new Error(`amount ${minor}: not an integer number of minor units`);
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const scale = fractionDigitsOf(currency);
  const padded = digits.padStart(scale + 1, '0');
  const whole = scale > 0 ? padded.slice(0, -scale) : padded;
  const fraction = scale > 0 ? padded.slice(-scale) : '';
  const [group, decimal] = locale === 'en' ? [',', '.'] : [NBSP, ','];
  const number = `${negative ? '−' : ''}${groupDigits(whole, group)}${fraction ? `${decimal}${fraction}` : ''}`;
  return `${number}${NBSP}${CURRENCY_SYMBOLS[currency] ?? currency}`;
}

export function formatInteger(value: number, locale: CardLocale): string {
  return groupDigits(String(value), locale === 'en' ? ',' : NBSP);
}

const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: CARD_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'shortOffset',
});

// "2026-03-15T09:30:00Z" → "15.03.2026 14:30:00 (UTC+5)": one unambiguous numeric form in every
// locale, with the offset so a printout stays correct whatever Almaty's rules were that day.
export function formatTime(value: Date | string | undefined): string {
  if (value === undefined) return '—';
  const time = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(time.getTime())) return String(value);
  const parts = Object.fromEntries(TIME_FORMAT.formatToParts(time).map((p) => [p.type, p.value]));
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', 'UTC');
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}:${parts.second} (${offset === 'UTC' ? 'UTC+0' : offset})`;
}

// A calendar date "2026-03-15" → "15.03.2026"; anything else is printed as given.
export function formatDate(value: string | undefined): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}
