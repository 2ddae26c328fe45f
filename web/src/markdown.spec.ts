import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseInline, parseMarkdown } from './markdown';

describe('the legal texts’ Markdown', () => {
  it('headings, one paragraph per clause line, lists, bold and italic', () => {
    const source = [
      '# Публичная оферта',
      '',
      'Редакция 1.',
      '## 1. Общие положения',
      '1.1. Первый пункт.',
      '1.2. Второй **важный** пункт, *курсивом*.',
      '- один',
      '- два',
      '1. первый',
      '2) второй',
      '### Итог ###',
    ].join('\r\n');
    expect(parseMarkdown(source)).toEqual([
      { kind: 'heading', level: 1, content: [{ kind: 'text', text: 'Публичная оферта' }] },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'Редакция 1.' }] },
      { kind: 'heading', level: 2, content: [{ kind: 'text', text: '1. Общие положения' }] },
      { kind: 'paragraph', content: [{ kind: 'text', text: '1.1. Первый пункт.' }] },
      {
        kind: 'paragraph',
        content: [
          { kind: 'text', text: '1.2. Второй ' },
          { kind: 'strong', text: 'важный' },
          { kind: 'text', text: ' пункт, ' },
          { kind: 'em', text: 'курсивом' },
          { kind: 'text', text: '.' },
        ],
      },
      { kind: 'list', ordered: false, start: 1, items: [[{ kind: 'text', text: 'один' }], [{ kind: 'text', text: 'два' }]] },
      { kind: 'list', ordered: true, start: 1, items: [[{ kind: 'text', text: 'первый' }], [{ kind: 'text', text: 'второй' }]] },
      { kind: 'heading', level: 3, content: [{ kind: 'text', text: 'Итог' }] },
    ]);
  });

  it('keeps markup it does not know, HTML included, as plain text (rendered as text, never as HTML)', () => {
    expect(parseInline('<b>x</b> & <script>alert(1)</script> 100 * 2 * 3')).toEqual([
      { kind: 'text', text: '<b>x</b> & <script>alert(1)</script> 100 * 2 * 3' },
    ]);
    expect(parseMarkdown('#нет пробела')).toEqual([{ kind: 'paragraph', content: [{ kind: 'text', text: '#нет пробела' }] }]);
  });

  it('leaves no Markdown marks in what the shipped offers and privacy policies show', () => {
    const dir = path.resolve(__dirname, '../../src/legal/texts');
    for (const file of ['offer.v1.ru.md', 'offer.v1.kk.md', 'privacy.v1.ru.md', 'privacy.v1.kk.md']) {
      const blocks = parseMarkdown(readFileSync(path.join(dir, file), 'utf8'));
      expect(blocks[0].kind).toBe('heading');
      expect(blocks.filter((b) => b.kind === 'heading').length).toBeGreaterThan(3);
      const shown = JSON.stringify(blocks.map((b) => (b.kind === 'list' ? b.items : b.content)));
      expect(shown).not.toMatch(/(^|")#|\*\*/);
    }
  });
});
