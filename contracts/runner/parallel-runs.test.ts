/**
 * Four contract runs at once against one mock, each with a namespace of its own
 * (`--namespace`): the mock keeps their worlds apart (docs/architecture.md, Worlds),
 * so every run passes although each moves its clocks and resets its worlds while
 * the others run.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runContracts } from '../../scripts/defective/harness.ts';
import { startMock } from '../../scripts/mock-process.ts';
import type { Started } from './processes.ts';

const RUN_TIMEOUT = 240_000;
const runs = ['ci-a', 'ci-b', 'ci-c', 'ci-d'];

let mock: Started;
beforeAll(async () => {
  mock = await startMock();
}, 60_000);
afterAll(() => mock?.stop());

test(
  'four runs in four namespaces of one mock all pass',
  async () => {
    const outcomes = await Promise.all(
      runs.map((namespace) =>
        runContracts(
          `${mock.origin}/v1`,
          // Files one after another and few model runs: four runs on two cores must finish in time.
          ['--namespace', namespace, '--file-parallelism', 'off', '--model-runs', '3', '--timeout', '30000'],
          RUN_TIMEOUT - 10_000,
        ),
      ),
    );
    for (const [index, run] of outcomes.entries()) {
      const failed = run.results?.checks.filter((check) => check.state === 'failed') ?? [];
      expect(
        failed.map((check) => `${runs[index]}: ${check.name}: ${check.detail.slice(0, 300)}`),
        run.output.slice(-1500),
      ).toEqual([]);
      expect(run.exitCode, run.output.slice(-1500)).toBe(0);
      // Control-plane checks ran too (they are what would collide): none was skipped for want of a plane.
      expect(run.results?.checks.filter((check) => check.state === 'passed').length).toBeGreaterThan(200);
    }
  },
  RUN_TIMEOUT,
);
