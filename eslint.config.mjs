// ESLint flat config: typescript-eslint's recommended rules, Prettier owns formatting.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // web/src/api/schema.ts is generated from the contract (npm run openapi).
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.js', '*.mjs', 'web/src/api/schema.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
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
    // follow the code instead of the published contract. web/src/boundary.spec.ts checks the same.
    files: ['web/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(src|test|bench|openapi)(/|$)',
              message: 'web/src imports nothing from the server (src/, test/): take types and enums from ./api (the contract).',
            },
            {
              // One exception: '@edo/locale-format' (web/tsconfig.json, web/vite.config.mts) is the
              // pure formatting module the e-mails and the card PDF use too (issue 20: one format
              // for cabinet, mails and PDFs). No other alias into the server.
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
