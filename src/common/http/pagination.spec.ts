import { DomainError } from '../errors/domain.error';
import { decodeCursor, decodeIdCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  it('round-trips a position through an opaque cursor', () => {
    const cursor = encodeCursor({ seq: '42' });
    expect(cursor).not.toContain('42');
    expect(decodeCursor(cursor, ['seq'] as const)).toEqual({ seq: '42' });
  });

  it.each([
    '%%%',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('{"other":1}').toString('base64url'),
    encodeCursor({ id: 'x' }),
  ])('rejects a forged or foreign cursor %p', (cursor) => {
    expect(() => decodeIdCursor(cursor)).toThrow(DomainError);
  });

  it('builds pages from limit + 1 rows', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(
      rows,
      2,
      (row) => ({ id: row.id }),
      (row) => row.id,
    );
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!, ['id'] as const)).toEqual({ id: 'b' });
    expect(
      toPage(
        rows.slice(0, 2),
        2,
        (row) => ({ id: row.id }),
        (row) => row.id,
      ).nextCursor,
    ).toBeNull();
  });
});
