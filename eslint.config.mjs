// ESLint flat config: typescript-eslint's recommended rules, Prettier owns formatting.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.js', '*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the config module may read the environment.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through AppConfig (src/config).' }],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'src/**/*.spec.ts', 'src/signing/test-pki/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
