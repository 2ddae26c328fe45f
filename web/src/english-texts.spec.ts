// The English cabinet says everything in English (issue 20: "English leaves ЭЦП untranslated"):
// no Cyrillic in the en messages of i18n/en.ts and of the per-area message files. Read from the
// sources' syntax tree, since the dictionaries are React modules jest does not load.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const CYRILLIC = /[\u0400-\u04ff]/;

// The string values of `const en = { … }` in a file.
function englishStrings(file: string): { key: string; text: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: { key: string; text: string }[] = [];
  source.forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'en' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      // Nested groups too (verdict-messages.ts keeps its words by check and by indication).
      const collect = (object: ts.ObjectLiteralExpression, prefix: string) => {
        for (const property of object.properties) {
          if (!ts.isPropertyAssignment(property)) continue;
          const key = `${prefix}${property.name.getText().replace(/^'|'$/g, '')}`;
          const value = property.initializer;
          if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) found.push({ key, text: value.text });
          else if (ts.isObjectLiteralExpression(value)) collect(value, `${key}.`);
        }
      };
      collect(node.initializer, '');
    }
    // A word table keyed by locale: `{ kk: {…}, ru: {…}, en: {…} }`.
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'en' && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) {
        if (!ts.isPropertyAssignment(property)) continue;
        const value = property.initializer;
        if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value))
          found.push({ key: property.name.getText().replace(/^'|'$/g, ''), text: value.text });
      }
    }
    node.forEachChild(visit);
  });
  return found;
}

const files = [
  path.join(__dirname, 'i18n', 'en.ts'),
  ...readdirSync(path.join(__dirname, 'pages'))
    .filter((name) => name.endsWith('-messages.ts'))
    .map((name) => path.join(__dirname, 'pages', name)),
];

describe('English texts are English', () => {
  it.each(files.map((file) => [path.relative(__dirname, file), file]))('%s', (_name, file) => {
    const strings = englishStrings(file);
    expect(strings.length).toBeGreaterThan(10);
    expect(strings.filter((s) => CYRILLIC.test(s.text))).toEqual([]);
  });

  it('names the digital signature in English', () => {
    const signIn = englishStrings(path.join(__dirname, 'i18n', 'en.ts')).find((s) => s.key === 'login.signature');
    expect(signIn?.text).toBe('Sign in with a digital signature (EDS)');
  });
});
