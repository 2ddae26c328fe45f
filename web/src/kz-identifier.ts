// The IIN/BIN check digit as the API checks it (src/common/identifiers/kz-identifier.ts, which
// the cabinet cannot import): the send form says a typo at once instead of after sending. Both are
// tested against one table (test/utils/kz-identifier-vectors.ts) and against each other.

const TWELVE_DIGITS = /^\d{12}$/;

// Weights 1..11 over the first 11 digits, mod 11; a 10 takes a second pass with weights
// 3..11,1,2; a second 10 means no number with these 11 digits exists (undefined).
export function checkDigit(first11: string): number | undefined {
  const digits = [...first11].map(Number);
  const pass = (offset: number) => digits.reduce((sum, digit, i) => sum + digit * (((i + offset) % 11) + 1), 0) % 11;
  const first = pass(0);
  if (first !== 10) return first;
  const second = pass(2);
  return second === 10 ? undefined : second;
}

// What the field says about a typed value: nothing yet (still typing), or what is wrong.
export type IdentifierState = 'empty' | 'incomplete' | 'checksum' | 'valid';

export function identifierState(value: string): IdentifierState {
  if (value === '') return 'empty';
  if (!TWELVE_DIGITS.test(value)) return 'incomplete';
  // All zeros passes the arithmetic but is a placeholder, never an issued number.
  if (/^0+$/.test(value) || checkDigit(value.slice(0, 11)) !== Number(value[11])) return 'checksum';
  return 'valid';
}

export const isKzIdentifier = (value: string): boolean => identifierState(value) === 'valid';
