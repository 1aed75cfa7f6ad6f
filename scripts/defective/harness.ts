/**
 * Joins the pieces for the defective-server proof: a mock in a child process
 * (never imported), a defective proxy in front of it, and the contract runner
 * in a child process of its own, with its machine-readable results.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ContractRun {
  exitCode: number;
  output: string;
  results: {
    passed: boolean;
    errors: string[];
    checks: { name: string; group: string; level: string; state: string; detail: string }[];
  } | undefined;
}

/** Runs `npm run contracts` against baseUrl in a child process, killed after timeoutMs. */
export async function runContracts(baseUrl: string, extraArgs: string[], timeoutMs: number): Promise<ContractRun> {
  const report = mkdtempSync(join(tmpdir(), 'contracts-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/contracts.ts', '--base-url', baseUrl, '--report', report, '--quiet', ...extraArgs], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exitCode = await new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 137 : 1))));
    clearTimeout(timer);
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
