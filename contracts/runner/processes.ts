/**
 * Child processes the runner starts (the mock, Prism, a defective proxy): start,
 * wait until ready, and always stop them, also when the run fails or is interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Started {
  name: string;
  child: ChildProcess;
  /** What the ready pattern's first group captured (e.g. the origin), or ''. */
  ready: string;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Started>();

/** Stops every child still running; installed once for SIGINT/SIGTERM and exit. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((started) => started.stop()));
}

let handlersInstalled = false;
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stopAll().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => {
    for (const started of running) started.child.kill('SIGKILL');
  });
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Ready when stdout matches (first group is captured); or use `probe`. */
  readyPattern?: RegExp;
  /** Ready when this resolves true (polled every 100 ms). */
  probe?: () => Promise<boolean>;
  timeoutMs?: number;
}

export async function startProcess(options: StartOptions): Promise<Started> {
  installHandlers();
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started: Started = {
    name: options.name,
    child,
    ready: '',
    output: () => output,
    async stop() {
      running.delete(started);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(started);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  try {
    started.ready = await new Promise<string>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, value = '') => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        if (error) reject(error);
        else resolve(value);
      };
      child.once('exit', (code, signal) => finish(new Error(`${options.name} exited (${signal ?? `code ${code}`}) before it was ready. Its output:\n${output.slice(-2000)}`)));
      child.once('error', (error) => finish(new Error(`${options.name} could not start: ${error.message}`)));
      const poll = setInterval(() => {
        if (Date.now() > deadline) {
          finish(new Error(`${options.name} was not ready within ${timeoutMs} ms. Its output:\n${output.slice(-2000)}`));
          return;
        }
        if (options.readyPattern) {
          const match = options.readyPattern.exec(output);
          if (match) finish(undefined, match[1] ?? '');
        } else if (options.probe) {
          options.probe().then(
            (ok) => ok && finish(undefined),
            () => undefined,
          );
        }
      }, 100);
    });
  } catch (error) {
    await started.stop();
    throw error;
  }
  return started;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
