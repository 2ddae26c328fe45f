import { formatAmount, formatBytes, formatDate, formatDateTime, parseAmountToMinor } from './format';

// The cabinet's names over the shared module (src/contracts/locale-format.spec.ts has the full
// table); these pin what the pages show, in each of the cabinet's languages.
const _ = '\u00a0';

describe('cabinet formatting', () => {
  it('shows instants in Almaty time, the same in kk and ru (never ISO), whatever the machine runs in', () => {
    expect(formatDateTime('2026-12-07T13:02:36Z', 'kk')).toBe('07.12.2026 18:02');
    expect(formatDateTime('2026-12-07T13:02:36Z', 'ru')).toBe('07.12.2026 18:02');
    expect(formatDateTime('2026-12-31T19:00:00Z', 'en')).toBe('01 Jan 2027 00:00');
    expect(formatDateTime(null, 'kk')).toBe('—');
  });

  it('shows a calendar date as it is, in the locale order', () => {
    expect(formatDate('2026-01-02', 'kk')).toBe('02.01.2026');
    expect(formatDate('2026-01-02', 'ru')).toBe('02.01.2026');
    expect(formatDate('2026-01-02', 'en')).toBe('02 Jan 2026');
  });

  it('shows tiyn as tenge with ₸, exactly (no floating point), grouped by no-break spaces in kk as in ru', () => {
    expect(formatAmount('15000000', 'KZT', 'kk')).toBe(`150${_}000,00${_}₸`);
    expect(formatAmount('15000000', 'KZT', 'ru')).toBe(`150${_}000,00${_}₸`);
    expect(formatAmount('900719925474099199', 'KZT', 'en')).toBe(`9,007,199,254,740,991.99${_}₸`);
    expect(formatAmount('5', null, 'ru')).toBe(`0,05${_}₸`);
    expect(formatAmount(null, 'KZT', 'ru')).toBe('—');
  });

  it('shows sizes in КБ/МБ (kk, ru) and KB/MB (en), not KiB', () => {
    expect(formatBytes(1536, 'kk')).toBe(`1,5${_}КБ`);
    expect(formatBytes(100 * 1024 * 1024, 'ru')).toBe(`100${_}МБ`);
    expect(formatBytes(1536, 'en')).toBe(`1.5${_}KB`);
    expect(formatBytes(800)).toBe(`800${_}Б`);
  });

  it('reads an amount typed by a person into tiyn, or refuses it', () => {
    expect(parseAmountToMinor('1 234,5')).toBe('123450');
    expect(parseAmountToMinor('1234.56 ₸')).toBe('123456');
    expect(parseAmountToMinor('0,07')).toBe('7');
    expect(parseAmountToMinor('12,345')).toBeNull();
    expect(parseAmountToMinor('-5')).toBeNull();
    expect(parseAmountToMinor('abc')).toBeNull();
  });
});
