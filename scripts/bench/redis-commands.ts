/**
 * `--store redis`: what one request costs in Redis. Sends a known number of
 * requests, one at a time, to one replica while `MONITOR` lists every command
 * Redis runs, each with its source: the mock's connection (a command it sent) or
 * `lua` (a command a script ran inside one EVALSHA). Redis's own counter of socket
 * reads (`INFO stats` total_reads_processed) gives the round trips: a read takes
 * whatever the mock wrote since the last one, so a command that is not waited for
 * and leaves together with the next one costs a command but no extra round trip.
 */
import { Redis } from 'ioredis';
import type { Started } from '../../contracts/runner/processes.ts';
import { runLoad } from './load.ts';
import type { Fixture, Workload } from './workloads.ts';

export interface RedisCommandCount {
  workload: string;
  requests: number;
  /** Requests answered with an unexpected status, or failed: the counts are not to be trusted then. */
  unexpected: number;
  /** Socket reads per request on the Redis side: the round trips. */
  readsPerRequest: number;
  /** Commands the mock sent, per request, all together and by name (lower case, as Redis names them). */
  sentPerRequest: number;
  sent: Record<string, number>;
  /** Commands run inside scripts, per request, by name. */
  inScripts: Record<string, number>;
}

async function totalReads(redis: Redis): Promise<number> {
  const stats = await redis.info('stats');
  return Number(/^total_reads_processed:(\d+)/m.exec(stats)?.[1] ?? Number.NaN);
}

const perRequest = (counts: Map<string, number>, requests: number): Record<string, number> =>
  Object.fromEntries([...counts].map(([name, count]) => [name, count / requests]));

/**
 * Counts the Redis work of `requests` requests of each workload, sent one at a time to `target`; answers it with
 * the version of the redis-server.
 */
export async function countRedisCommands(
  redisUrl: string,
  target: Started,
  fixture: Fixture,
  workloads: readonly Workload[],
  requests: number,
): Promise<{ redisVersion: string; counts: RedisCommandCount[] }> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const monitor = await redis.monitor();
  try {
    const redisVersion = /^redis_version:(\S+)/m.exec(await redis.info('server'))?.[1] ?? 'unknown';
    let sent = new Map<string, number>();
    let inScripts = new Map<string, number>();
    let counting = false;
    const markers = new Map<string, () => void>();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      const name = (args[0] ?? '').toLowerCase();
      if (name === 'echo' && markers.has(args[1] ?? '')) {
        markers.get(args[1]!)!();
        return;
      }
      // This module's own INFO commands are no part of a request.
      if (!counting || name === 'info') return;
      const counts = source === 'lua' ? inScripts : sent;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    });
    // MONITOR lists commands in the order Redis ran them: once it lists a marker, it has listed all before it.
    let markerCount = 0;
    const everythingListed = async (): Promise<void> => {
      const marker = `bench-marker-${(markerCount += 1)}`;
      const listed = new Promise<void>((resolve) => markers.set(marker, resolve));
      await redis.echo(marker);
      await listed;
    };

    const counts: RedisCommandCount[] = [];
    for (const workload of workloads) {
      const expectedStatus = workload.expectedStatus('mock-redis');
      await everythingListed();
      sent = new Map();
      inScripts = new Map();
      const readsBefore = await totalReads(redis);
      counting = true;
      const load = await runLoad({
        origin: target.origin,
        connections: 1,
        duration: 0,
        amount: requests,
        requests: workload.requests('mock-redis', fixture),
        ...(expectedStatus !== undefined ? { expectedStatus } : {}),
        timeoutMs: 60_000,
      });
      // The INFO that reads the counter after is one read of its own.
      const reads = (await totalReads(redis)) - readsBefore - 1;
      await everythingListed();
      counting = false;
      const total = [...sent.values()].reduce((sum, count) => sum + count, 0);
      counts.push({
        workload: workload.name,
        requests: load.totalRequests,
        unexpected: load.unexpected + load.errors,
        readsPerRequest: reads / load.totalRequests,
        sentPerRequest: total / load.totalRequests,
        sent: perRequest(sent, load.totalRequests),
        inScripts: perRequest(inScripts, load.totalRequests),
      });
    }
    return { redisVersion, counts };
  } finally {
    monitor.disconnect();
    redis.disconnect();
  }
}
