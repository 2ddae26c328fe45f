// The cabinet is browser code typed from the published API contract (web/src/api/schema.ts). It
// must not import the server's modules: they would be bundled into the browser, and the cabinet's
// types would follow the server's code instead of the contract integrators get. (ESLint's
// local/module-boundaries says the same while editing; this resolves every import for real.)
//
// One exception: src/contracts, the pure code the server and the cabinet share (no Node or DOM
// APIs). Today that is '@edo/locale-format', by alias: src/contracts/locale-format.ts, the
// formatting module (no imports) that the e-mails and the card PDF use too, so that amounts, dates
// and sizes read the same on every surface (issue 20).

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const WEB_SRC = __dirname;
const SHARED_ALIAS = '@edo/locale-format';
const CONTRACTS = path.resolve(WEB_SRC, '../../src/contracts');
const SHARED_FILE = path.join(CONTRACTS, 'locale-format.ts');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// Imports (static, type-only, dynamic, re-exports) that leave web/src: relative ones going out but
// not into src/contracts, and any project alias (@edo/…) but the one shared formatting module.
function importsLeavingWebSrc(file: string, code: string): string[] {
  return ts
    .preProcessFile(code, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => {
      if (specifier.startsWith('@edo/')) return specifier !== SHARED_ALIAS;
      if (!specifier.startsWith('.')) return false;
      const target = path.resolve(path.dirname(file), specifier);
      const inside = (dir: string) => !path.relative(dir, target).startsWith('..');
      return !inside(WEB_SRC) && !inside(CONTRACTS);
    });
}

describe('web/src imports only web/src and packages', () => {
  const files = sourcesUnder(WEB_SRC);

  it('finds the cabinet sources', () => {
    const names = files.map((file) => path.relative(WEB_SRC, file).split(path.sep).join('/'));
    expect(names).toEqual(expect.arrayContaining(['api.ts', 'main.tsx', 'ncalayer/client/ncalayer-client.ts']));
  });

  it.each(files.map((file) => [path.relative(WEB_SRC, file), file]))('%s', (_name, file) => {
    expect(importsLeavingWebSrc(file, readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('catches every way of importing the server', () => {
    const page = path.join(WEB_SRC, 'pages', 'example.tsx');
    const code = [
      "import { a } from '../../../src/documents/status';",
      "import type { B } from '../../../src/identity/rights';",
      "export { C } from '../../../test/utils/c';",
      "const d = import('../../../src/d');",
      "import { e } from '../api';",
      "import { f } from './settings/f';",
      "import { g } from '@mantine/core';",
      "import { h } from '@edo/locale-format';",
      "import { i } from '@edo/documents';",
      "import { j } from '../../../src/contracts/locale-format';",
      "import { k } from '../../../src/contracts-elsewhere/k';",
    ].join('\n');
    expect(importsLeavingWebSrc(page, code)).toEqual([
      '../../../src/documents/status',
      '../../../src/identity/rights',
      '../../../test/utils/c',
      '../../../src/d',
      '@edo/documents',
      '../../../src/contracts-elsewhere/k',
    ]);
  });

  it(`${SHARED_ALIAS} is exactly the pure formatting module, in the compiler, the bundler and jest`, () => {
    const tsconfig = ts.parseConfigFileTextToJson('tsconfig.json', readFileSync(path.join(WEB_SRC, '../tsconfig.json'), 'utf8'));
    const paths = (tsconfig.config as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
    expect(Object.keys(paths)).toEqual([SHARED_ALIAS]);
    expect(paths[SHARED_ALIAS].map((target) => path.resolve(WEB_SRC, '..', target))).toEqual([SHARED_FILE]);
    const vite = readFileSync(path.join(WEB_SRC, '../vite.config.mts'), 'utf8');
    expect(vite.match(/'@edo\/[^']*'/g)).toEqual([`'${SHARED_ALIAS}'`]);
    expect(vite).toContain(`'${SHARED_ALIAS}': fileURLToPath(new URL('../src/contracts/locale-format.ts', import.meta.url))`);
    // The module itself imports nothing, so the alias lets no other server code into the bundle.
    expect(ts.preProcessFile(readFileSync(SHARED_FILE, 'utf8'), true, true).importedFiles).toEqual([]);
  });
});
