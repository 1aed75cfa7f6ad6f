/**
 * A real redis-server (Debian's) for tests that claim to test Redis: started on a
 * free loopback port with no persistence (or append-only in a directory, to be
 * restarted on the same port with its data), stopped with its process group
 * (contracts/runner/processes.ts does the process handling). Never a mock of Redis.
 */
import { existsSync } from 'node:fs';
import { freePort, spawnProcess } from '../../contracts/runner/processes.ts';

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  /** Signals the server (SIGSTOP makes it hang, SIGCONT lets it go on). */
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

export const redisServerBinary = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface RedisServerOptions {
  /** Default: a free port. Give the port of a server stopped before to restart it there. */
  readonly port?: number;
  /** Keep the data append-only (`--appendonly yes`, fsync every write) in this directory; default: no persistence. */
  readonly appendOnlyDir?: string;
  readonly timeoutMs?: number;
}

/** Starts redis-server; rejects with what it printed when it does not come up within `timeoutMs`. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!existsSync(redisServerBinary)) {
    throw new Error(
      `${redisServerBinary} is missing: install Debian's redis-server (apt-get install -y redis-server; .ci/run does).`,
    );
  }
  const port = options.port ?? (await freePort());
  const persistence =
    options.appendOnlyDir === undefined
      ? ['--appendonly', 'no']
      : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.appendOnlyDir];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence];
  return spawnRedisServer('redis-server', args, port, `redis://127.0.0.1:${port}`, options.timeoutMs ?? 15_000);
}

/**
 * Runs redis-server with `args` and answers once it accepts connections (its handle: `port` and `url` as the
 * caller names them); rejects with what it printed when it does not come up within `timeoutMs`.
 */
export async function spawnRedisServer(
  name: string,
  args: readonly string[],
  port: number,
  url: string,
  timeoutMs: number,
): Promise<RedisServer> {
  const spawned = spawnProcess({ name, command: redisServerBinary, args: [...args], graceMs: 2000 });
  try {
    await spawned.waitForOutput(/Ready to accept connections/, timeoutMs);
  } catch (error) {
    await spawned.stop();
    throw error;
  }
  return {
    port,
    url,
    signal: (signal) => spawned.signal(signal),
    stop: () => spawned.stop(),
  };
}
