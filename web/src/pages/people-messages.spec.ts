import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditActionWords, documentActorWords } from './people-messages';

// The actions as the contract lists them (the server's AUDIT_ACTIONS, checked there against @Audited).
const AUDIT_ACTIONS: string[] = JSON.parse(readFileSync(path.resolve(__dirname, '../../../openapi/openapi.json'), 'utf8'))
  .components.schemas.AuditAction.enum;

// The server's list of actions and the cabinet's words for them: the compiler checks the
// contract's enum; this checks that every action the server writes has distinct words per language
// (no "TODO", no copy of the code, no two actions sharing one name).
describe('people messages', () => {
  it.each(['ru', 'kk', 'en'] as const)('names every audit action in %s, once', (locale) => {
    const words = AUDIT_ACTIONS.map((action) => auditActionWords(locale, action));
    expect(words.every((w) => typeof w === 'string' && w.length > 2 && !/[a-z]+\.[a-z_]+/.test(w))).toBe(true);
    expect(new Set(words).size).toBe(AUDIT_ACTIONS.length);
    if (locale === 'kk') expect(words.join(' ')).toMatch(/[әғқңөұүһі]/);
  });

  it('says who a link holder is instead of "link:<IIN>"', () => {
    expect(documentActorWords('ru', 'link:850315300128')).toBe('Получатель по ссылке (ИИН/БИН 850315300128)');
    expect(documentActorWords('kk', 'link:850315300128')).toBe('Сілтеме бойынша алушы (ЖСН/БСН 850315300128)');
    expect(documentActorWords('ru', 'head@example.kz')).toBe('head@example.kz');
  });
});
