// The cabinet is browser code typed from the published API contract (web/src/api/schema.ts). It
// must not import the server's modules: they would be bundled into the browser, and the cabinet's
// types would follow the server's code instead of the contract integrators get. (ESLint's
// no-restricted-imports says the same while editing; this resolves every import for real.)

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const WEB_SRC = __dirname;

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// Relative imports (static, type-only, dynamic, re-exports) that leave web/src.
function importsLeavingWebSrc(file: string, code: string): string[] {
  return ts
    .preProcessFile(code, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .filter((specifier) => {
      const target = path.resolve(path.dirname(file), specifier);
      return path.relative(WEB_SRC, target).startsWith('..');
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
    ].join('\n');
    expect(importsLeavingWebSrc(page, code)).toEqual([
      '../../../src/documents/status',
      '../../../src/identity/rights',
      '../../../test/utils/c',
      '../../../src/d',
    ]);
  });
});
