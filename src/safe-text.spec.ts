import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { hasUnsafeText, stripUnsafeText } from './common/http/safe-text';
import { NewPackageDto, UploadMetadataDto } from './documents/dto';
import { NewApiKeyDto, NewOrganizationDto, NewUserDto, UpdateUserDto } from './identity/dto/identity.dto';
import { NewWebhookDto } from './integrations/integrations.dto';

// Beside the composition root rather than in common/http: it checks every module's titles and
// names, and common knows no module.

const UNSAFE = [
  'a\rb',
  'a\nBcc: x@example.kz',
  'a\tb',
  'a\u0000b',
  'a\u0085b',
  'a\u202Efdp.exe',
  'a\u202Ab',
  'a\u2066b',
  'a\u2069b',
];

function problemsOf<T extends object>(type: new () => T, plain: object, field: string): string[] {
  const errors = validateSync(plainToInstance(type, plain), { whitelist: true, forbidNonWhitelisted: true });
  const error = errors.find((e) => e.property === field);
  return [
    ...Object.values(error?.constraints ?? {}),
    ...(error?.children ?? []).flatMap((c) => Object.values(c.constraints ?? {})),
  ];
}

describe('titles and names: no control characters, no bidi overrides', () => {
  it('tells unsafe text from safe text', () => {
    for (const text of UNSAFE) expect(hasUnsafeText(text)).toBe(true);
    for (const text of ['Договор № 7 — «Поставка»', 'Шарт (қазақша) 2026', 'עברית and العربية are fine']) {
      expect(hasUnsafeText(text)).toBe(false);
    }
    expect(stripUnsafeText('a\r\nb\u202Ec')).toBe('a  b c');
  });

  it.each(UNSAFE)('refuses %j in every title and name', (bad) => {
    const message = /must not contain control characters/;
    expect(problemsOf(UploadMetadataDto, { title: bad, kind: 'contract' }, 'title')).toEqual([expect.stringMatching(message)]);
    expect(problemsOf(UploadMetadataDto, { title: 't', kind: 'contract', number: bad }, 'number')).toEqual([
      expect.stringMatching(message),
    ]);
    expect(problemsOf(UploadMetadataDto, { title: 't', kind: 'contract', tags: [bad] }, 'tags')).toEqual([
      expect.stringMatching(message),
    ]);
    expect(problemsOf(NewPackageDto, { documentIds: ['6f1c2a3b-1111-4222-8333-944455556666'], title: bad }, 'title')).toEqual([
      expect.stringMatching(message),
    ]);
    expect(problemsOf(NewUserDto, { fullName: `Name ${bad}` }, 'fullName')).toEqual([expect.stringMatching(message)]);
    expect(problemsOf(UpdateUserDto, { fullName: `Name ${bad}` }, 'fullName')).toEqual([expect.stringMatching(message)]);
    expect(problemsOf(NewApiKeyDto, { name: bad }, 'name')).toEqual([expect.stringMatching(message)]);
    expect(problemsOf(NewOrganizationDto, { name: `ТОО ${bad}` }, 'name')).toEqual([expect.stringMatching(message)]);
    expect(problemsOf(NewWebhookDto, { url: 'https://example.kz/hook', description: bad }, 'description')).toEqual([
      expect.stringMatching(message),
    ]);
  });

  it('accepts ordinary titles and names', () => {
    expect(problemsOf(UploadMetadataDto, { title: 'Договор № 7', kind: 'contract', tags: ['Q1'] }, 'title')).toEqual([]);
    expect(problemsOf(NewOrganizationDto, { name: 'ТОО «Тест»' }, 'name')).toEqual([]);
  });
});
