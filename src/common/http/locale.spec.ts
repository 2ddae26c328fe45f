import { pickLocale } from './locale';

describe('pickLocale (Accept-Language)', () => {
  it.each([
    [undefined, 'ru'],
    ['', 'ru'],
    ['kk', 'kk'],
    ['kk-KZ', 'kk'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr, ru;q=0.3, kk;q=0.7', 'kk'],
    ['de, fr', 'ru'],
    ['en;q=0, kk', 'kk'],
    ['ru;q=0.5, en;q=0.5', 'ru'],
    ['*', 'ru'],
  ])('%p → %s', (header, expected) => {
    expect(pickLocale(header, 'ru')).toBe(expected);
  });
});
