import { StatementNames } from './prepared-statements';

describe('StatementNames', () => {
  it('names a statement from its third run on, the same name for the same text', () => {
    const names = new StatementNames();
    const text = 'SELECT * FROM documents WHERE id = $1';
    expect(names.nameFor(text)).toBeUndefined();
    expect(names.nameFor(text)).toBeUndefined();
    const name = names.nameFor(text);
    expect(name).toMatch(/^edo_[0-9a-f]{24}$/);
    expect(names.nameFor(text)).toBe(name);
    expect(new StatementNames().nameFor(text)).toBeUndefined();
  });

  it('gives other texts other names', () => {
    const names = new StatementNames();
    const [a, b] = ['SELECT $1::int', 'SELECT $1::text'].map((text) => {
      names.nameFor(text);
      names.nameFor(text);
      return names.nameFor(text);
    });
    expect(a).not.toBe(b);
  });

  it('gives a statement PostgreSQL refused as stale a new name', () => {
    const names = new StatementNames();
    const text = 'UPDATE jobs SET state = $1 RETURNING *';
    [1, 2].forEach(() => names.nameFor(text));
    const first = names.nameFor(text);
    names.invalidate(text);
    const second = names.nameFor(text);
    expect(second).toMatch(/^edo_[0-9a-f]{24}_1$/);
    expect(second).not.toBe(first);
    expect(names.nameFor(text)).toBe(second);
  });
});
