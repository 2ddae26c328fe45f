// One table of IIN/BIN that the server's check (src/common/identifiers/kz-identifier.ts) and the
// cabinet's copy (./kz-identifier.ts, which cannot import src) are both tested against, so the
// send form never refuses what the API takes, nor takes what it refuses. It lives here because
// the cabinet imports nothing from src/ or test/, while the server's spec may read web/src.
export const VALID_KZ_IDENTIFIERS: readonly string[] = [
  '850315300128', // first pass: 118 mod 11 = 8
  '150140001239',
  '900720400346',
  '780101300565',
  '750512300782',
  '910617300450',
  '900720401892', // second pass (the first gives 10): weights 3..11,1,2 give 2
];

export const INVALID_KZ_IDENTIFIERS: readonly string[] = [
  '850315300129', // issue 20: the check digit mistyped
  '850315300120',
  '123456789012',
  '900720401890', // the first pass's 10 is no digit
  '900720401820', // both passes give 10: no valid number has these 11 digits
  '900720401829',
  '000000000000', // the arithmetic passes, but it is the "unknown" placeholder
  '85031530012', // 11 digits
  '8503153001280', // 13 digits
  ' 850315300128',
  '85031530012a',
  '８５０３１５３００１２８', // full-width digits
  '',
];
