/**
 * Joins the pieces for the defective-server proof: a mock in a child process
 * (never imported), a defective proxy in front of it, and the contract runner
 * in a child process of its own, with its machine-readable results.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnProcess } from '../../contracts/runner/processes.ts';

export interface ContractRun {
  exitCode: number;
  output: string;
  results:
    | {
        passed: boolean;
        errors: string[];
        checks: { name: string; group: string; level: string; state: string; detail: string }[];
      }
    | undefined;
}

/** Runs `npm run contracts` against baseUrl in a child process, killed after timeoutMs. */
export async function runContracts(baseUrl: string, extra: string[], timeoutMs: number): Promise<ContractRun> {
  const report = mkdtempSync(join(tmpdir(), 'contracts-'));
  try {
    const runner = spawnProcess({
      name: 'the contract runner',
      command: process.execPath,
      args: ['--import', 'tsx', 'scripts/contracts.ts', '--base-url', baseUrl, '--report', report, '--quiet', ...extra],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const timer = setTimeout(() => void runner.stop(), timeoutMs);
    const { code, signal } = await runner.exited;
    clearTimeout(timer);
    await runner.stop();
    const exitCode = code ?? (signal ? 137 : 1);
    const output = runner.output();
    let results: ContractRun['results'];
    try {
      results = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as ContractRun['results'];
    } catch {
      results = undefined;
    }
    return { exitCode, output, results };
  } finally {
    rmSync(report, { recursive: true, force: true });
  }
}
