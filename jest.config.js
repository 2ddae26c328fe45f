// Three tiers (style-anchors §8.14): unit specs beside the code, integration specs against real
// backends, e2e specs through the whole AppModule. `npm test` runs all of them. The backends are
// set up once for the whole run (test/setup/global-setup.ts); test files run one at a time
// because they share that database.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const project = (displayName, testMatch) => ({
  displayName,
  rootDir: '.',
  testMatch,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The cabinet's alias for the shared formatting module (web/tsconfig.json, web/vite.config.mts).
  moduleNameMapper: { '^@edo/locale-format$': '<rootDir>/src/contracts/locale-format.ts' },
  setupFiles: ['<rootDir>/test/setup/quiet-logs.ts', '<rootDir>/test/setup/no-external-network.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/api-contract.ts'],
});

module.exports = {
  transform,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 60_000,
  projects: [
    // tools/: the repository's own lint rules (tools/eslint), tested with ESLint's RuleTester.
    project('unit', ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts']),
    project('integration', ['<rootDir>/test/integration/**/*.int-spec.ts']),
    project('e2e', ['<rootDir>/test/e2e/**/*.e2e-spec.ts']),
  ],
};
