/**
 * Runs the contract suite programmatically (vitest/node) with settings given
 * through the environment, and turns vitest's task tree into check results.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect, stripVTControlCharacters } from 'node:util';
import type { RunnerTask, RunnerTestFile } from 'vitest';
import { startVitest } from 'vitest/node';
import type { RecordedExchange } from '../suite/recorded-exchange.ts';
import { suiteConfigFile } from './suite-location.ts';

export type Level = 'core' | 'strict';

export interface SuiteSettings {
  baseUrl: string;
  apiKey: string;
  level: Level;
  rate: number | undefined;
  /** Whether 429s are waited out per Retry-After (default true); false lets every check see them. */
  waitOn429?: boolean;
  timeoutMs: number;
  /** Where the control plane is, when not at the base URL's origin (the Prism run). */
  controlUrl?: string;
  /** Leave out checks tagged direct-only (Prism refuses those requests itself). */
  viaProxy: boolean;
  modelRuns?: number;
  /** Replays the model-based check's random sequences (two servers compared see the same ones). */
  modelSeed?: number;
  /** Write JUnit XML here. */
  junitFile?: string;
  /** Print vitest's own per-test output (default true). */
  verbose?: boolean;
  /** The run's namespace: each test file acts in the mock's world `${namespace}.${file}` (suite/namespace.ts). */
  namespace: string;
  /** Run test files side by side, this many at a time; 1 runs them one after another. */
  fileWorkers: number;
  /** Answer in process with the mock's MSW handlers at the base URL (mock/msw/contract-setup.ts); no server. */
  msw?: boolean;
  /** Run only the suite's files whose paths contain one of these (all when absent). */
  files?: string[];
}

export type CheckState = 'passed' | 'failed' | 'skipped' | 'not selected';

export interface CheckResult {
  /** Operation group and behaviour sentence, as the test is named. */
  name: string;
  group: string;
  file: string;
  level: Level | 'untagged';
  tags: string[];
  state: CheckState;
  /** Why it was skipped or not selected; the first error when it failed. */
  detail: string;
  durationMs: number;
  exchanges: RecordedExchange[];
  counterexample: string | undefined;
  modelNote: string | undefined;
}

export interface SuiteOutcome {
  checks: CheckResult[];
  /** Errors outside any check (a file that did not load, an unhandled rejection). */
  errors: string[];
  durationMs: number;
  settings: SuiteSettings;
}

function tagsFilterFor(level: Level, viaProxy: boolean): string[] {
  const filters = level === 'core' ? ['core'] : ['core || strict'];
  if (viaProxy) filters.push('!direct-only');
  return filters;
}

export async function runSuite(settings: SuiteSettings): Promise<SuiteOutcome> {
  const env: Record<string, string | undefined> = {
    CONTRACT_BASE_URL: settings.baseUrl,
    CONTRACT_API_KEY: settings.apiKey,
    CONTRACT_LEVEL: settings.level,
    // Each worker has its own limiter, so each gets its share of the cap.
    CONTRACT_RATE: settings.rate === undefined ? undefined : String(settings.rate / settings.fileWorkers),
    CONTRACT_WAIT_ON_429: settings.waitOn429 === false ? '0' : undefined,
    CONTRACT_TIMEOUT_MS: String(settings.timeoutMs),
    CONTRACT_CONTROL_URL: settings.controlUrl,
    CONTRACT_VIA_PROXY: settings.viaProxy ? '1' : undefined,
    CONTRACT_MODEL_RUNS: settings.modelRuns === undefined ? undefined : String(settings.modelRuns),
    CONTRACT_MODEL_SEED: settings.modelSeed === undefined ? undefined : String(settings.modelSeed),
    CONTRACT_NAMESPACE: settings.namespace,
    CONTRACT_MSW: settings.msw ? '1' : undefined,
  };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const reporters: (string | [string, Record<string, unknown>])[] = [settings.verbose === false ? 'dot' : 'default'];
  if (settings.junitFile) {
    mkdirSync(join(settings.junitFile, '..'), { recursive: true });
    reporters.push([
      'junit',
      {
        outputFile: settings.junitFile,
        suiteName: `Session API contracts (${settings.level}${settings.viaProxy ? ', through Prism' : ''})`,
      },
    ]);
  }
  const started = performance.now();
  const vitest = await startVitest(
    'test',
    settings.files ?? [],
    {
      config: suiteConfigFile,
      run: true,
      watch: false,
      tagsFilter: tagsFilterFor(settings.level, settings.viaProxy),
      reporters: reporters as never,
      passWithNoTests: false,
      fileParallelism: settings.fileWorkers > 1,
      maxWorkers: settings.fileWorkers,
    },
    {},
    { stdout: process.stdout, stderr: process.stderr },
  );
  try {
    const files = vitest.state.getFiles();
    const checks = files.flatMap((file) => collect(file, file, [], settings));
    const errors = [
      ...vitest.state.getUnhandledErrors().map((error) => describeError(error)),
      ...files
        .filter((file) => file.result?.state === 'fail' && (file.result.errors?.length ?? 0) > 0)
        .map((file) => `${file.name}: ${describeError(file.result!.errors![0])}`),
    ];
    return { checks, errors, durationMs: performance.now() - started, settings };
  } finally {
    await vitest.close();
  }
}

function collect(task: RunnerTask, file: RunnerTestFile, groups: string[], settings: SuiteSettings): CheckResult[] {
  if (task.type === 'suite') {
    const inner = task === file ? groups : [...groups, task.name];
    return task.tasks.flatMap((child) => collect(child, file, inner, settings));
  }
  const tags = task.tags ?? [];
  const level: CheckResult['level'] = tags.includes('core') ? 'core' : tags.includes('strict') ? 'strict' : 'untagged';
  const result = task.result;
  let state: CheckState;
  let detail = '';
  if (result?.state === 'pass') state = 'passed';
  else if (result?.state === 'fail') {
    state = 'failed';
    detail = describeError(result.errors?.[0]);
  } else if ((result as { note?: string } | undefined)?.note) {
    // ctx.skip(reason) leaves the reason in result.note (not in vitest's public types).
    state = 'skipped';
    detail = (result as { note?: string }).note!;
  } else {
    state = 'not selected';
    detail =
      settings.level === 'core' && level === 'strict'
        ? 'not selected: --level core'
        : settings.viaProxy && tags.includes('direct-only')
          ? 'not selected through Prism: Prism refuses this request itself, so the server never sees it'
          : 'not run';
  }
  return [
    {
      name: task.name,
      group: groups.join(' > '),
      file: file.name,
      level,
      tags,
      state,
      detail,
      durationMs: result?.duration ?? 0,
      exchanges: task.meta.exchanges ?? [],
      counterexample: task.meta.counterexample,
      modelNote: task.meta.modelNote,
    },
  ];
}

function describeError(error: unknown): string {
  if (!error) return 'failed without an error message';
  const message = (error as { message?: unknown }).message;
  return stripVTControlCharacters(typeof message === 'string' ? message : inspect(error));
}
