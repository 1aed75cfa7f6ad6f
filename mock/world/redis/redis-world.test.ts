/**
 * The Redis world against the shared World contract (world-contract.ts), on a
 * real redis-server started for this file: the same cases as the in-memory
 * world, concurrency included, once with plain handles and once with handles
 * opened for one request (which keep what `touch` read until they change something).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedisServer, type RedisServer } from '../../testing/redis-server.ts';
import { success } from '../../domain/index.ts';
import { readyJournalRecord } from '../journal-record.ts';
import {
  describeWorldContract,
  journalRecord,
  seededRandomSource,
  sessionRecord,
  type WorldSettings,
} from '../world-contract.ts';
import { worldKeys } from './keys.ts';
import { RedisEventHub } from './redis-events.ts';
import { createRedisWorld, initRedisWorld, storeBatches } from './redis-world.ts';
import { defineScripts } from './scripts.ts';

let server: RedisServer;
let redis: Redis;
let subscriber: Redis;
let hub: RedisEventHub;
let worlds = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  subscriber = new Redis(server.url);
  defineScripts(redis);
  hub = await RedisEventHub.start(subscriber, 'test');
});

afterAll(async () => {
  await hub?.close();
  subscriber?.disconnect();
  redis?.disconnect();
  await server?.stop();
});

const makeWorld =
  (primed: boolean) =>
  async ({ journalSize, journalBytes }: WorldSettings) => {
    const name = `world-${++worlds}`;
    let generations = 0;
    await initRedisWorld(redis, 'test', name, 1_700_000_000_000, `${name}-generation-0`);
    return createRedisWorld({
      redis,
      hub,
      prefix: 'test',
      name,
      random: seededRandomSource(1),
      newGeneration: () => `${name}-generation-${++generations}`,
      batches: storeBatches(redis, 'test', journalSize, journalBytes),
      primed,
    });
  };

describeWorldContract('the Redis world', makeWorld(false));
describeWorldContract('the Redis world through a handle opened for one request', makeWorld(true));

describe('the Redis world, beyond the contract', () => {
  const now = Math.floor(Date.now() / 1000);

  test('a session key expires when its token lifetime ends, moves with the clock, stays while frozen', async () => {
    const world = await makeWorld(false)({ journalSize: 10, journalBytes: 10_000 });
    const key = worldKeys('test', world.name).sessionPrefix + 's';
    await world.sessions.insert(sessionRecord('s', now, 60), 10);
    // Expiry + the hour of token grace (docs/rules.md §12), in real ms.
    const expected = (now + 60 + 3600) * 1000;
    expect(Math.abs((await redis.pexpiretime(key)) - expected)).toBeLessThan(1000);
    await world.clock.update((state) => ({ ...state, offsetMs: state.offsetMs + 600_000 }));
    expect(Math.abs((await redis.pexpiretime(key)) - (expected - 600_000))).toBeLessThan(1000);
    await world.clock.update((state) => ({ ...state, frozenAtMs: Date.now() }));
    expect(await redis.pexpiretime(key)).toBe(-1);
  });

  test('a session whose token lifetime ended is gone from Redis, and from count and list', async () => {
    const world = await makeWorld(false)({ journalSize: 10, journalBytes: 10_000 });
    await world.sessions.insert(sessionRecord('old', now - 7200, 60), 10);
    await world.sessions.insert(sessionRecord('new', now, 60), 10);
    expect(await redis.exists(worldKeys('test', world.name).sessionPrefix + 'old')).toBe(0);
    expect(await world.sessions.count()).toBe(1);
    expect((await world.sessions.list()).map((record) => record.id)).toEqual(['new']);
  });

  /** Calls of `command` redis-server has run so far. */
  const calls = async (command: string) =>
    Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(await redis.info('commandstats'))?.[1] ?? 0);

  test('a handle of one request reads a record once however often it is asked, and again after a change', async () => {
    const world = await makeWorld(true)({ journalSize: 10, journalBytes: 10_000 });
    await world.sessions.insert(sessionRecord('s', now), 10);
    const before = await calls('mget');
    await world.sessions.get('s');
    await world.sessions.get('s');
    expect((await calls('mget')) - before).toBe(1);
    await world.sessions.update('s', (current) => success({ record: { ...current!, maxUsers: 3 }, value: undefined }));
    expect((await world.sessions.get('s'))?.maxUsers).toBe(3);
  });

  test('the session reads and the journal appends of one turn go in one command each', async () => {
    const first = await makeWorld(false)({ journalSize: 10, journalBytes: 10_000 });
    for (const id of ['a', 'b', 'c']) await first.sessions.insert(sessionRecord(id, now), 10);
    const [reads, scripts] = [await calls('mget'), await calls('evalsha')];
    const records = await Promise.all(['a', 'b', 'c', 'missing'].map((id) => first.sessions.get(id)));
    const numbers = await Promise.all([0, 1, 2].map((i) => first.journal.append(readyJournalRecord(journalRecord(i)))));
    expect(records.map((record) => record?.id)).toEqual(['a', 'b', 'c', undefined]);
    expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2]);
    expect([(await calls('mget')) - reads, (await calls('evalsha')) - scripts]).toEqual([1, 1]);
  });

  test('each due expiry is claimed by exactly one of many concurrent claimers', async () => {
    const world = await makeWorld(false)({ journalSize: 10, journalBytes: 10_000 });
    for (const id of ['a', 'b', 'c']) await world.sessions.insert(sessionRecord(id, now, 10), 10);
    await world.sessions.insert(sessionRecord('later', now, 1000), 10);
    const claims = await Promise.all(Array.from({ length: 12 }, () => world.sessions.claimExpired(now + 10)));
    expect(
      claims
        .flat()
        .map((due) => due.id)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
  });
});
