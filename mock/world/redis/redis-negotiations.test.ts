/**
 * The hub's connection tokens (NegotiationStore): the same cases for this process's
 * memory (mock/hub/negotiations.ts) and for Redis on a real redis-server, where two
 * connections stand for two replicas.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NegotiationBook } from '../../hub/negotiations.ts';
import { startRedisServer, type RedisServer } from '../../testing/redis-server.ts';
import type { NegotiationStore } from '../world.ts';
import { RedisNegotiationStore } from './redis-negotiations.ts';

let server: RedisServer;
const connections: Redis[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  connections.push(new Redis(server.url), new Redis(server.url));
});
afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  await server?.stop();
});

/** Two handles on one store: two replicas for Redis, the same book twice in memory. */
const stores: [string, () => [NegotiationStore, NegotiationStore]][] = [
  [
    'in memory',
    () => {
      const book = new NegotiationBook();
      return [book, book];
    },
  ],
  [
    'in Redis',
    () => [new RedisNegotiationStore(connections[0]!, 'test'), new RedisNegotiationStore(connections[1]!, 'test')],
  ],
];
let tokens = 0;
const freshToken = () => `token-${++tokens}-${Date.now()}`;

describe.for(stores)('connection tokens %s', ([, make]) => {
  test('a token put through one handle is taken once through another, and never again', async () => {
    const [one, other] = make();
    const token = freshToken();
    await one.put(token, 60_000);
    expect(await other.take(token)).toBe(true);
    expect(await other.take(token)).toBe(false);
    expect(await one.take(token)).toBe(false);
  });

  test('a token never put is not taken', async () => {
    const [one] = make();
    expect(await one.take(freshToken())).toBe(false);
  });

  test('a token past its time to live is not taken', async () => {
    const [one, other] = make();
    const token = freshToken();
    await one.put(token, 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await other.take(token)).toBe(false);
  });

  test('20 concurrent takes of one token through two handles: exactly one gets it', async () => {
    const [one, other] = make();
    const token = freshToken();
    await one.put(token, 60_000);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : other).take(token)));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});

test('a Redis token key carries its time to live, so Redis forgets tokens nobody takes', async () => {
  const token = freshToken();
  await new RedisNegotiationStore(connections[0]!, 'test').put(token, 60_000);
  const ttl = await connections[0]!.pttl(`test:negotiation:${token}`);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(60_000);
});
