// How amounts, dates, times and sizes are written for people, one module for every surface: the
// web cabinet (web/src/format.ts imports this file through the '@edo/locale-format' alias), the
// e-mails and the document card PDF (issue 20: "one formatting module per locale, used everywhere").
//
// It must stay pure: no imports at all, no Node or DOM APIs — the cabinet's bundle includes it as
// is. Only ECMAScript built-ins (BigInt, Intl) are used, and Intl only where its answer does not
// depend on the locale data of the engine: Chromium's ICU groups kk-KZ numbers with commas
// ("150,000,00 ₸") and writes kk-KZ dates as ISO, Node's does otherwise. So numbers are grouped by
// hand and date parts are taken from a fixed 'en-GB' formatter and put in order here; the output is
// the same on Node and in the browser.
//
// The conventions:
// - ru, kk: "150 000,00 ₸" (no-break space groups, decimal comma), dates "07.12.2026",
//   date-times "07.12.2026 18:02" — the Kazakhstani usage in both languages (ST RK / GOST R 7.0.97).
// - en: "150,000.00 ₸"; dates "07 Dec 2026": numeric "07/12/2026" reads as July 12 to half of
//   English readers, a month's abbreviation cannot be misread.
// - Times are always Almaty's (the service's legal time zone), whatever the reader's machine says.
// - Sizes in binary units with the names people use: Б/КБ/МБ/ГБ in Russian and in Kazakh (Kazakh
//   uses the same abbreviations: байт, килобайт, мегабайт), B/KB/MB/GB in English.

export type FormatLocale = 'kk' | 'ru' | 'en';

export const ALMATY_TIME_ZONE = 'Asia/Almaty';

export const NBSP = '\u00a0';

const MINUS = '−';
const EMPTY = '—';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Others print as their ISO code, which no reader of a Kazakh document misreads.
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { KZT: '₸', RUB: '₽' };

function separators(locale: FormatLocale): { group: string; decimal: string } {
  return locale === 'en' ? { group: ',', decimal: '.' } : { group: NBSP, decimal: ',' };
}

function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function fractionDigitsOf(currency: string): number {
  try {
    // Only the currency's decimal places are asked of Intl (ISO 4217 data, the same everywhere).
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: the service's amounts are in hundredths unless told otherwise.
    return 2;
  }
}

function toBigInt(value: string | bigint | number): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`${value}: not a safe integer`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new Error(`amount ${value}: not an integer number of minor units`);
  return BigInt(value);
}

// Integer minor units (tiyn for KZT) → "1 234 567,89 ₸" (ru, kk) or "1,234,567.89 ₸" (en). Exact:
// bigint arithmetic on the digits, never a float. Throws on anything but an integer.
export function formatMoney(minor: string | bigint, currency: string, locale: FormatLocale): string {
  const value = toBigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const scale = fractionDigitsOf(currency);
  const padded = digits.padStart(scale + 1, '0');
  const whole = scale > 0 ? padded.slice(0, -scale) : padded;
  const fraction = scale > 0 ? padded.slice(-scale) : '';
  const { group, decimal } = separators(locale);
  const number = `${negative ? MINUS : ''}${groupDigits(whole, group)}${fraction ? `${decimal}${fraction}` : ''}`;
  return `${number}${NBSP}${CURRENCY_SYMBOLS[currency] ?? currency}`;
}

export function formatInteger(value: number | bigint | string, locale: FormatLocale): string {
  const number = toBigInt(value);
  const negative = number < 0n;
  return `${negative ? MINUS : ''}${groupDigits((negative ? -number : number).toString(), separators(locale).group)}`;
}

// What a person typed as an amount ("150 000,50", "1234.5 ₸") → minor units as a string of digits
// (two decimal places, as KZT), or null when it is not a non-negative amount with at most 2 decimals.
export function parseAmount(text: string): string | null {
  const cleaned = text.replace(/[\s\u00a0\u202f₸]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return (BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'))).toString();
}

// A calendar date ("2026-12-07", a document's date) has no time zone: it is printed as written,
// never shifted through one. Anything that is not such a date is printed as given.
export function formatDate(value: string | null | undefined, locale: FormatLocale): string {
  if (!value) return EMPTY;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  const monthIndex = Number(month) - 1;
  if (locale === 'en' && monthIndex >= 0 && monthIndex < 12) return `${day} ${EN_MONTHS[monthIndex]} ${year}`;
  return `${day}.${month}.${year}`;
}

export interface DateTimeOptions {
  // With seconds ("18:02:36"): the card and the evidence, where the second matters.
  seconds?: boolean;
  // With Almaty's offset that day ("(UTC+5)"): a printout stays right whatever the rule was then
  // (Almaty moved from UTC+6 to UTC+5 on 1 March 2024).
  offset?: boolean;
}

// 'en-GB' with h23 is used only as a source of numeric parts; their order and separators are ours.
const ALMATY_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: ALMATY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function almatyWallClock(time: Date): WallClock {
  const parts: Record<string, string> = {};
  for (const part of ALMATY_PARTS.formatToParts(time)) parts[part.type] = part.value;
  // Some engines wrote midnight as "24" even with h23; it is hour 0 of that same day.
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return { year: parts.year, month: parts.month, day: parts.day, hour, minute: parts.minute, second: parts.second };
}

// Almaty's offset at that instant, from the wall clock itself (no engine-specific zone names).
function offsetLabel(time: Date, clock: WallClock): string {
  const wall = Date.UTC(+clock.year, +clock.month - 1, +clock.day, +clock.hour, +clock.minute, +clock.second);
  const minutes = Math.round((wall - Math.floor(time.getTime() / 1000) * 1000) / 60_000);
  if (minutes === 0) return 'UTC+0';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

// An instant → Almaty's date and time: "07.12.2026 18:02" (ru, kk), "07 Dec 2026 18:02" (en).
// null/undefined → "—"; something that is not a time is printed as given.
export function formatDateTime(
  value: Date | string | null | undefined,
  locale: FormatLocale,
  options: DateTimeOptions = {},
): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  const time = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(time.getTime())) return String(value);
  const clock = almatyWallClock(time);
  const date = formatDate(`${clock.year}-${clock.month}-${clock.day}`, locale);
  const hhmm = `${clock.hour}:${clock.minute}${options.seconds ? `:${clock.second}` : ''}`;
  return `${date} ${hhmm}${options.offset ? ` (${offsetLabel(time, clock)})` : ''}`;
}

// The calendar day an instant falls on in Almaty, "2026-12-07": for comparing with calendar dates.
export function almatyDay(value: Date | string): string {
  const time = value instanceof Date ? value : new Date(value);
  const clock = almatyWallClock(time);
  return `${clock.year}-${clock.month}-${clock.day}`;
}

const BYTE_UNITS: Readonly<Record<FormatLocale, readonly string[]>> = {
  ru: ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'],
  kk: ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'],
  en: ['B', 'KB', 'MB', 'GB', 'TB'],
};

// A size in bytes → "0 Б", "1023 Б", "1 КБ", "1,5 МБ" (ru, kk) / "1.5 MB" (en): 1 КБ = 1024 Б, as
// in the file managers people compare with; one decimal, none when it is zero.
export function formatBytes(bytes: number, locale: FormatLocale): string {
  if (!Number.isFinite(bytes) || bytes < 0) return EMPTY;
  const units = BYTE_UNITS[locale];
  const whole = Math.round(bytes);
  if (whole < 1024) return `${whole}${NBSP}${units[0]}`;
  let unit = 1;
  // Tenths of the unit, rounded; 1023.96 КБ rounds to 1024,0 КБ, which is written 1 МБ.
  let tenths = Math.round((whole * 10) / 1024);
  while (tenths >= 10240 && unit < units.length - 1) {
    unit += 1;
    tenths = Math.round((whole * 10) / 1024 ** unit);
  }
  const integer = Math.floor(tenths / 10);
  const decimal = tenths % 10;
  const { group, decimal: comma } = separators(locale);
  // Four digits stay together ("1000 ГБ"), as the bytes below 1024 do; only the terabytes group.
  const digits = integer >= 10_000 ? groupDigits(String(integer), group) : String(integer);
  return `${digits}${decimal ? `${comma}${decimal}` : ''}${NBSP}${units[unit]}`;
}
