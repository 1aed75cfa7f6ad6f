/**
 * The tests StrykerJS runs against each mutant of mock/ (see stryker.config.mjs):
 * the in-process unit tests of the domain, services, store and HTTP adapter.
 * Left out: tests that start Chromium, spawn processes or open sockets, which
 * are slow and kill no mutant the others miss.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'mock/domain/**/*.test.ts',
      'mock/services/**/*.test.ts',
      'mock/store/**/*.test.ts',
      'mock/http/**/*.test.ts',
    ],
    exclude: ['**/*.browser.test.ts', 'mock/http/connection.test.ts', 'node_modules/**', '.stryker-tmp/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
