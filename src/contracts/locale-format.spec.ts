import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { almatyDay, formatBytes, formatDate, formatDateTime, formatInteger, formatMoney, parseAmount } from './locale-format';

// The expected strings spell the no-break space out: a plain space in a table would hide a wrong one.
const _ = '\u00a0';

describe('formatMoney: tiyn → tenge, per locale', () => {
  it.each([
    // minor units, ru, kk, en
    ['0', `0,00${_}₸`, `0,00${_}₸`, `0.00${_}₸`],
    ['1', `0,01${_}₸`, `0,01${_}₸`, `0.01${_}₸`],
    ['99', `0,99${_}₸`, `0,99${_}₸`, `0.99${_}₸`],
    ['100000', `1${_}000,00${_}₸`, `1${_}000,00${_}₸`, `1,000.00${_}₸`],
    ['15000000', `150${_}000,00${_}₸`, `150${_}000,00${_}₸`, `150,000.00${_}₸`],
    ['-15000050', `−150${_}000,50${_}₸`, `−150${_}000,50${_}₸`, `−150,000.50${_}₸`],
    // Beyond Number.MAX_SAFE_INTEGER: exact, no float rounding.
    [
      '900719925474099199',
      `9${_}007${_}199${_}254${_}740${_}991,99${_}₸`,
      `9${_}007${_}199${_}254${_}740${_}991,99${_}₸`,
      `9,007,199,254,740,991.99${_}₸`,
    ],
  ] as const)('%s', (minor, ru, kk, en) => {
    expect(formatMoney(minor, 'KZT', 'ru')).toBe(ru);
    expect(formatMoney(minor, 'KZT', 'kk')).toBe(kk);
    expect(formatMoney(minor, 'KZT', 'en')).toBe(en);
    expect(formatMoney(BigInt(minor), 'KZT', 'kk')).toBe(kk);
  });

  it('other currencies: their own decimals, their ISO code', () => {
    expect(formatMoney('1999', 'USD', 'en')).toBe(`19.99${_}USD`);
    expect(formatMoney('1500', 'JPY', 'ru')).toBe(`1${_}500${_}JPY`);
    expect(formatMoney('12345', 'RUB', 'ru')).toBe(`123,45${_}₽`);
  });

  it('refuses what is not an integer number of minor units', () => {
    expect(() => formatMoney('12.50', 'KZT', 'ru')).toThrow(/not an integer/);
    expect(() => formatMoney('', 'KZT', 'ru')).toThrow(/not an integer/);
  });
});

describe('formatInteger', () => {
  it.each([
    [0, '0', '0', '0'],
    [999, '999', '999', '999'],
    [2097152, `2${_}097${_}152`, `2${_}097${_}152`, '2,097,152'],
    [-1234, `−1${_}234`, `−1${_}234`, '−1,234'],
  ] as const)('%s', (value, ru, kk, en) => {
    expect([formatInteger(value, 'ru'), formatInteger(value, 'kk'), formatInteger(value, 'en')]).toEqual([ru, kk, en]);
  });
});

describe('parseAmount: what a person types → tiyn', () => {
  it.each([
    ['150 000,00', '15000000'],
    [`150${_}000,5`, '15000050'],
    ['150\u202f000', '15000000'],
    ['1234.56 ₸', '123456'],
    ['0,01', '1'],
    ['0', '0'],
    ['12,345', null],
    ['-5', null],
    ['1,2,3', null],
    ['', null],
    ['abc', null],
  ] as const)('%j → %j', (text, minor) => {
    expect(parseAmount(text)).toBe(minor);
  });

  it('reads back what formatMoney writes (ru, kk)', () => {
    expect(parseAmount(formatMoney('15000050', 'KZT', 'kk'))).toBe('15000050');
  });
});

describe('formatDate: a calendar date, never shifted', () => {
  it.each([
    ['2026-12-07', '07.12.2026', '07.12.2026', '07 Dec 2026'],
    ['2024-02-29', '29.02.2024', '29.02.2024', '29 Feb 2024'],
    ['2027-01-01', '01.01.2027', '01.01.2027', '01 Jan 2027'],
  ] as const)('%s', (value, ru, kk, en) => {
    expect([formatDate(value, 'ru'), formatDate(value, 'kk'), formatDate(value, 'en')]).toEqual([ru, kk, en]);
  });

  it('empty → "—", anything else as given', () => {
    expect(formatDate(null, 'ru')).toBe('—');
    expect(formatDate(undefined, 'kk')).toBe('—');
    expect(formatDate('next week', 'en')).toBe('next week');
  });
});

describe('formatDateTime: always Almaty time', () => {
  // Almaty was UTC+6 until 1 March 2024 00:00 local time, then UTC+5 (clocks went back an hour, so
  // 23:00–24:00 of 29 February happened twice). Node's time zone data says so; these cases check it.
  it.each([
    // instant, ru/kk, en, with seconds and offset (kk)
    ['2026-12-07T13:02:36Z', '07.12.2026 18:02', '07 Dec 2026 18:02', '07.12.2026 18:02:36 (UTC+5)'],
    // Almaty midnight, after the change: 19:00 UTC is the next day.
    ['2026-12-31T18:59:59Z', '31.12.2026 23:59', '31 Dec 2026 23:59', '31.12.2026 23:59:59 (UTC+5)'],
    ['2026-12-31T19:00:00Z', '01.01.2027 00:00', '01 Jan 2027 00:00', '01.01.2027 00:00:00 (UTC+5)'],
    // Before the change: 18:00 UTC was already midnight.
    ['2023-12-31T17:59:00Z', '31.12.2023 23:59', '31 Dec 2023 23:59', '31.12.2023 23:59:00 (UTC+6)'],
    ['2023-12-31T18:00:00Z', '01.01.2024 00:00', '01 Jan 2024 00:00', '01.01.2024 00:00:00 (UTC+6)'],
    ['2023-12-31T18:30:00Z', '01.01.2024 00:30', '01 Jan 2024 00:30', '01.01.2024 00:30:00 (UTC+6)'],
    // The change itself: the same wall-clock time twice, an hour apart, told apart by the offset.
    ['2024-02-29T17:30:00Z', '29.02.2024 23:30', '29 Feb 2024 23:30', '29.02.2024 23:30:00 (UTC+6)'],
    ['2024-02-29T18:30:00Z', '29.02.2024 23:30', '29 Feb 2024 23:30', '29.02.2024 23:30:00 (UTC+5)'],
    ['2024-02-29T19:00:00Z', '01.03.2024 00:00', '01 Mar 2024 00:00', '01.03.2024 00:00:00 (UTC+5)'],
  ] as const)('%s', (instant, ruKk, en, precise) => {
    expect(formatDateTime(instant, 'ru')).toBe(ruKk);
    expect(formatDateTime(instant, 'kk')).toBe(ruKk);
    expect(formatDateTime(new Date(instant), 'en')).toBe(en);
    expect(formatDateTime(instant, 'kk', { seconds: true, offset: true })).toBe(precise);
  });

  it('never prints an ISO timestamp, and empty or unreadable input stays visible', () => {
    expect(formatDateTime('2026-12-21T13:04:54.047Z', 'kk')).toBe('21.12.2026 18:04');
    expect(formatDateTime(null, 'ru')).toBe('—');
    expect(formatDateTime('', 'ru')).toBe('—');
    expect(formatDateTime('not a time', 'en')).toBe('not a time');
  });

  it('the Almaty calendar day of an instant', () => {
    expect(almatyDay('2026-12-31T19:00:00Z')).toBe('2027-01-01');
    expect(almatyDay('2023-12-31T17:59:00Z')).toBe('2023-12-31');
  });
});

describe('formatBytes: Б/КБ/МБ/ГБ in ru and kk, B/KB/MB/GB in en', () => {
  it.each([
    [0, `0${_}Б`, `0${_}B`],
    [1, `1${_}Б`, `1${_}B`],
    [1023, `1023${_}Б`, `1023${_}B`],
    [1024, `1${_}КБ`, `1${_}KB`],
    [1536, `1,5${_}КБ`, `1.5${_}KB`],
    [10_000, `9,8${_}КБ`, `9.8${_}KB`],
    // 1023.96 KB rounds up into the next unit instead of "1024,0 КБ".
    [1024 * 1024 - 40, `1${_}МБ`, `1${_}MB`],
    [1.5 * 1024 * 1024, `1,5${_}МБ`, `1.5${_}MB`],
    [100 * 1024 * 1024, `100${_}МБ`, `100${_}MB`],
    [2.25 * 1024 ** 3, `2,3${_}ГБ`, `2.3${_}GB`],
    [12_345 * 1024 ** 4, `12${_}345${_}ТБ`, `12,345${_}TB`],
  ] as const)('%s', (bytes, ruKk, en) => {
    expect(formatBytes(bytes, 'ru')).toBe(ruKk);
    expect(formatBytes(bytes, 'kk')).toBe(ruKk);
    expect(formatBytes(bytes, 'en')).toBe(en);
  });

  it('no size → "—"', () => {
    expect(formatBytes(Number.NaN, 'ru')).toBe('—');
    expect(formatBytes(-1, 'ru')).toBe('—');
  });
});

describe('the module stays pure (the web cabinet bundles it)', () => {
  it('imports nothing', () => {
    const code = readFileSync(path.join(__dirname, 'locale-format.ts'), 'utf8');
    const info = ts.preProcessFile(code, true, true);
    expect(info.importedFiles.map((f) => f.fileName)).toEqual([]);
    expect(code).not.toMatch(/\b(require|process|Buffer|window|document|navigator)\b[.(]/);
  });
});
