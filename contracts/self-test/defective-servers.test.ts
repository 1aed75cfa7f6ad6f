/**
 * The proof that the contract suite catches real bugs: it must fail against
 * every defective server (scripts/defective/modes.ts), each breaking one rule,
 * naming a check that matches the defect, and pass against the clean mock and
 * a faithful pass-through proxy.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { defectModes, defects } from '../../scripts/defective/modes.ts';
import { startDefectiveProxy } from '../../scripts/defective/proxy.ts';
import { runContracts } from '../../scripts/defective/harness.ts';
import { startMock } from '../../scripts/mock-process.ts';
import type { Started } from '../runner/processes.ts';

const RUN_TIMEOUT = 300_000;
// Fewer random sequences than a normal run: the proof needs a failure, not the search.
// A generous request timeout: two suites, two mocks and two proxies share two cores.
const runArgs = ['--model-runs', '10', '--timeout', '30000'];

/**
 * The suite's files a mode's run takes: those that catch it (scripts/defective/modes.ts), or all of them
 * with CONTRACT_PROOF=full. The clean runs (the mock, `none`) always take every file.
 */
function filesFor(files: readonly string[]): string[] {
  if (process.env.CONTRACT_PROOF === 'full' || files.length === 0) return [];
  return files.flatMap((file) => ['--files', file]);
}

function summary(run: Awaited<ReturnType<typeof runContracts>>): string {
  const failed = run.results?.checks.filter((check) => check.state === 'failed') ?? [];
  const names = failed.map((check) => `  - ${check.group} > ${check.name}`).join('\n') || '  (none)';
  return `exit ${run.exitCode}; failed checks:\n${names}\n${run.output.slice(-1500)}`;
}

/**
 * The modes whose defect breaks a rule the core level checks (an operation's effect, seen through the
 * API): `--level core` alone must catch them too. guest-kick-succeeds breaks a settled rule (docs/rules.md
 * §10), which only strict checks.
 */
const coreModes = [
  'delete-deletes-nothing',
  'join-ignores-capacity',
  'nonce-replay-accepted',
  'whitelist-ignored',
] as const;

describe('the contract suite against defective servers', () => {
  const mocks: Started[] = [];
  afterAll(async () => {
    await Promise.all(mocks.map((mock) => mock.stop()));
  });

  /** Every run gets a mock of its own: the virtual clock is one per mock. */
  async function freshMock(): Promise<string> {
    const mock = await startMock();
    mocks.push(mock);
    return mock.origin;
  }

  test('passes against the clean mock', { timeout: RUN_TIMEOUT }, async () => {
    const run = await runContracts(`${await freshMock()}/v1`, runArgs, RUN_TIMEOUT - 10_000);
    expect(run.exitCode, summary(run)).toBe(0);
    expect(run.results?.passed).toBe(true);
  });

  test.concurrent.for(defectModes.map((mode) => ({ mode, ...defects[mode] })))(
    'with mode $mode: $breaks',
    { timeout: RUN_TIMEOUT },
    async ({ mode, caughtBy, files }) => {
      const proxy = await startDefectiveProxy({ upstream: await freshMock(), mode });
      try {
        const run = await runContracts(`${proxy.origin}/v1`, [...runArgs, ...filesFor(files)], RUN_TIMEOUT - 10_000);
        expect(run.results, `the runner wrote no results:\n${run.output.slice(-2000)}`).toBeDefined();
        if (mode === 'none') {
          expect(run.exitCode, summary(run)).toBe(0);
          return;
        }
        expect(run.exitCode, `the suite must FAIL against "${mode}"; ${summary(run)}`).toBe(1);
        const failed = run.results!.checks.filter((check) => check.state === 'failed');
        expect(
          failed.some((check) => caughtBy.test(`${check.group} ${check.name} ${check.detail}`)),
          `a failed check should match ${caughtBy}; ${summary(run)}`,
        ).toBe(true);
      } finally {
        await proxy.close();
      }
    },
  );

  test.concurrent.for(coreModes.map((mode) => ({ mode, ...defects[mode] })))(
    'at --level core, with mode $mode: $breaks',
    { timeout: RUN_TIMEOUT },
    async ({ mode, caughtBy, files }) => {
      const proxy = await startDefectiveProxy({ upstream: await freshMock(), mode });
      try {
        const args = [...runArgs, '--level', 'core', ...filesFor(files)];
        const run = await runContracts(`${proxy.origin}/v1`, args, RUN_TIMEOUT - 10_000);
        expect(run.exitCode, `the core level must FAIL against "${mode}"; ${summary(run)}`).toBe(1);
        const failed = run.results!.checks.filter((check) => check.state === 'failed');
        expect(
          failed.every((check) => check.level === 'core'),
          `only core checks run at --level core; ${summary(run)}`,
        ).toBe(true);
        expect(
          failed.some((check) => caughtBy.test(`${check.group} ${check.name} ${check.detail}`)),
          `a failed core check should match ${caughtBy}; ${summary(run)}`,
        ).toBe(true);
      } finally {
        await proxy.close();
      }
    },
  );
});
