/**
 * The `core` level must bite: a stateless server that answers every request with the
 * spec's examples (Prism's static mock of spec/session-api.yaml) fails most core checks,
 * and at least one of every operation. The checks it still passes are listed in the output.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runContracts } from '../../scripts/defective/harness.ts';
import { freePort, startProcess, type Started } from '../runner/processes.ts';
import { repoRoot } from '../runner/repo-root.ts';
import { description } from '../suite/conformance.ts';

const RUN_TIMEOUT = 300_000;
/**
 * The share of core checks the stateless mock must fail: issue 18 asks for 60%; the test holds the
 * level to two thirds, so that a few new checks it passes (bad bodies Prism's validation refuses)
 * cannot bring core back to the edge unnoticed. Measured: 191 of 280 (68%).
 */
const SHARE_FAILING = 0.66;

/** The operation a check is about: its group or name spells `METHOD /path`. */
function operationOf(check: { group: string; name: string }): string | undefined {
  const text = `${check.group} ${check.name}`;
  const found = description.operations
    .map((operation) => `${operation.method} ${operation.path}`)
    .filter((label) => new RegExp(`${label.replaceAll('/', '\\/')}(?![\\w/-])`).test(text));
  return found.sort((a, b) => b.length - a.length)[0];
}

describe("the core level against Prism's static mock", () => {
  let prism: Started | undefined;
  afterAll(async () => {
    await prism?.stop();
  });

  test(
    `fails at least ${SHARE_FAILING * 100}% of the core checks and at least one of every operation`,
    { timeout: RUN_TIMEOUT },
    async () => {
      const port = await freePort();
      prism = await startProcess({
        name: "Prism's static mock",
        command: join(repoRoot, 'node_modules/.bin/prism'),
        args: ['mock', 'spec/session-api.yaml', '-h', '127.0.0.1', '-p', String(port), '-v', 'silent'],
        url: `http://127.0.0.1:${port}/wallet-proof/nonce`,
        timeoutMs: 60_000,
      });
      // Prism serves the spec's paths without /v1 (contracts/README.md, "Through Prism").
      const run = await runContracts(prism.origin, ['--level', 'core', '--no-control-plane'], RUN_TIMEOUT - 10_000);
      expect(run.results, `the runner wrote no results:\n${run.output.slice(-2000)}`).toBeDefined();
      const ran = run.results!.checks.filter(
        (check) => check.level === 'core' && (check.state === 'passed' || check.state === 'failed'),
      );
      const failed = ran.filter((check) => check.state === 'failed');
      const passing = ran.filter((check) => check.state === 'passed');
      console.log(
        `Prism's static mock fails ${failed.length} of ${ran.length} core checks ` +
          `(${Math.round((100 * failed.length) / ran.length)}%); it passes these ${passing.length}:\n` +
          passing.map((check) => `  - ${check.group} > ${check.name}`).join('\n'),
      );
      expect(run.exitCode, `the suite must FAIL against a stateless mock:\n${run.output.slice(-1500)}`).toBe(1);
      expect(
        failed.length / ran.length,
        `only ${failed.length} of ${ran.length} core checks failed against a mock that keeps no state`,
      ).toBeGreaterThanOrEqual(SHARE_FAILING);
      const unattributed = ran.filter((check) => !operationOf(check)).map((check) => `${check.group} > ${check.name}`);
      expect(unattributed, 'every core check names its operation (METHOD /path) in its group or name').toEqual([]);
      const operations = description.operations.map((operation) => `${operation.method} ${operation.path}`);
      const withoutFailure = operations.filter((label) => !failed.some((check) => operationOf(check) === label));
      expect(withoutFailure, 'operations none of whose core checks failed against the stateless mock').toEqual([]);
    },
  );
});
