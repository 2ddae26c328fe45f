import { defineErrors, errorEntry } from './error-definitions';

enum SampleErrorCode {
  SampleFailed = 'SAMPLE_FAILED',
}
const SAMPLE_ENTRY = { status: 409, messages: { en: 'Sample failed.', ru: 'Образец не удался.', kk: 'Үлгі сәтсіз.' } };

describe('defineErrors', () => {
  it('makes each code look up its status and messages', () => {
    defineErrors(SampleErrorCode, { [SampleErrorCode.SampleFailed]: SAMPLE_ENTRY });
    expect(errorEntry(SampleErrorCode.SampleFailed)).toBe(SAMPLE_ENTRY);
  });

  it('refuses a code another module already defined', () => {
    defineErrors({ First: 'TWICE' }, { TWICE: SAMPLE_ENTRY });
    expect(() => defineErrors({ Second: 'TWICE' }, { TWICE: { ...SAMPLE_ENTRY, status: 400 } })).toThrow(
      'error code TWICE is defined twice',
    );
  });

  it('refuses to look up a code nobody defined', () => {
    expect(() => errorEntry('NO_SUCH_CODE')).toThrow('not defined');
  });
});
