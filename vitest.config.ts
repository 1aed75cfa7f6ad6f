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
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
