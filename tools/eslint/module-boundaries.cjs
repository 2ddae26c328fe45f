// ESLint rule 'local/module-boundaries': the arrows between the service's parts (ARCHITECTURE.md).
//
// - Domain modules (every folder of src/ but the platform and the contracts: documents, identity,
//   signing, …, derived from the disk so a new module is covered the day its folder appears) import
//   each other only through the other module's public face, src/<module>/index.ts ('../billing' or
//   '../billing/index'). Types too: `import type` from another module's internals is a violation,
//   the face says what is public. Inside its own folder a module imports freely.
// - The platform (src/config, src/common, src/database) sits below every module and imports none;
//   within it, common may import config, database may import common and config.
// - src/contracts holds pure code shared by the server and the web cabinet (no Node or DOM APIs);
//   it imports only itself, everybody may import it.
// - Root files src/*.ts (the composition root: app.module.ts, main.ts, worker.ts, …) may import the
//   platform freely and the modules through their faces; nothing under src/<folder>/ imports them.
// - web/src is browser code: of the repository outside web/src it may import only src/contracts.
//
// Exempt: test/, bench/, *.spec.ts files and the specs' helpers (*spec-support.ts) are white-box
// tests and may reach any module's internals; so are the development tools that tsconfig.build.json
// leaves out of the production build — the NCALayer emulator (src/ncalayer/emulator), which signs
// with the test PKI (src/signing/test-pki) — since nothing in production can depend on them.
//
// Imports are resolved to files exactly (relative paths, with .ts/.tsx/.js/.json and /index.ts
// tried in TypeScript's order), so '../documents/./index' and '../documents/' count as the face
// while '../documents/entities' (a folder with its own index) does not. Package imports and
// aliases are not checked here ('@edo/…' aliases: see no-restricted-imports in eslint.config.mjs).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');
const WEB_SRC = path.join(ROOT, 'web', 'src');
const PLATFORM = ['config', 'common', 'database'];
const CONTRACTS = 'contracts';
// What each platform folder may import besides itself and the contracts.
const PLATFORM_MAY_IMPORT = { config: [], common: ['config'], database: ['common', 'config'] };

function domainModules() {
  return fs
    .readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !PLATFORM.includes(entry.name) && entry.name !== CONTRACTS)
    .map((entry) => entry.name)
    .sort();
}

// Development tools outside the production build (tsconfig.build.json's exclude list).
const DEV_TOOLS = /^src\/(ncalayer\/emulator|signing\/test-pki)\//;

const CANDIDATE_SUFFIXES = ['', '.ts', '.tsx', '.d.ts', '.js', '.json', '/index.ts', '/index.tsx', '/index.js'];

// The file a relative specifier names, as TypeScript would pick it; the bare path when nothing
// exists (a file being written, a RuleTester case), so the rule still judges by folder.
function resolveFile(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const suffix of CANDIDATE_SUFFIXES) {
    const candidate = base + suffix;
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not this candidate.
    }
  }
  return base;
}

const isInside = (dir, file) => {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

// Where a file sits: { area: 'src', part: folder or null for a root file, rest } or { area: 'web' }
// or { area: 'exempt' } or { area: 'other' }.
function place(file) {
  const relative = path.relative(ROOT, file).split(path.sep).join('/');
  if (/^(test|bench)\//.test(relative) || /\.spec\.tsx?$|spec-support\.tsx?$/.test(relative) || DEV_TOOLS.test(relative))
    return { area: 'exempt' };
  if (isInside(WEB_SRC, file)) return { area: 'web' };
  if (!isInside(SRC, file)) return { area: 'other', relative };
  const parts = path.relative(SRC, file).split(path.sep);
  // A bare folder ('../billing' before its index.ts exists) is that folder's face, not a root file.
  if (parts.length === 1 && !/\.[cm]?[jt]sx?$|\.json$/.test(parts[0])) return { area: 'src', part: parts[0], rest: '' };
  if (parts.length === 1) return { area: 'src', part: null, rest: parts[0] };
  return { area: 'src', part: parts[0], rest: parts.slice(1).join('/') };
}

const isFace = (target) => /^index(\.(ts|tsx|js))?$/.test(target.rest) || target.rest === '';

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules import each other only through their faces (src/<module>/index.ts); layers point down.' },
    schema: [],
    messages: {
      deepImport:
        "'{{from}}' may not import the internals of the {{module}} module ('{{specifier}}'): import it from its public face src/{{module}}/index.ts ('{{face}}'), exporting the name there if it is missing.",
      platformImportsUp:
        "src/{{from}} is the platform layer and may not import {{what}} ('{{specifier}}'): the platform sits below the modules (ARCHITECTURE.md).",
      contractsImport: "src/contracts is pure shared code and imports only src/contracts ('{{specifier}}').",
      rootImport: "Nothing under src/{{from}} imports the composition root ('{{specifier}}').",
      webImport:
        "web/src may import only src/contracts from the rest of the repository ('{{specifier}}'): take the API's types and enums from ./api (the contract).",
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const source = place(filename);
    if (source.area !== 'src' && source.area !== 'web') return {};
    const modules = domainModules();

    function check(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const resolved = resolveFile(filename, specifier);
      const target = place(resolved);
      const report = (messageId, data = {}) => context.report({ node, messageId, data: { specifier, ...data } });

      if (source.area === 'web') {
        if (isInside(WEB_SRC, resolved)) return;
        if (target.area === 'src' && target.part === CONTRACTS) return;
        // A spec importing web code is not web code importing out; only the target's place matters.
        return report('webImport');
      }
      if (target.area !== 'src') return; // Leaving src/ (package.json, openapi/…) is not a module arrow.
      if (source.part === target.part) return; // Same module, same platform folder, root to root.
      if (target.part === CONTRACTS) return; // Everybody may use the shared contracts.

      if (source.part === CONTRACTS) return report('contractsImport');
      if (target.part === null) return report('rootImport', { from: source.part });
      if (PLATFORM.includes(source.part)) {
        if (PLATFORM_MAY_IMPORT[source.part].includes(target.part)) return;
        const what = PLATFORM.includes(target.part) ? `src/${target.part}` : `the ${target.part} module`;
        return report('platformImportsUp', { from: source.part, what });
      }
      if (PLATFORM.includes(target.part)) return; // Domain modules and the root use the platform file by file.
      if (!modules.includes(target.part) || isFace(target)) return;
      const fromDir = path.dirname(filename);
      let face = path.relative(fromDir, path.join(SRC, target.part)).split(path.sep).join('/');
      if (!face.startsWith('.')) face = `./${face}`;
      report('deepImport', { from: source.part === null ? `src/${source.rest}` : `src/${source.part}`, module: target.part, face });
    }

    const fromSource = (node) => node.source && check(node, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression.value),
      CallExpression: (node) => {
        const [argument] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && argument && argument.type === 'Literal') {
          check(node, argument.value);
        }
      },
      // `typeof import('../b/x')` in a type position.
      TSImportType: (node) => {
        const argument = node.argument;
        const literal = argument && argument.type === 'TSLiteralType' ? argument.literal : argument;
        if (literal && literal.type === 'Literal') check(node, literal.value);
      },
    };
  },
};
