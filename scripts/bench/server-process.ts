import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './repo-root.ts';

export interface ServerCommand {
  /** Short name used in tables and log file names, e.g. `mock`, `prism-silent`. */
  name: string;
  command: string;
  args: string[];
  /** Where the server's stdout and stderr go (a file, so that logging costs the harness nothing). */
  logFile: string;
  /** The URL is read from the log line matching this, or given when the port is known up front. */
  listeningPattern: RegExp;
  knownUrl?: string;
  /** A request that any live server answers (any status), to time spawn-to-first-answer. */
  probePath: string;
  readyTimeoutMs: number;
}

export interface RunningServer {
  name: string;
  pid: number;
  /** Origin, e.g. http://127.0.0.1:43121 (no path). */
  origin: string;
  logFile: string;
  /** Milliseconds from spawn() to the first HTTP answer. */
  startMs: number;
  stop(): Promise<void>;
}

const live = new Map<number, ChildProcess>();

/** The process groups (= leader pids) of the servers running now. */
export function liveGroups(): ReadonlySet<number> {
  return new Set(live.keys());
}

/** Kills every server still running, at once: for exit paths that cannot wait. */
export function killAllNow(): void {
  for (const [pid] of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Stops every server still running, politely first. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live.keys()].map((pid) => stopProcessGroup(pid)));
}

async function stopProcessGroup(pid: number, graceMs = 3000): Promise<void> {
  const child = live.get(pid);
  if (!child) return;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // The group may hold grandchildren (e.g. a loader's helper): end them too.
  signalGroup(pid, 'SIGKILL');
  live.delete(pid);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** One HTTP request; resolves true on any answer, false on a connection error. */
function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(true));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * Spawns a server in its own process group (so that it and its children can be
 * killed together), waits for it to listen and answer, and times the start.
 */
export async function startServer(command: ServerCommand): Promise<RunningServer> {
  mkdirSync(path.dirname(command.logFile), { recursive: true });
  const log = openSync(command.logFile, 'w');
  const spawnedAt = performance.now();
  const child = spawn(command.command, command.args, {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' },
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Failed to start ${command.name}: spawn gave no pid. Is \`${command.command}\` on PATH?`);
  live.set(pid, child);
  let exitNote: string | undefined;
  child.once('exit', (code, signal) => {
    exitNote = `exited with ${signal ?? `code ${code}`}`;
  });

  const deadline = spawnedAt + command.readyTimeoutMs;
  const fail = async (why: string): Promise<never> => {
    await stopProcessGroup(pid);
    throw new Error(
      `Failed to start ${command.name} (\`${command.command} ${command.args.join(' ')}\`): ${why}. Last lines of ${command.logFile}:\n${logTail(command.logFile)}`,
    );
  };

  let origin = command.knownUrl;
  while (origin === undefined) {
    if (exitNote) return fail(exitNote);
    if (performance.now() > deadline) return fail(`no line matching ${command.listeningPattern} within ${command.readyTimeoutMs} ms`);
    const match = command.listeningPattern.exec(logTail(command.logFile, 200));
    if (match?.[1]) origin = new URL(match[1]).origin;
    else await sleep(5);
  }
  for (;;) {
    if (exitNote) return fail(exitNote);
    if (performance.now() > deadline) return fail(`no HTTP answer at ${origin}${command.probePath} within ${command.readyTimeoutMs} ms`);
    if (await probe(`${origin}${command.probePath}`)) break;
    await sleep(5);
  }
  const startMs = performance.now() - spawnedAt;
  return { name: command.name, pid, origin, logFile: command.logFile, startMs, stop: () => stopProcessGroup(pid) };
}
