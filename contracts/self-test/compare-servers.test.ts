/**
 * `--compare-with`: the mock compared with itself shows no difference; compared with each defective server
 * (scripts/defective/modes.ts) the difference shown names the defect, as a check whose outcome differs or an
 * answer field whose type or presence differs. Each comparison runs only the files (and level) that reach
 * its defect, one comparison at a time, so that the whole proof stays within a few minutes on two cores.
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { DefectMode } from '../../scripts/defective/modes.ts';
import type { Comparison } from '../runner/compare-runs.ts';
import { removeReport, runKeepingReport, startServers, type KeptRun, type Servers } from './contract-cli.ts';

const RUN_TIMEOUT = 240_000;
// Fewer random sequences than a normal run, and a generous request timeout: other suites share the cores.
const common = ['--model-runs', '5', '--timeout', '30000'];

interface Expectation {
  mode: DefectMode;
  args: string[];
  /** What in the comparison names the defect. */
  names: (comparison: Comparison) => boolean;
  says: string;
}

const outcomeOf = (comparison: Comparison, pattern: RegExp) =>
  comparison.outcomes.some(
    (difference) =>
      difference.a === 'passed' && difference.b === 'failed' && pattern.test(`${difference.name} ${difference.why}`),
  );

const expectations: Expectation[] = [
  {
    mode: 'guest-kick-succeeds',
    args: ['--files', 'kick-user'],
    names: (comparison) => outcomeOf(comparison, /kick.*403|403.*kick/i),
    says: 'a kick check that passes on the mock fails on the defective server',
  },
  {
    mode: 'missing-www-authenticate',
    args: ['--files', 'security'],
    names: (comparison) => outcomeOf(comparison, /WWW-Authenticate/i),
    says: 'a check of WWW-Authenticate passes on the mock and fails there',
  },
  {
    mode: 'wrong-type-in-body',
    args: ['--level', 'core', '--files', 'create-session'],
    names: (comparison) =>
      comparison.shapes.some(
        (difference) =>
          difference.operation === 'createSession' &&
          difference.status === 200 &&
          difference.path === '$.expiresIn' &&
          difference.a === 'integer' &&
          difference.b === 'string',
      ),
    says: "create's 200 has $.expiresIn an integer on the mock, a string there",
  },
  {
    mode: 'server-error-on-bad-input',
    args: ['--level', 'core', '--files', 'negative-inputs'],
    names: (comparison) =>
      comparison.shapes.some(
        (difference) => difference.status === 500 && difference.a === undefined && difference.b === 'answered',
      ) && outcomeOf(comparison, /never 2xx or 5xx/),
    says: 'only the defective server answers 500, and the "never 2xx or 5xx" checks differ',
  },
  {
    mode: 'delete-deletes-nothing',
    args: ['--files', 'delete-session'],
    names: (comparison) => outcomeOf(comparison, /DELETE \/session\/current/),
    says: 'a delete check passes on the mock and fails there',
  },
  {
    mode: 'join-ignores-capacity',
    args: ['--files', 'join-session'],
    names: (comparison) => outcomeOf(comparison, /full|capacity/i),
    says: 'a capacity check passes on the mock and fails there',
  },
  {
    mode: 'nonce-replay-accepted',
    args: ['--files', 'wallet-proof'],
    names: (comparison) => outcomeOf(comparison, /replay/i),
    says: 'the replay check passes on the mock and fails there',
  },
  {
    mode: 'errors-not-problem-json',
    args: ['--level', 'core', '--files', 'create-session'],
    names: (comparison) => outcomeOf(comparison, /content.type|problem\+json/i),
    says: 'a check fails there on the content type of an error',
  },
  {
    mode: 'whitelist-ignored',
    args: ['--files', 'join-session'],
    names: (comparison) => outcomeOf(comparison, /whitelist/i),
    says: 'a whitelist check passes on the mock and fails there',
  },
];

describe('comparing two servers', () => {
  const started: Servers[] = [];
  const runs: KeptRun[] = [];
  afterAll(async () => {
    await Promise.all(started.map((servers) => servers.close()));
    runs.forEach(removeReport);
  });

  async function compare(mode: DefectMode | undefined, args: string[]) {
    const servers = await startServers(mode);
    started.push(servers);
    const run = await runKeepingReport(
      ['--base-url', servers.mock, '--compare-with', servers.served, ...common, ...args],
      RUN_TIMEOUT - 20_000,
    );
    runs.push(run);
    let comparison: Comparison | undefined;
    try {
      comparison = JSON.parse(run.read('comparison.json')) as Comparison;
    } catch {
      comparison = undefined;
    }
    return { run, comparison, markdown: comparison ? run.read('comparison.md') : '' };
  }

  test('the mock against itself shows no difference and passes', { timeout: RUN_TIMEOUT }, async () => {
    const { run, comparison, markdown } = await compare(undefined, ['--level', 'core']);
    expect(comparison, run.output.slice(-2000)).toEqual(expect.objectContaining({ outcomes: [], shapes: [] }));
    expect(markdown).toContain('0 checks with a different outcome; 0 answer fields that differ');
    expect(run.output).toContain('no difference: every check had the same outcome, every answer the same fields');
    expect(run.exitCode, run.output.slice(-2000)).toBe(0);
    // The comparison is also in the HTML report.
    expect(run.read('conformance.html')).toContain('<section id="comparison">');
  });

  for (const { mode, args, names, says } of expectations)
    test(`against ${mode}: ${says}`, { timeout: RUN_TIMEOUT }, async () => {
      const { run, comparison } = await compare(mode, args);
      expect(comparison, `no comparison.json:\n${run.output.slice(-2000)}`).toBeDefined();
      const shown = `${JSON.stringify(comparison, null, 1).slice(0, 4000)}\n${run.output.slice(-1500)}`;
      expect(names(comparison!), shown).toBe(true);
      expect(run.exitCode, shown).toBe(1);
    });
});
