import { formatAmount, formatDate, formatDateTime, parseAmountToMinor } from './format';

describe('cabinet formatting', () => {
  it('shows instants in Almaty time, whatever the machine runs in', () => {
    expect(formatDateTime('2026-03-15T09:30:00Z', 'ru')).toBe('15.03.2026, 14:30:00');
    expect(formatDateTime('2026-12-31T19:00:00Z', 'en')).toBe('01/01/2027, 00:00:00');
    expect(formatDateTime(null, 'kk')).toBe('—');
  });

  it('shows a calendar date as it is, in the locale order', () => {
    expect(formatDate('2026-01-02', 'kk')).toBe('02.01.2026');
    expect(formatDate('2026-01-02', 'en')).toBe('02/01/2026');
  });

  it('shows tiyn as tenge with ₸, exactly (no floating point)', () => {
    expect(formatAmount('123456789', 'KZT', 'ru').replace(/\s/g, ' ')).toBe('1 234 567,89 ₸');
    expect(formatAmount('900719925474099199', 'KZT', 'en')).toBe('9,007,199,254,740,991.99 ₸');
    expect(formatAmount('5', null, 'ru')).toBe('0,05 ₸');
    expect(formatAmount(null, 'KZT', 'ru')).toBe('—');
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
