/**
 * The contract suite's own tests: the client without a server, and the proof
 * that the suite fails against defective servers (slow: it runs the suite
 * once per defect). `npm run test:contracts:self`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['contracts/client/**/*.test.ts', 'contracts/runner/**/*.test.ts', 'contracts/self-test/**/*.test.ts'],
    // Two suite runs at a time on two cores; each has its own mock.
    maxConcurrency: 2,
    // Two files at a time (vitest's default on 2 cores is one), for the files that mostly wait on processes.
    maxWorkers: 2,
    // Test names built from cases ($mode, $breaks) in full, not cut at 40 characters.
    chaiConfig: { truncateThreshold: 0 },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
