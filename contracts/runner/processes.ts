/**
 * The one way to run a server as a child process (the mock, Prism, a bench
 * server): spawned as the leader of its own process group, ready once an HTTP
 * URL answers, stopped by signalling the whole group (SIGTERM, then SIGKILL), so
 * that nothing it forks (Prism's worker) outlives it. Every group still running
 * is killed when the parent exits or is interrupted, also after a failed test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './repo-root.ts';

export interface SpawnOptions {
  /** Names the process in errors, e.g. "the mock", "Prism". */
  name: string;
  command: string;
  args: readonly string[];
  /** Default: the repository root, whatever the caller's working directory. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Write stdout and stderr to this file instead of keeping them in memory (costs the parent nothing under load). */
  logFile?: string;
  /** Milliseconds between SIGTERM and SIGKILL on stop(). */
  graceMs?: number;
}

export interface ReadyOptions {
  /** The URL to probe, or a pattern whose first group reads it from the output (e.g. a "listening on" line). */
  url: string | RegExp;
  /** Path probed on the URL's origin; any HTTP answer counts. Default: the URL's own path. */
  probePath?: string;
  /** Bound on the whole wait, from spawn. Default 30 s. */
  timeoutMs?: number;
}

export type StartOptions = SpawnOptions & ReadyOptions;

export interface Spawned {
  readonly name: string;
  /** The leader's pid, which is also the process group's id. */
  readonly pid: number;
  /** Where its output goes, when SpawnOptions.logFile named a file. */
  readonly logFile: string | undefined;
  /** Everything written so far (the tail, when it is long). */
  stdout(): string;
  stderr(): string;
  /** Both streams interleaved as they came (the tail). */
  output(): string;
  alive(): boolean;
  /** How it ended, once it has: "code 1", "signal SIGKILL". */
  exitNote(): string | undefined;
  /** Resolves when the leader has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals the whole group. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the first match of `pattern` in the output; rejects when the process exits first or on timeout. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM to the group, SIGKILL after the grace period, then SIGKILL to whatever of the group is left. */
  stop(): Promise<void>;
}

export interface Started extends Spawned {
  /** The origin that answered, e.g. http://127.0.0.1:43121 (no path). */
  readonly origin: string;
  /** Milliseconds from spawn to the first HTTP answer. */
  readonly startMs: number;
}

const maxKeptChars = 8 * 1024 * 1024;
const outputTailChars = 64 * 1024;
const live = new Map<number, ChildProcess>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // A negative pid names the process group: the leader and everything it started.
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/** Kills every group still running, at once: for exit paths that cannot wait. */
export function killAllNow(): void {
  for (const pid of live.keys()) signalGroup(pid, 'SIGKILL');
  live.clear();
}

/** The process groups (= leader pids) running now. */
export function liveGroups(): ReadonlySet<number> {
  return new Set(live.keys());
}

const stoppers = new Map<number, () => Promise<void>>();

/** Stops every process still running, politely first. */
export async function stopAll(): Promise<void> {
  await Promise.all([...stoppers.values()].map((stop) => stop()));
}

let hooksInstalled = false;
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllNow();
      process.exit(130);
    });
  }
}

/** The last lines a process wrote, for error messages. */
function lastOutput(spawned: Spawned, lines = 20): string {
  const text = spawned.output().trimEnd().split('\n').slice(-lines).join('\n') || '(nothing)';
  return `Its last output${spawned.logFile ? ` (${spawned.logFile})` : ''}:\n${text}`;
}

/** Spawns `command` as the leader of a new process group; see startProcess() to also wait until it answers. */
export function spawnProcess(options: SpawnOptions): Spawned {
  installExitHooks();
  let logFd: number | undefined;
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    logFd = openSync(options.logFile, 'w');
  }
  const stdio = logFd === undefined ? 'pipe' : logFd;
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', stdio, stdio],
  });
  if (logFd !== undefined) closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) {
    const hint = `Is \`${options.command}\` installed and on PATH?`;
    throw new Error(`Failed to start ${options.name}: spawn gave no pid. ${hint}`);
  }
  live.set(pid, child);

  let out = '';
  let err = '';
  let both = '';
  const listeners = new Set<() => void>();
  const keep = (stream: 'out' | 'err') => (chunk: string) => {
    if (stream === 'out') out = (out + chunk).slice(-maxKeptChars);
    else err = (err + chunk).slice(-maxKeptChars);
    both = (both + chunk).slice(-outputTailChars);
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', keep('out'));
  child.stderr?.setEncoding('utf8').on('data', keep('err'));
  const readLog = () => (options.logFile ? readFileSync(options.logFile, 'utf8').slice(-outputTailChars) : '');

  let ended: string | undefined;
  // Output is complete once the pipes close (a log file: once the leader exits).
  let complete = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = signal ? `signal ${signal}` : `code ${code}`;
      if (options.logFile) complete = true;
      for (const listener of listeners) listener();
      resolve({ code, signal });
    });
  });
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => {
      complete = true;
      for (const listener of listeners) listener();
      resolve();
    });
  });
  child.once('error', (error) => {
    ended ??= `error: ${error.message}`;
    complete = true;
    for (const listener of listeners) listener();
  });

  const stop = async (): Promise<void> => {
    stoppers.delete(pid);
    if (ended === undefined) {
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), options.graceMs ?? 3000);
      await exited;
      clearTimeout(timer);
    }
    // The leader is gone; members that ignored SIGTERM or outlived it are not.
    signalGroup(pid, 'SIGKILL');
    live.delete(pid);
    // So that output() holds the last lines (bounded: a stray process may hold the pipes).
    if (logFd === undefined) await Promise.race([closed, sleep(1000, undefined, { ref: false })]);
  };
  stoppers.set(pid, stop);

  const spawned: Spawned = {
    name: options.name,
    pid,
    logFile: options.logFile,
    stdout: () => (options.logFile ? readLog() : out),
    stderr: () => (options.logFile ? '' : err),
    output: () => (options.logFile ? readLog() : both),
    alive: () => ended === undefined,
    exitNote: () => ended,
    exited,
    signal: (signal) => signalGroup(pid, signal),
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const fail = (why: string) => finish(() => reject(new Error(`${options.name} ${why}. ${lastOutput(spawned)}`)));
        const check = () => {
          const match = pattern.exec(spawned.output());
          if (match) finish(() => resolve(match));
          else if (complete) fail(`ended (${ended}) before printing ${pattern}`);
        };
        const timer = setTimeout(() => fail(`printed nothing matching ${pattern} within ${timeoutMs} ms`), timeoutMs);
        // A log file has no data events: poll it.
        const poll = options.logFile ? setInterval(check, 5) : undefined;
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          if (poll) clearInterval(poll);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      }),
    stop,
  };
  return spawned;
}

/** One HTTP request: true on any answer, false when nothing answers. */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(true));
      response.on('error', () => resolve(true));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * Spawns the process and waits until its URL answers, within a bound; on any
 * failure the whole group is stopped and the error quotes its last output lines.
 */
export async function startProcess(options: StartOptions): Promise<Started> {
  const spawnedAt = performance.now();
  const spawned = spawnProcess(options);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = spawnedAt + timeoutMs;
  const command = `\`${options.command} ${options.args.join(' ')}\``;
  try {
    const url = new URL(
      typeof options.url === 'string' ? options.url : ((await spawned.waitForOutput(options.url, timeoutMs))[1] ?? ''),
    );
    const probe = `${url.origin}${options.probePath ?? url.pathname}`;
    while (!(await answers(probe))) {
      if (!spawned.alive()) throw new Error(`it ended (${spawned.exitNote()}) before ${probe} answered`);
      if (performance.now() > deadline) throw new Error(`${probe} did not answer within ${timeoutMs} ms`);
      await sleep(5);
    }
    return Object.assign(spawned, { origin: url.origin, startMs: performance.now() - spawnedAt });
  } catch (error) {
    await spawned.stop();
    const why = (error as Error).message;
    // waitForOutput's errors already quote the output.
    const quoted = why.includes('Its last output') ? '' : `\n${lastOutput(spawned)}`;
    throw new Error(`Failed to start ${options.name} (${command}): ${why}${quoted}`, { cause: error });
  }
}

/** A port free on 127.0.0.1 right now, for servers that cannot take port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const noPort = new Error('Failed to find a free port: the kernel answered none.');
      server.close(() => (port ? resolve(port) : reject(noPort)));
    });
  });
}
