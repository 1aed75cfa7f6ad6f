/**
 * The contract suite passes against three mock processes on one real redis-server, with its
 * requests (the control plane's too: the suite moves clocks and sets faults) spread round-robin
 * over the three by a proxy: so no check of the suite depends on which replica answers.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReplicas, startRoundRobinProxy, type Replica, type RoundRobinProxy } from './testing/mock-replicas.ts';
import { startRedisServer, type RedisServer } from './testing/redis-server.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));

let redis: RedisServer;
let replicas: Replica[];
let proxy: RoundRobinProxy;
beforeAll(async () => {
  redis = await startRedisServer();
  replicas = await startReplicas(3, redis.url);
  proxy = await startRoundRobinProxy(replicas.map((replica) => replica.origin));
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await Promise.all((replicas ?? []).map((replica) => replica.process.stop()));
  await redis?.stop();
});

test('the contract suite passes with its requests spread round-robin over three replicas', async () => {
  const suite = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/contracts.ts', '--base-url', `${proxy.origin}/v1`, '--quiet'],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  suite.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  suite.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => suite.on('exit', resolve));
  expect(output).toMatch(/PASS: .* passed/);
  expect(code, output.slice(-3000)).toBe(0);
  // Every replica took its third of the traffic.
  const total = proxy.forwarded.reduce((sum, count) => sum + count, 0);
  expect(total).toBeGreaterThan(300);
  for (const count of proxy.forwarded) expect(Math.abs(count - total / 3)).toBeLessThanOrEqual(1);
  for (const replica of replicas) expect(replica.process.alive()).toBe(true);
}, 120_000);
