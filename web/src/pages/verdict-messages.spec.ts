import {
  blockingChecks,
  checkLine,
  checkName,
  parseErrorWords,
  verdictHints,
  verdictMessage,
  verdictOf,
} from './verdict-messages';

const LOCALES = ['ru', 'kk', 'en'] as const;
const CHECKS = [
  'SIGNER_INFO_FORMAT',
  'SIGNING_CERTIFICATE_IDENTIFIED',
  'SIGNING_CERTIFICATE_REFERENCE',
  'DIGEST_ALGORITHM',
  'CONTENT_TYPE_ATTRIBUTE',
  'MESSAGE_DIGEST',
  'SIGNATURE_VALUE',
  'SIGNING_TIME',
  'SIGNING_CERTIFICATE_VALIDITY',
  'KEY_USAGE',
  'SIGNER_CONSTRAINTS',
  'CERTIFICATE_CHAIN',
  'REVOCATION',
  'SIGNATURE_TIMESTAMP',
];
const PARSE_ERRORS = [
  'EMPTY_INPUT',
  'TOO_LARGE',
  'BAD_ENCODING',
  'MALFORMED_DER',
  'TRAILING_DATA',
  'NOT_SIGNED_DATA',
  'MALFORMED_SIGNED_DATA',
  'NO_SIGNERS',
  'INTERNAL_ERROR',
];
const CYRILLIC = /[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]/;
const KAZAKH_ONLY = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;

describe('verdictOf: the server rule (signer-summary.ts signatureVerdict) on a /verify report', () => {
  const passedCheck = (status: string) => [
    { name: 'SIGNATURE_VALUE', status: 'PASSED' },
    { name: 'REVOCATION', status },
  ];

  it('never calls valid a signature whose revocation status was not established (ETSI EN 319 102-1)', () => {
    expect(verdictOf({ indication: 'TOTAL_PASSED', checks: passedCheck('NOT_CHECKED') })).toEqual({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
    });
  });

  it('keeps a pass with the revocation status established, and a failure or indeterminate as they are', () => {
    expect(verdictOf({ indication: 'TOTAL_PASSED', checks: passedCheck('PASSED') })).toEqual({ indication: 'TOTAL_PASSED' });
    expect(verdictOf({ indication: 'TOTAL_PASSED', checks: passedCheck('WARNING') })).toEqual({ indication: 'TOTAL_PASSED' });
    expect(verdictOf({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE', checks: passedCheck('NOT_CHECKED') })).toEqual({
      indication: 'TOTAL_FAILED',
      subIndication: 'HASH_FAILURE',
    });
    expect(verdictOf({ indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND' })).toEqual({
      indication: 'INDETERMINATE',
      subIndication: 'SIGNED_DATA_NOT_FOUND',
    });
  });

  it('treats an unknown indication as indeterminate, never as valid', () => {
    expect(verdictOf({ indication: 'SOMETHING_NEW' }).indication).toBe('INDETERMINATE');
  });
});

describe('check details in words', () => {
  it.each(LOCALES)('%s: every check name and parse error has words (no code shown as it is)', (locale) => {
    for (const name of CHECKS) expect([name, checkName(locale, name) === name]).toEqual([name, false]);
    for (const code of PARSE_ERRORS) expect([code, parseErrorWords(locale, code) === code]).toEqual([code, false]);
  });

  it('ru and kk say it in Cyrillic, kk with Kazakh letters, and none of them in the verifier English', () => {
    for (const locale of ['ru', 'kk'] as const) {
      for (const text of [...CHECKS.map((n) => checkName(locale, n)), ...PARSE_ERRORS.map((c) => parseErrorWords(locale, c))]) {
        expect([text, CYRILLIC.test(text)]).toEqual([text, true]);
        expect(text).not.toMatch(/CMS is|neither|supplied|content was/);
      }
    }
    expect(CHECKS.map((n) => checkName('kk', n)).some((t) => KAZAKH_ONLY.test(t))).toBe(true);
  });

  it('names a blocking check and gives the reason in the words of the sub-indication', () => {
    const checks = [
      {
        name: 'MESSAGE_DIGEST',
        status: 'NOT_CHECKED',
        subIndication: 'SIGNED_DATA_NOT_FOUND',
        message: 'detached signature and no content was supplied',
      },
      { name: 'SIGNATURE_TIMESTAMP', status: 'NOT_CHECKED', message: 'no signature time-stamp (CAdES-B-B)' },
      { name: 'SIGNATURE_VALUE', status: 'PASSED', message: 'ok' },
    ];
    const blocking = blockingChecks(checks);
    expect(blocking.map((c) => c.name)).toEqual(['MESSAGE_DIGEST']);
    const reason = (code: string | undefined) => (code === 'SIGNED_DATA_NOT_FOUND' ? 'подписанные данные отсутствуют' : code);
    expect(checkLine('ru', blocking[0], reason)).toBe('Хэш подписанного документа (подписанные данные отсутствуют)');
    expect(checkLine('kk', { name: 'REVOCATION', status: 'FAILED' }, () => undefined)).toBe(
      'Сертификаттың кері қайтарылу мәртебесі (өтпеді)',
    );
  });
});

describe('verdictHints: what to do, and why /verify may differ from the document card', () => {
  it('asks for the document when a detached signature came alone', () => {
    expect(verdictHints('ru', { indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND' })).toEqual([
      verdictMessage('ru', 'detachedHint'),
    ]);
    expect(verdictMessage('kk', 'detachedHint')).toContain('екінші файл');
  });

  it('explains that the service established the revocation status on acceptance when it cannot be obtained now', () => {
    const [hint] = verdictHints('ru', { indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(hint).toContain('когда принимал подпись');
    expect(verdictHints('kk', { indication: 'INDETERMINATE', subIndication: 'TRY_LATER' })[0]).toContain('қабылдаған кезде');
  });

  it('adds nothing to a valid signature', () => {
    expect(verdictHints('en', { indication: 'TOTAL_PASSED' })).toEqual([]);
  });
});
