// The cabinet's formatting: the service's one formatting module (src/contracts/locale-format.ts,
// also used by the e-mails and the card PDF), reached through the '@edo/locale-format' alias — the
// only file outside web/src the cabinet may import (see web/src/boundary.spec.ts). Kept as the
// cabinet's own names so pages import from './format' and pass the cabinet's Locale.
import {
  formatBytes as formatBytesIn,
  formatDate as formatDateIn,
  formatDateTime as formatDateTimeIn,
  formatMoney,
  parseAmount,
} from '@edo/locale-format';
import type { Locale } from './locale';

// An instant in Almaty time: "07.12.2026 18:02" (kk, ru), "07 Dec 2026 18:02" (en).
export function formatDateTime(value: string | null | undefined, locale: Locale): string {
  return formatDateTimeIn(value, locale);
}

// A calendar date (YYYY-MM-DD) has no time zone: "07.12.2026" (kk, ru), "07 Dec 2026" (en).
export function formatDate(value: string | null | undefined, locale: Locale): string {
  return formatDateIn(value, locale);
}

// Amounts are integer minor units (tiyn): "150 000,00 ₸" (kk, ru), "150,000.00 ₸" (en).
export function formatAmount(minor: string | null | undefined, currency: string | null | undefined, locale: Locale): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  if (!/^-?\d+$/.test(minor)) return minor;
  return formatMoney(minor, currency ?? 'KZT', locale);
}

// Sizes: "1,5 МБ" (kk, ru), "1.5 MB" (en). Without a locale (older callers): Russian units.
export function formatBytes(bytes: number, locale: Locale = 'ru'): string {
  return formatBytesIn(bytes, locale);
}

// "12 345,67" or "12345.67" → tiyn as a string of digits; null when not an amount.
export function parseAmountToMinor(text: string): string | null {
  return parseAmount(text);
}
