// @ts-check
/**
 * `npm run mutation`: StrykerJS mutates mock/domain (the pure session rules) and
 * runs the unit tests of scripts/mutation/vitest.config.ts against every mutant.
 * `npm run mutation -- --mutate "mock/**\/*.ts"` widens it to all of mock/ (slow).
 * Too slow for CI; the score goes into docs/reliability.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'scripts/mutation/vitest.config.ts' },
  mutate: ['mock/domain/**/*.ts', '!mock/**/*.test.ts', '!mock/domain/index.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  ignorePatterns: ['reports', 'contracts', '.stryker-tmp', 'scripts/bench', '*.cpuprofile'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
