import { formatStatement, parseStatement, StatementFields } from './statement';

const fields: StatementFields = {
  action: 'refuse',
  documentId: '6f1c2a3b-1111-4222-8333-944455556666',
  documentSha256: 'a'.repeat(64),
  sender: '150140001239',
  recipient: '850315300128',
  side: 'recipient',
  reason: 'Сумма неверна\nжолы: 2 \\ 3',
  issuedAt: new Date('2026-03-01T10:00:00.000Z'),
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
  service: 'https://edo.example.kz',
};

describe('statement format', () => {
  it('writes the fixed lines in order, with the reason escaped onto one line', () => {
    const text = formatStatement(fields);
    expect(text.split('\n')).toEqual([
      'EDO-STATEMENT/1',
      'action: refuse',
      'document: 6f1c2a3b-1111-4222-8333-944455556666',
      `document-sha256: ${'a'.repeat(64)}`,
      'sender: 150140001239',
      'recipient: 850315300128',
      'side: recipient',
      'reason: Сумма неверна\\nжолы: 2 \\\\ 3',
      'issued-at: 2026-03-01T10:00:00.000Z',
      'nonce: AAECAwQFBgcICQoLDA0ODw',
      'service: https://edo.example.kz',
    ]);
  });

  it('parses back exactly what it wrote, and nothing else', () => {
    const text = formatStatement(fields);
    expect(parseStatement(text)).toEqual(fields);
    expect(parseStatement(formatStatement({ ...fields, reason: '' }))?.reason).toBe('');
    expect(parseStatement(text + '\n')).toBeUndefined();
    expect(parseStatement(text.replace('side: recipient', 'side: someone'))).toBeUndefined();
    expect(parseStatement(text.replace('EDO-STATEMENT/1', 'EDO-STATEMENT/2'))).toBeUndefined();
    expect(
      parseStatement(text.replace('issued-at: 2026-03-01T10:00:00.000Z', 'issued-at: 2026-03-01T10:00:00Z')),
    ).toBeUndefined();
    expect(parseStatement(text.replace('\n', '\r\n'))).toBeUndefined();
  });
});
