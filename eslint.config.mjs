// ESLint flat config: typescript-eslint's recommended rules, Prettier owns formatting.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import moduleBoundaries from './tools/eslint/module-boundaries.cjs';

export default tseslint.config(
  // web/src/api/schema.ts is generated from the contract (npm run openapi).
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.js', '*.mjs', 'web/src/api/schema.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // The arrows between modules and layers (ARCHITECTURE.md); test/, bench/ and specs are exempt
    // inside the rule itself.
    files: ['src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    plugins: { local: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'local/module-boundaries': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the config module may read the environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig (src/config).' },
      ],
    },
  },
  {
    // The cabinet is browser code typed from the API contract (web/src/api/schema.ts): importing
    // the server's modules would drag server code into the bundle and let the cabinet's types
    // follow the code instead of the published contract. Relative imports out of web/src are
    // judged by local/module-boundaries (only src/contracts is allowed); this block keeps the
    // aliases in check. web/src/boundary.spec.ts checks the same by resolving every import.
    files: ['web/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // One alias: '@edo/locale-format' (web/tsconfig.json, web/vite.config.mts) is
              // src/contracts/locale-format.ts, the pure formatting module the e-mails and the card
              // PDF use too (issue 20: one format for cabinet, mails and PDFs). No other alias.
              regex: '^@edo/(?!locale-format$)',
              message: "web/src imports only '@edo/locale-format' from the server.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'src/**/*.spec.ts', 'src/signing/test-pki/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
