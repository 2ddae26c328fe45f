import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { definedErrorCodes } from './common/errors/error-definitions';
import { APP_ERROR_CATALOG, APP_ERROR_CODES } from './error-codes';

describe('error catalog', () => {
  it.each([...APP_ERROR_CODES])('%s has an HTTP error status and a message in kk, ru and en', (code) => {
    const entry = APP_ERROR_CATALOG[code];
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThan(600);
    for (const locale of ['kk', 'ru', 'en'] as const) expect(entry.messages[locale].trim().length).toBeGreaterThan(5);
    // Three real translations, not a copy of one.
    expect(new Set(Object.values(entry.messages)).size).toBe(3);
  });

  it('writes Kazakh messages with Kazakh letters where the words need them', () => {
    const kazakh = Object.values(APP_ERROR_CATALOG)
      .map((entry) => entry.messages.kk)
      .join(' ');
    expect(kazakh).toMatch(/[әғқңөұүһі]/);
  });

  it('lists every code once, and every code of the catalog', () => {
    expect(new Set(APP_ERROR_CODES).size).toBe(APP_ERROR_CODES.length);
    expect([...APP_ERROR_CODES].sort()).toEqual(Object.keys(APP_ERROR_CATALOG).sort());
  });

  it("merges every module's errors file", async () => {
    const errorFiles = (function find(dir: string): string[] {
      return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? find(join(dir, entry.name)) : entry.name.endsWith('.errors.ts') ? [join(dir, entry.name)] : [],
      );
    })(__dirname);
    expect(errorFiles.length).toBeGreaterThan(1);
    for (const file of errorFiles) await import(file);
    expect(definedErrorCodes().filter((code) => !(APP_ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
  });
});
