import { ERROR_CATALOG, ErrorCode } from './error-catalog';

describe('error catalog', () => {
  it.each(Object.values(ErrorCode))('%s has an HTTP error status and a message in kk, ru and en', (code) => {
    const entry = ERROR_CATALOG[code];
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThan(600);
    for (const locale of ['kk', 'ru', 'en'] as const) expect(entry.messages[locale].trim().length).toBeGreaterThan(5);
    // Three real translations, not a copy of one.
    expect(new Set(Object.values(entry.messages)).size).toBe(3);
  });

  it('writes Kazakh messages with Kazakh letters where the words need them', () => {
    const kazakh = Object.values(ERROR_CATALOG)
      .map((entry) => entry.messages.kk)
      .join(' ');
    expect(kazakh).toMatch(/[әғқңөұүһі]/);
  });
});
