/**
 * `--store redis`: what one request costs in Redis. Sends a known number of
 * requests, one at a time, to one replica while `MONITOR` lists every command
 * Redis runs, each with its source: the mock's connection (a command it sent) or
 * `lua` (a command a script ran inside one EVALSHA). Redis's own counter of socket
 * reads (`INFO stats` total_reads_processed) gives the round trips: a read takes
 * whatever the mock wrote since the last one, so a command that is not waited for
 * and leaves together with the next one costs a command but no extra round trip.
 * The CPU each request costs, in the mock (/proc) and in Redis (INFO cpu), against
 * the in-memory mock's for the same requests, says where the time goes on 2 cores.
 */
import { readFileSync } from 'node:fs';
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
  /** CPU per request (µs, user + system): the mock on Redis, redis-server, the in-memory mock. */
  cpuMicroseconds: { mock: number; redis: number; inMemory: number };
}

/** CPU seconds (user + system) that process `pid` has used so far, to the kernel's tick (10 ms). */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // state(0) ... utime(11) stime(12), in clock ticks (USER_HZ 100)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const cpu = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(cpu)?.[1] ?? Number.NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** A running mock, which of the two it is, and the fixture set up through it. */
export interface Target {
  started: Started;
  server: 'mock' | 'mock-redis';
  fixture: Fixture;
}

/** `requests` requests of `workload`, one at a time. */
function sendOneByOne(target: Target, workload: Workload, requests: number) {
  const expectedStatus = workload.expectedStatus(target.server);
  return runLoad({
    origin: target.started.origin,
    connections: 1,
    duration: 0,
    amount: requests,
    requests: workload.requests(target.server, target.fixture),
    ...(expectedStatus !== undefined ? { expectedStatus } : {}),
    timeoutMs: 60_000,
  });
}

async function totalReads(redis: Redis): Promise<number> {
  const stats = await redis.info('stats');
  return Number(/^total_reads_processed:(\d+)/m.exec(stats)?.[1] ?? Number.NaN);
}

const perRequest = (counts: Map<string, number>, requests: number): Record<string, number> =>
  Object.fromEntries([...counts].map(([name, count]) => [name, count / requests]));

/** The CPU per request (µs) of each process, over requests sent one at a time (no MONITOR on: it costs Redis). */
async function cpuPerRequest(
  redis: Redis,
  redisTarget: Target,
  inMemory: Target,
  workload: Workload,
  requests: number,
): Promise<{ cpu: RedisCommandCount['cpuMicroseconds']; unexpected: number }> {
  const memoryBefore = processCpuSeconds(inMemory.started.pid);
  const memoryLoad = await sendOneByOne(inMemory, workload, requests);
  const memoryCpu = processCpuSeconds(inMemory.started.pid) - memoryBefore;
  const redisBefore = await redisCpuSeconds(redis);
  const mockBefore = processCpuSeconds(redisTarget.started.pid);
  const load = await sendOneByOne(redisTarget, workload, requests);
  const mockCpu = processCpuSeconds(redisTarget.started.pid) - mockBefore;
  const redisCpu = (await redisCpuSeconds(redis)) - redisBefore;
  const micro = (seconds: number, count: number) => (seconds / count) * 1e6;
  return {
    cpu: {
      mock: micro(mockCpu, load.totalRequests),
      redis: micro(redisCpu, load.totalRequests),
      inMemory: micro(memoryCpu, memoryLoad.totalRequests),
    },
    unexpected: load.unexpected + load.errors + memoryLoad.unexpected + memoryLoad.errors,
  };
}

/**
 * Counts the Redis work of `requests` requests of each workload, sent one at a time to the mock on Redis, and the
 * CPU they cost against the in-memory mock; answers them with the version of the redis-server.
 */
export async function countRedisCommands(
  redisUrl: string,
  redisTarget: Target,
  inMemory: Target,
  workloads: readonly Workload[],
  requests: number,
): Promise<{ redisVersion: string; counts: RedisCommandCount[] }> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const cpu = new Map<string, Awaited<ReturnType<typeof cpuPerRequest>>>();
  try {
    for (const workload of workloads) {
      cpu.set(workload.name, await cpuPerRequest(redis, redisTarget, inMemory, workload, requests));
    }
  } catch (error) {
    redis.disconnect();
    throw error;
  }
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
      await everythingListed();
      sent = new Map();
      inScripts = new Map();
      const readsBefore = await totalReads(redis);
      counting = true;
      const load = await sendOneByOne(redisTarget, workload, requests);
      // The INFO that reads the counter after is one read of its own.
      const reads = (await totalReads(redis)) - readsBefore - 1;
      await everythingListed();
      counting = false;
      const total = [...sent.values()].reduce((sum, count) => sum + count, 0);
      const spent = cpu.get(workload.name)!;
      counts.push({
        workload: workload.name,
        requests: load.totalRequests,
        unexpected: load.unexpected + load.errors + spent.unexpected,
        readsPerRequest: reads / load.totalRequests,
        sentPerRequest: total / load.totalRequests,
        sent: perRequest(sent, load.totalRequests),
        inScripts: perRequest(inScripts, load.totalRequests),
        cpuMicroseconds: spent.cpu,
      });
    }
    return { redisVersion, counts };
  } finally {
    monitor.disconnect();
    redis.disconnect();
  }
}
