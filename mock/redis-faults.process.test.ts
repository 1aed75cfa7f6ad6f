/**
 * Faults of Redis itself, with a real mock process on a real redis-server that keeps its data
 * append-only (issue 15): sessions and tokens survive a restart of Redis; while Redis is stopped or
 * hangs, the API answers 503 problem+json with Retry-After within a bounded time (measured) and the
 * health probes say the store is down; the mock recovers by itself once Redis is back (measured),
 * without a restart of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configDefaults } from './config.ts';
import { startReplica, type Replica } from './testing/mock-replicas.ts';
import { startRedisServer, type RedisServer } from './testing/redis-server.ts';

const apiKey = configDefaults.apiKeys[0]!;
/** The bound on an answer while Redis is out: the store deadline (2 s) and some room for a loaded machine. */
const answerBoundMs = 5000;
/** The bound on recovery after Redis is back: ioredis reconnects at most a second apart. */
const recoveryBoundMs = 15_000;

let directory: string;
let redis: RedisServer;
let port: number;
let mock: Replica;
beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'redis-aof-'));
  redis = await startRedisServer({ appendOnlyDir: directory });
  port = redis.port;
  mock = await startReplica(redis.url);
}, 60_000);
afterAll(async () => {
  await mock?.process.stop();
  await redis?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  ms: number;
}

async function call(method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, body?: unknown) {
  const started = performance.now();
  const response = await request(`${mock.origin}${url}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  const answer: Answer = {
    status: response.statusCode,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
    ms: performance.now() - started,
  };
  return answer;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function createSession(): Promise<{ sessionId: string; hostToken: string }> {
  const wallet = await call('POST', '/__mock/wallet-token', {}, {});
  const created = await call('POST', '/v1/session', { ...bearer(wallet.body.token), 'x-api-key': apiKey }, {});
  expect(created.status).toBe(200);
  return { sessionId: created.body.sessionId, hostToken: created.body.credentials.token };
}

/** A 503 problem+json with Retry-After and the store-unavailable type. */
function expectStoreUnavailable(answer: Answer): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  expect(answer.body.type).toBe('urn:session-api:problem:store-unavailable');
}

/**
 * Asks GET /v1/session/current until it answers 200, every other answer being a store-unavailable
 * 503; answers how long that took.
 */
async function waitForRecovery(hostToken: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    const answer = await call('GET', '/v1/session/current', bearer(hostToken));
    if (answer.status === 200) return performance.now() - started;
    expectStoreUnavailable(answer);
    if (performance.now() - started > recoveryBoundMs) throw new Error(`no recovery within ${recoveryBoundMs} ms`);
    await sleep(100);
  }
}

/** What a stopped Redis gets from the API and the probes: 503s, each within the bound (measured). */
async function expectDownAnswers(hostToken: string): Promise<void> {
  const api = await call('GET', '/v1/session/current', bearer(hostToken));
  expectStoreUnavailable(api);
  expect(api.ms).toBeLessThan(answerBoundMs);
  const join = await call('POST', '/v1/session/join', bearer(hostToken), { sessionId: 'x' });
  expectStoreUnavailable(join);
  expect(join.ms).toBeLessThan(answerBoundMs);
  figures.push(`stopped: GET current 503 in ${Math.round(api.ms)} ms, POST join 503 in ${Math.round(join.ms)} ms`);

  const probe = await call('GET', '/healthz');
  expectStoreUnavailable(probe);
  expect(probe.body.store).toMatchObject({ kind: 'redis', status: 'down' });
  const health = await call('GET', '/__mock/health');
  expectStoreUnavailable(health);
  expect(health.body.dependencies.store).toMatchObject({ kind: 'redis', status: 'down' });
}

const figures: string[] = [];
afterAll(() => {
  if (figures.length > 0) console.log(`redis faults, measured:\n  ${figures.join('\n  ')}`);
});

describe('the mock on a Redis that fails', () => {
  test('sessions and tokens made before survive a restart of Redis with append-only persistence', async () => {
    const { sessionId, hostToken } = await createSession();
    await redis.stop();
    redis = await startRedisServer({ appendOnlyDir: directory, port });
    const recoveredMs = await waitForRecovery(hostToken);
    figures.push(`restart: first 200 ${Math.round(recoveredMs)} ms after Redis was ready again`);
    const current = await call('GET', '/v1/session/current', bearer(hostToken));
    expect(current.body.id).toBe(sessionId);
    expect(mock.process.alive()).toBe(true);
  });

  test('while Redis is stopped the API answers 503 with Retry-After in bounded time, then recovers alone', async () => {
    const { hostToken } = await createSession();
    await redis.stop();
    try {
      await expectDownAnswers(hostToken);
    } finally {
      redis = await startRedisServer({ appendOnlyDir: directory, port });
    }
    const recoveredMs = await waitForRecovery(hostToken);
    figures.push(`stopped: first 200 ${Math.round(recoveredMs)} ms after Redis was ready again`);
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/__mock/health')).body.dependencies.store).toMatchObject({ status: 'up' });
    expect(mock.process.alive()).toBe(true);
  });

  test('while Redis hangs (SIGSTOP) the API answers 503 with Retry-After in bounded time, then recovers', async () => {
    const { hostToken } = await createSession();
    redis.signal('SIGSTOP');
    try {
      const api = await call('GET', '/v1/session/current', bearer(hostToken));
      expectStoreUnavailable(api);
      expect(api.ms).toBeLessThan(answerBoundMs);
      figures.push(`hung: GET current 503 in ${Math.round(api.ms)} ms`);
      expectStoreUnavailable(await call('GET', '/healthz'));
    } finally {
      redis.signal('SIGCONT');
    }
    const recoveredMs = await waitForRecovery(hostToken);
    figures.push(`hung: first 200 ${Math.round(recoveredMs)} ms after SIGCONT`);
    expect(mock.process.alive()).toBe(true);
  });
});
