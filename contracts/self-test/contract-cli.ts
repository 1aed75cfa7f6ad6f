/**
 * For the self-tests that read a run's reports: a mock (and, when asked, a defective proxy in front of it)
 * and `npm run contracts` in a child process, its report folder kept until `cleanup()`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnProcess, type Started } from '../runner/processes.ts';
import { startDefectiveProxy } from '../../scripts/defective/proxy.ts';
import type { DefectMode } from '../../scripts/defective/modes.ts';
import { startMock } from '../../scripts/mock-process.ts';

export interface KeptRun {
  exitCode: number;
  output: string;
  report: string;
  read(file: string): string;
}

/** Runs the contract runner with `args` (plus --report and --quiet), killed after timeoutMs. */
export async function runKeepingReport(args: readonly string[], timeoutMs: number): Promise<KeptRun> {
  const report = mkdtempSync(join(tmpdir(), 'contracts-report-'));
  const runner = spawnProcess({
    name: 'the contract runner',
    command: process.execPath,
    args: ['--import', 'tsx', 'scripts/contracts.ts', '--report', report, '--quiet', ...args],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const timer = setTimeout(() => void runner.stop(), timeoutMs);
  const { code, signal } = await runner.exited;
  clearTimeout(timer);
  await runner.stop();
  return {
    exitCode: code ?? (signal ? 137 : 1),
    output: runner.output(),
    report,
    read: (file) => readFileSync(join(report, file), 'utf8'),
  };
}

export interface Servers {
  /** The mock's API base URL. */
  mock: string;
  /** The defective proxy's API base URL (the mock's when no mode was asked for). */
  served: string;
  close(): Promise<void>;
}

/** A fresh mock, and a defective proxy of `mode` in front of it when given. */
export async function startServers(mode?: DefectMode): Promise<Servers> {
  const mock: Started = await startMock();
  const proxy = mode ? await startDefectiveProxy({ upstream: mock.origin, mode }) : undefined;
  return {
    mock: `${mock.origin}/v1`,
    served: `${(proxy ?? mock).origin}/v1`,
    async close() {
      await proxy?.close();
      await mock.stop();
    },
  };
}

export function removeReport(run: KeptRun | undefined): void {
  if (run) rmSync(run.report, { recursive: true, force: true });
}
