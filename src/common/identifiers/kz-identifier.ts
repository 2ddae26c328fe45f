import { ValidateBy, ValidationOptions } from 'class-validator';

// Kazakhstan's IIN (individual) and BIN (legal entity) are both 12 digits whose last digit is a
// check digit over the first 11. One rule for both, so one function here: an identifier a client
// types to name someone (operator API organizations and main users, users, invitations, send
// recipients) is checked by it, so a typo is refused instead of becoming an organization or an
// invitation no one can use. Identifiers read from a certificate are the CA's business and are not
// checked (NCA's own test keys carry IIN 123456789011, whose check digit is wrong); so neither are
// values only compared with them or with stored rows: a verification policy's requiredIin/Bin and
// the counterparty filter of the document list still take any 12 digits.

const TWELVE_DIGITS = /^\d{12}$/;
const ELEVEN_DIGITS = /^\d{11}$/;

// Weights 1..11 over the first 11 digits, mod 11; a result of 10 takes a second pass with weights
// 3..11,1,2; a second 10 means no number with these 11 digits can be issued (undefined).
export function kzIdentifierCheckDigit(first11: string): number | undefined {
  if (!ELEVEN_DIGITS.test(first11)) throw new RangeError('IIN/BIN: expected 11 digits');
  const digits = [...first11].map(Number);
  // Pass with weights starting at `offset + 1` and wrapping from 11 back to 1.
  const pass = (offset: number): number => digits.reduce((sum, digit, i) => sum + digit * (((i + offset) % 11) + 1), 0) % 11;
  const first = pass(0);
  if (first !== 10) return first;
  const second = pass(2);
  return second === 10 ? undefined : second;
}

// Twelve digits whose check digit matches. All zeros passes the arithmetic (every sum is 0) but is
// the placeholder integrators send for "unknown", never an issued number: refused.
export function isKzIdentifier(value: unknown): value is string {
  if (typeof value !== 'string' || !TWELVE_DIGITS.test(value) || /^0+$/.test(value)) return false;
  return kzIdentifierCheckDigit(value.slice(0, 11)) === Number(value[11]);
}

// The 12-digit identifier with its check digit appended (test data, examples).
export function withKzCheckDigit(first11: string): string {
  const check = kzIdentifierCheckDigit(first11);
  if (check === undefined) throw new RangeError(`IIN/BIN: no check digit exists for ${first11}`);
  return `${first11}${check}`;
}

// What the field holds, for the message: 'IIN', 'BIN' or 'BIN or IIN'.
export type KzIdentifierKind = 'IIN' | 'BIN' | 'BIN or IIN';

// What is wrong with a value that is not a valid IIN/BIN (the shape, or the check digit).
export function kzIdentifierProblem(property: string, value: unknown, kind: KzIdentifierKind): string {
  if (typeof value !== 'string' || !TWELVE_DIGITS.test(value)) return `${property} must be a 12-digit ${kind}`;
  return `${property} is not a valid ${kind}: its check digit (the last digit) does not match the first 11 digits`;
}

// A typed IIN/BIN: 12 digits with a valid check digit (VALIDATION_FAILED otherwise, saying whether
// the shape or the check digit is wrong).
export function IsKzIdentifier(kind: KzIdentifierKind = 'BIN or IIN', options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isKzIdentifier',
      constraints: [kind],
      validator: {
        validate: (value: unknown) => isKzIdentifier(value),
        defaultMessage: (args) => kzIdentifierProblem(args?.property ?? 'the value', args?.value, kind),
      },
    },
    options,
  );
}
