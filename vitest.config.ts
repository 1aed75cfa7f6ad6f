/**
 * The unit project: spec, mock and scripts tests, in process. The contract suite
 * (contracts/) has its own configuration (contracts/vitest.config.ts) and runs
 * against a live server, so it is left out here.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * The package's own exports, read from the sources (package.json `exports` names the built
 * files of dist/package/, which only `npm pack` makes); tsconfig.json `paths` says the same.
 */
export const packageExportSources = {
  'session-api-mock/client': source('./contracts/client/index.ts'),
  'session-api-mock/control': source('./contracts/client/mock-control.ts'),
  'session-api-mock/testing': source('./mock/testing/start-mock.ts'),
  'session-api-mock/msw': source('./mock/msw/index.ts'),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: packageExportSources },
        test: {
          name: 'unit',
          include: ['spec/**/*.test.ts', 'mock/**/*.test.ts', 'scripts/**/*.test.ts', 'docs/examples/**/*.test.ts'],
          // scripts/packaging/ packs and installs the package: its own step of npm test (scripts/test-all.ts).
          exclude: ['contracts/**', 'node_modules/**', 'scripts/packaging/**'],
          // scrypt, viem and the browser test need more than the 5 s default on 2 cores.
          testTimeout: 30_000,
          // Two files at a time (vitest's default on 2 cores is one): many wait on child processes, Redis or a
          // browser; npm test's unit step took 226 s with one worker and about 160 s with two.
          maxWorkers: 2,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
