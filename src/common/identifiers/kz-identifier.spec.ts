import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomInt } from 'node:crypto';
import * as cabinet from '../../../web/src/kz-identifier';
import { INVALID_KZ_IDENTIFIERS, VALID_KZ_IDENTIFIERS } from '../../../web/src/kz-identifier-vectors';
import { IsKzIdentifier, isKzIdentifier, kzIdentifierCheckDigit, withKzCheckDigit } from './kz-identifier';

class Holder {
  @IsKzIdentifier('IIN')
  iin!: string;
}

function problems(value: unknown): string[] {
  return validateSync(plainToInstance(Holder, { iin: value })).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('IIN/BIN check digit', () => {
  // The table the cabinet's copy (web/src/kz-identifier.ts) is tested against too.
  it('takes and refuses the shared table as the cabinet does', () => {
    for (const valid of VALID_KZ_IDENTIFIERS) expect([valid, isKzIdentifier(valid)]).toEqual([valid, true]);
    for (const invalid of INVALID_KZ_IDENTIFIERS) expect([invalid, isKzIdentifier(invalid)]).toEqual([invalid, false]);
  });

  // The send form must neither refuse what the API takes nor take what it refuses.
  it("agrees with the cabinet's copy on every last digit of random identifiers", () => {
    for (let n = 0; n < 2000; n++) {
      const first11 = String(randomInt(0, 1e11)).padStart(11, '0');
      for (let digit = 0; digit <= 9; digit++) {
        const value = `${first11}${digit}`;
        expect([value, cabinet.isKzIdentifier(value)]).toEqual([value, isKzIdentifier(value)]);
      }
    }
  });

  it('accepts identifiers whose last digit matches the first pass (weights 1..11)', () => {
    // 8·1+5·2+0·3+3·4+1·5+5·6+3·7+0·8+0·9+1·10+2·11 = 118; 118 mod 11 = 8.
    expect(kzIdentifierCheckDigit('85031530012')).toBe(8);
    expect(isKzIdentifier('850315300128')).toBe(true);
    for (const valid of ['150140001239', '900720400346', '780101300565', '750512300782', '910617300450']) {
      expect(isKzIdentifier(valid)).toBe(true);
    }
  });

  it('refuses any other last digit', () => {
    expect(isKzIdentifier('850315300129')).toBe(false);
    expect(isKzIdentifier('123456789012')).toBe(false);
    for (let digit = 0; digit <= 9; digit++) expect(isKzIdentifier(`85031530012${digit}`)).toBe(digit === 8);
  });

  it('takes the second pass (weights 3..11,1,2) when the first gives 10', () => {
    // First pass: 9·1+7·4+2·5+4·7+1·9+8·10+9·11 = 263 ≡ 10 (mod 11);
    // second: 9·3+7·6+2·7+4·9+1·11+8·1+9·2 = 156 ≡ 2.
    expect(kzIdentifierCheckDigit('90072040189')).toBe(2);
    expect(isKzIdentifier('900720401892')).toBe(true);
    // The first pass would have said 10, which is no digit; no other digit passes either.
    expect(isKzIdentifier('900720401890')).toBe(false);
  });

  it('has no valid number when the second pass also gives 10', () => {
    // First: 9+28+10+28+9+80+2·11 = 186 ≡ 10; second: 27+42+14+36+11+8+2·2 = 142 ≡ 10.
    expect(kzIdentifierCheckDigit('90072040182')).toBeUndefined();
    for (let digit = 0; digit <= 9; digit++) expect(isKzIdentifier(`90072040182${digit}`)).toBe(false);
    expect(() => withKzCheckDigit('90072040182')).toThrow(RangeError);
  });

  it('refuses all zeros (the arithmetic passes, but it is a placeholder, not an issued number)', () => {
    expect(kzIdentifierCheckDigit('00000000000')).toBe(0);
    expect(isKzIdentifier('000000000000')).toBe(false);
  });

  it('refuses anything that is not 12 digits', () => {
    for (const value of [
      '85031530012',
      '8503153001280',
      ' 850315300128',
      '85031530012a',
      '８５０３１５３００１２８',
      850315300128,
      null,
    ]) {
      expect(isKzIdentifier(value)).toBe(false);
    }
    expect(() => kzIdentifierCheckDigit('8503153001')).toThrow(RangeError);
  });

  it('appends the check digit', () => {
    expect(withKzCheckDigit('85031530012')).toBe('850315300128');
    expect(withKzCheckDigit('90072040189')).toBe('900720401892');
  });

  it('says whether the shape or the check digit is wrong', () => {
    expect(problems('850315300128')).toEqual([]);
    expect(problems('85031530012')).toEqual(['iin must be a 12-digit IIN']);
    expect(problems(undefined)).toEqual(['iin must be a 12-digit IIN']);
    expect(problems('850315300129')).toEqual([
      'iin is not a valid IIN: its check digit (the last digit) does not match the first 11 digits',
    ]);
  });
});
