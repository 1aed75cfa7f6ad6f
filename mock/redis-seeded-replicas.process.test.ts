/**
 * Two replicas started with one --seed on one Redis draw the same session ids, in the same order. Sessions
 * created on both at once are all kept: the store inserts an id once (`SessionStore.insert` answers 'taken'
 * to the other, which draws again), so no replica overwrites a session the other just made.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configDefaults } from './config.ts';
import { callJson } from './testing/json-call.ts';
import { startReplicas, type Replica } from './testing/mock-replicas.ts';
import { startRedisServer, type RedisServer } from './testing/redis-server.ts';

const apiKey = configDefaults.apiKeys[0]!;

let redis: RedisServer;
let replicas: Replica[];
beforeAll(async () => {
  redis = await startRedisServer();
  replicas = await startReplicas(2, redis.url, ['--seed', '7']);
}, 60_000);
afterAll(async () => {
  await Promise.all((replicas ?? []).map((replica) => replica.process.stop()));
  await redis?.stop();
});

async function create(origin: string): Promise<{ sessionId: string; token: string }> {
  const minted = await callJson(origin, 'POST', '/__mock/wallet-token', {}, {});
  const created = await callJson(
    origin,
    'POST',
    '/v1/session',
    { authorization: `Bearer ${minted.body.token as string}`, 'x-api-key': apiKey },
    {},
  );
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return { sessionId: created.body.sessionId as string, token: created.body.credentials.token as string };
}

describe('two replicas started with one --seed', () => {
  test('keep every session created on both at once, each under an id of its own', async () => {
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => create(replicas[i % 2]!.origin)));
    expect(new Set(created.map((session) => session.sessionId)).size).toBe(40);
    for (const [i, { sessionId, token }] of created.entries()) {
      const current = await callJson(replicas[(i + 1) % 2]!.origin, 'GET', '/v1/session/current', {
        authorization: `Bearer ${token}`,
      });
      expect(current.status).toBe(200);
      expect(current.body.id).toBe(sessionId);
    }
  });
});
