import { CARD_LABELS, CARD_LOCALES } from './card-labels';
import { formatDate, formatInteger, formatMoney, formatTime } from './card-format';

const NBSP = '\u00a0';

describe('formatMoney', () => {
  it.each([
    ['123456789', 'KZT', 'ru', `1${NBSP}234${NBSP}567,89${NBSP}₸`],
    ['123456789', 'KZT', 'kk', `1${NBSP}234${NBSP}567,89${NBSP}₸`],
    ['123456789', 'KZT', 'en', `1,234,567.89${NBSP}₸`],
    ['5', 'KZT', 'ru', `0,05${NBSP}₸`],
    ['0', 'KZT', 'ru', `0,00${NBSP}₸`],
    ['-150000', 'KZT', 'ru', `−1${NBSP}500,00${NBSP}₸`],
    ['1999', 'USD', 'en', `19.99${NBSP}USD`],
    // Zero-decimal currency: minor units are whole yen.
    ['1500', 'JPY', 'en', `1,500${NBSP}JPY`],
    // Beyond Number.MAX_SAFE_INTEGER: exact, no float rounding.
    ['9007199254740993', 'KZT', 'ru', `90${NBSP}071${NBSP}992${NBSP}547${NBSP}409,93${NBSP}₸`],
  ] as const)('%s %s (%s) → %j', (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale)).toBe(expected);
  });

  it('refuses a non-integer amount instead of guessing', () => {
    expect(() => formatMoney('12.50', 'KZT', 'ru')).toThrow(/not an integer/);
  });
});

describe('formatTime / formatDate / formatInteger', () => {
  it('prints instants in Almaty time with the offset, in the card language', () => {
    expect(formatTime('2026-03-15T09:30:00Z', 'ru')).toBe('15.03.2026 14:30:00 (UTC+5)');
    expect(formatTime('2026-03-15T09:30:00Z', 'kk')).toBe('15.03.2026 14:30:00 (UTC+5)');
    expect(formatTime('2026-03-15T09:30:00Z', 'en')).toBe('15 Mar 2026 14:30:00 (UTC+5)');
    expect(formatTime(new Date('2026-12-31T19:00:00Z'), 'ru')).toBe('01.01.2027 00:00:00 (UTC+5)');
    // Before 1 March 2024 Almaty was UTC+6.
    expect(formatTime('2024-02-01T18:00:00Z', 'kk')).toBe('02.02.2024 00:00:00 (UTC+6)');
    expect(formatTime(undefined, 'ru')).toBe('—');
    expect(formatTime('not a time', 'ru')).toBe('not a time');
  });

  it('prints calendar dates without shifting them through a time zone', () => {
    expect(formatDate('2026-03-14', 'ru')).toBe('14.03.2026');
    expect(formatDate('2026-03-14', 'en')).toBe('14 Mar 2026');
    expect(formatDate(undefined, 'kk')).toBe('—');
    expect(formatInteger(2097152, 'ru')).toBe(`2${NBSP}097${NBSP}152`);
    expect(formatInteger(2097152, 'en')).toBe('2,097,152');
  });
});

describe('card labels', () => {
  it('every locale has every word, none empty', () => {
    const keys = (value: unknown): string[] =>
      value && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => keys(v).map((sub) => (sub ? `${k}.${sub}` : k)))
        : [''];
    const reference = keys(CARD_LABELS.en).sort();
    for (const locale of CARD_LOCALES) {
      expect(keys(CARD_LABELS[locale]).sort()).toEqual(reference);
      const strings = JSON.stringify(CARD_LABELS[locale], (_k, v: unknown) => (typeof v === 'function' ? 'fn' : v));
      expect(strings).not.toMatch(/:""/);
    }
    expect(CARD_LABELS.kk.page(1, 3)).toBe('3 беттің 1-беті');
  });
});
