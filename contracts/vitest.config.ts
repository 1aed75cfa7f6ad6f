/**
 * The contract suite's own vitest configuration. The runner (scripts/contracts.ts)
 * uses it (the package, its compiled twin: vitest.config.package.ts); so can
 * `CONTRACT_BASE_URL=... npx vitest run --config contracts/vitest.config.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const contractTags = [
  { name: 'core', description: 'What the real API publishes (docs/rules.md §2 to §5).' },
  {
    name: 'strict',
    description: 'What this project settled where the published API is silent (docs/rules.md §6 to §18).',
  },
  {
    name: 'direct-only',
    description:
      "Meaningless through Prism's validation proxy: Prism refuses the request itself, so the server never sees it.",
  },
  {
    name: 'control-plane',
    description: "Needs the mock's control plane (/__mock); skipped with the reason when there is none.",
  },
];

/** `--msw` of the runner: the suite's process answers itself through MSW (mock/msw/contract-setup.ts). */
const mswSetup =
  process.env.CONTRACT_MSW === '1' ? [fileURLToPath(new URL('../mock/msw/contract-setup.ts', import.meta.url))] : [];

/** The suite's settings over `root` and the test files `include` names (the package has its compiled files). */
export function contractSuiteConfig(root: string, include: string[], setupFiles: string[] = []) {
  return defineConfig({
    test: {
      setupFiles,
      root,
      include,
      tags: contractTags,
      // Check names are built from their cases (test.for with $label): vitest cuts such values at 40 characters
      // unless told otherwise, and a report must show every check's full name. 0 turns the cut off.
      chaiConfig: { truncateThreshold: 0 },
      // Each file acts in a world of its own (suite/namespace.ts), but a mock without namespaces has one
      // clock for all: files run one after another unless the runner's --file-parallelism turns this on.
      fileParallelism: false,
      pool: 'threads',
      // A worker runs its files in one context, so modules (spec validators, the control-plane probe) load once.
      isolate: false,
      testTimeout: 30_000,
      hookTimeout: 30_000,
      teardownTimeout: 10_000,
    },
  });
}

export default contractSuiteConfig(
  fileURLToPath(new URL('..', import.meta.url)),
  ['contracts/suite/**/*.test.ts'],
  mswSetup,
);
