/**
 * Three mock processes on one real redis-server behave as one mock (issue 15): parallel joins
 * spread over the three respect the capacity, a wallet proof sent to all three at once is
 * accepted once, and a clock move, a reset and a fault rule made on one replica hold on all.
 * Each test works in a namespace of its own, so the tests share the replicas and not their worlds.
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configDefaults } from './config.ts';
import { callJson, type JsonAnswer as Answer } from './testing/json-call.ts';
import { startReplicas, type Replica } from './testing/mock-replicas.ts';
import { startRedisServer, type RedisServer } from './testing/redis-server.ts';

const apiKey = configDefaults.apiKeys[0]!;

let redis: RedisServer;
let replicas: Replica[];
let origins: string[];
beforeAll(async () => {
  redis = await startRedisServer();
  replicas = await startReplicas(3, redis.url);
  origins = replicas.map((replica) => replica.origin);
}, 60_000);
afterAll(async () => {
  await Promise.all((replicas ?? []).map((replica) => replica.process.stop()));
  await redis?.stop();
});

/** A JSON call in `world`. */
const call = (
  origin: string,
  world: string,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
) => callJson(origin, method, url, { 'x-mock-namespace': world, ...headers }, body);

/** One request to one replica, in namespace `world`. */

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** How many answers had each status. */
function byStatus(answers: readonly Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

async function walletToken(origin: string, world: string): Promise<string> {
  const minted = await call(origin, world, 'POST', '/__mock/wallet-token', {}, {});
  expect(minted.status).toBe(200);
  return minted.body.token as string;
}

async function createSession(origin: string, world: string, userCapacity = 4) {
  const created = await call(
    origin,
    world,
    'POST',
    '/v1/session',
    { ...bearer(await walletToken(origin, world)), 'x-api-key': apiKey },
    { rules: { userCapacity } },
  );
  expect(created.status).toBe(200);
  return { sessionId: created.body.sessionId as string, hostToken: created.body.credentials.token as string };
}

describe('three mock processes on one Redis', () => {
  test('60 parallel joins spread over the three into a session of capacity 10 admit exactly 9', async () => {
    const world = 'joins';
    const { sessionId } = await createSession(origins[0]!, world, 10);
    const tokens = await Promise.all(Array.from({ length: 60 }, (_, index) => walletToken(origins[index % 3]!, world)));
    const joins = await Promise.all(
      tokens.map((token, index) =>
        call(origins[index % 3]!, world, 'POST', '/v1/session/join', bearer(token), { sessionId }),
      ),
    );
    const counts = byStatus(joins);
    expect(counts[200], JSON.stringify(counts)).toBe(9);
    // Every other join is refused as the session is full, never a 5xx.
    expect(joins.filter((join) => join.status !== 200).every((join) => join.status === 409)).toBe(true);
    // Each replica admitted some and refused some: the race was across processes, not inside one.
    const admittedBy = origins.map((_, at) => joins.filter((join, index) => index % 3 === at && join.status === 200));
    expect(admittedBy.flat()).toHaveLength(9);

    for (const origin of origins) {
      const listed = await call(origin, world, 'GET', '/__mock/sessions');
      const session = listed.body.sessions.find((candidate: { id: string }) => candidate.id === sessionId);
      const active = session.members.filter((member: { state: string }) => member.state === 'active');
      expect(active).toHaveLength(10);
    }
  });

  test('a wallet proof sent to all three at once is accepted once', async () => {
    const world = 'proof';
    const account = privateKeyToAccount(generatePrivateKey());
    const nonce = await call(origins[1]!, world, 'GET', '/v1/wallet-proof/nonce');
    expect(nonce.status).toBe(200);
    const signature = await account.signMessage({ message: nonce.body.message });
    const proof = { walletAddress: account.address, message: nonce.body.message, signature };
    const answers = await Promise.all(
      origins.map((origin) => call(origin, world, 'POST', '/v1/wallet-proof/verify', {}, proof)),
    );
    expect(byStatus(answers)).toEqual({ 200: 1, 400: 2 });
  });

  test('a clock move made on one replica holds on all', async () => {
    const world = 'clock';
    const moved = await call(origins[0]!, world, 'POST', '/__mock/clock', {}, { advanceSeconds: 7200 });
    expect(moved.status).toBe(200);
    for (const origin of origins.slice(1)) {
      const clock = await call(origin, world, 'GET', '/__mock/clock');
      expect(clock.body.offsetSeconds).toBe(moved.body.offsetSeconds);
      expect(clock.body.offsetSeconds).toBeGreaterThanOrEqual(7200);
    }
  });

  test('a reset made on one replica holds on all: its sessions and tokens are gone everywhere', async () => {
    const world = 'reset';
    const { hostToken } = await createSession(origins[0]!, world);
    for (const origin of origins) {
      expect((await call(origin, world, 'GET', '/v1/session/current', bearer(hostToken))).status).toBe(200);
    }
    expect((await call(origins[1]!, world, 'POST', '/__mock/reset')).status).toBe(204);
    for (const origin of origins) {
      expect((await call(origin, world, 'GET', '/v1/session/current', bearer(hostToken))).status).toBe(401);
      expect((await call(origin, world, 'GET', '/__mock/sessions')).body.sessions).toEqual([]);
    }
  });

  test('a fault rule made on one replica fires on all, its times counted once across them', async () => {
    const world = 'faults';
    const { hostToken } = await createSession(origins[0]!, world);
    const rule = { method: 'GET', path: '/v1/session/current', status: 503, times: 4 };
    expect((await call(origins[2]!, world, 'POST', '/__mock/faults', {}, rule)).status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        call(origins[index % 3]!, world, 'GET', '/v1/session/current', bearer(hostToken)),
      ),
    );
    expect(byStatus(answers)).toEqual({ 200: 8, 503: 4 });
    // Used up, the rule is gone on every replica.
    for (const origin of origins) {
      expect((await call(origin, world, 'GET', '/__mock/faults')).body.faults).toEqual([]);
    }
  });
});
