/**
 * The unit project: spec, mock and scripts tests, in process. The contract suite
 * (contracts/) has its own configuration (contracts/vitest.config.ts) and runs
 * against a live server, so it is left out here.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['spec/**/*.test.ts', 'mock/**/*.test.ts', 'scripts/**/*.test.ts', 'docs/examples/**/*.test.ts'],
          exclude: ['contracts/**', 'node_modules/**'],
          // scrypt, viem and the browser test need more than the 5 s default on 2 cores.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
