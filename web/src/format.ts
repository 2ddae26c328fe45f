import type { Locale } from './locale';

const INTL_LOCALE: Record<Locale, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
// Every time is shown in Kazakhstan's business time zone, whatever the browser's.
const TIME_ZONE = 'Asia/Almaty';

export function formatDateTime(value: string | null | undefined, locale: Locale): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

// A calendar date (YYYY-MM-DD) has no time zone: shown as is, in the locale's order.
export function formatDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  return locale === 'en' ? `${match[3]}/${match[2]}/${match[1]}` : `${match[3]}.${match[2]}.${match[1]}`;
}

// Amounts are integer minor units (tiyn); tenge is shown with ₸.
export function formatAmount(minor: string | null | undefined, currency: string | null | undefined, locale: Locale): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  const units = BigInt(minor);
  const whole = units / 100n;
  const cents = (units % 100n).toString().padStart(2, '0');
  const grouped = new Intl.NumberFormat(INTL_LOCALE[locale]).format(whole);
  const decimal = locale === 'en' ? '.' : ',';
  const code = currency ?? 'KZT';
  return `${grouped}${decimal}${cents} ${code === 'KZT' ? '₸' : code}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

// "12 345,67" or "12345.67" → tiyn as a string of digits; null when not an amount.
export function parseAmountToMinor(text: string): string | null {
  const cleaned = text.replace(/[\s\u00a0₸]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return (BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0')).toString();
}
