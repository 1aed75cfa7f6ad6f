/**
 * Starts the mock as a child process, bundled as `npm start` runs it
 * (scripts/mock-bundle.ts), and makes sure it ends: on stop(), on the parent's
 * exit, and on Ctrl-C. Used by the fuzzer, the soak and their tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mockBundle } from '../mock-bundle.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface MockProcess {
  readonly pid: number;
  /** Origin such as http://127.0.0.1:43121 (no path). */
  readonly origin: string;
  /** Everything the mock wrote to stdout so far (bounded, see maxCapturedBytes). */
  stdout(): string;
  stderr(): string;
  /** True while the process runs. */
  alive(): boolean;
  /** How it ended, once it has (e.g. "code 1", "signal SIGKILL"). */
  exitNote(): string | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra arguments after `--port 0 --log-level <level>`. */
  args?: readonly string[];
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  readyTimeoutMs?: number;
}

const maxCapturedBytes = 64 * 1024 * 1024;
const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid: the whole process group (node and anything it started).
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) killGroup(child, 'SIGKILL');
      process.exit(130);
    });
  }
}

/** Reads the mock's peak and current RSS from /proc (Linux), in bytes. */
export function readRss(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kib('VmRSS'), peak: kib('VmHWM') };
  } catch {
    return undefined;
  }
}

export async function startMock(options: StartOptions = {}): Promise<MockProcess> {
  installExitHooks();
  const args = [await mockBundle(), '--port', '0', '--log-level', options.logLevel ?? 'warn', ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`Failed to start the mock: spawn gave no pid (node ${args.join(' ')}).`);
  running.add(child);
  const pid = child.pid;
  let out = '';
  let err = '';
  let ended: string | undefined;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    if (out.length < maxCapturedBytes) out += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    if (err.length < maxCapturedBytes) err += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = signal ? `signal ${signal}` : `code ${code}`;
      running.delete(child);
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (ended === undefined) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    killGroup(child, 'SIGKILL');
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + readyTimeoutMs;
  let origin: string | undefined;
  while (origin === undefined) {
    const match = /listening on (http:\/\/[^\s]+) /.exec(out);
    if (match) origin = match[1];
    else if (ended !== undefined || Date.now() > deadline) {
      await stop();
      const why = ended === undefined ? `no "listening on" line within ${readyTimeoutMs} ms` : `it exited (${ended})`;
      throw new Error(`Failed to start the mock (node ${args.join(' ')}): ${why}.\nstdout: ${out.slice(-2000)}\nstderr: ${err.slice(-2000)}`);
    } else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    pid,
    origin,
    stdout: () => out,
    stderr: () => err,
    alive: () => ended === undefined,
    exitNote: () => ended,
    stop,
  };
}
