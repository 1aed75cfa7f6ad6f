/**
 * A real redis-server (Debian's) for tests that claim to test Redis: started on a
 * free loopback port with no persistence, stopped with its process group
 * (contracts/runner/processes.ts does the process handling). Never a mock of Redis.
 */
import { existsSync } from 'node:fs';
import { freePort, spawnProcess } from '../../contracts/runner/processes.ts';

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  stop(): Promise<void>;
}

export const redisServerBinary = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** Starts redis-server; rejects with what it printed when it does not come up within `timeoutMs`. */
export async function startRedisServer(timeoutMs = 15_000): Promise<RedisServer> {
  if (!existsSync(redisServerBinary)) {
    throw new Error(
      `${redisServerBinary} is missing: install Debian's redis-server (apt-get install -y redis-server; .ci/run does).`,
    );
  }
  const port = await freePort();
  const spawned = spawnProcess({
    name: 'redis-server',
    command: redisServerBinary,
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    graceMs: 2000,
  });
  try {
    await spawned.waitForOutput(/Ready to accept connections/, timeoutMs);
  } catch (error) {
    await spawned.stop();
    throw error;
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => spawned.stop() };
}
