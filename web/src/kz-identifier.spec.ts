import { INVALID_KZ_IDENTIFIERS, VALID_KZ_IDENTIFIERS } from './kz-identifier-vectors';
import { identifierState, isKzIdentifier } from './kz-identifier';

// The server's spec (src/common/identifiers/kz-identifier.spec.ts) checks the same table and
// compares the two implementations on random identifiers.
describe("the cabinet's IIN/BIN check digit", () => {
  it('takes every identifier of the shared table the API takes', () => {
    for (const value of VALID_KZ_IDENTIFIERS) expect([value, isKzIdentifier(value)]).toEqual([value, true]);
  });

  it('refuses every identifier of the shared table the API refuses', () => {
    for (const value of INVALID_KZ_IDENTIFIERS) expect([value, isKzIdentifier(value)]).toEqual([value, false]);
  });

  it('says whether the user is still typing or mistyped the check digit', () => {
    expect(identifierState('')).toBe('empty');
    expect(identifierState('8503153')).toBe('incomplete');
    expect(identifierState('850315300129')).toBe('checksum');
    expect(identifierState('000000000000')).toBe('checksum');
    expect(identifierState('850315300128')).toBe('valid');
  });
});
