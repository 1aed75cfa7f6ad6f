/**
 * The Redis registry on a real redis-server: the in-memory registry's rules
 * (memory-registry.test.ts) where they apply to handles over shared keys, and
 * two registries on one Redis (two replicas) seeing one set of worlds.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedisServer, type RedisServer } from '../../testing/redis-server.ts';
import { readyJournalRecord } from '../journal-record.ts';
import { journalRecord, seededRandomSource, sessionRecord } from '../world-contract.ts';
import type { OpenRefusal, World, WorldEvent } from '../world.ts';
import { worldKeys } from './keys.ts';
import { RedisEventHub } from './redis-events.ts';
import { RedisWorldRegistry, type RedisRegistryOptions } from './redis-registry.ts';
import { defineScripts } from './scripts.ts';

const t0Ms = Math.floor(Date.now() / 1000) * 1000;
const t0 = t0Ms / 1000;
const seconds = (count: number) => t0Ms + count * 1000;

let server: RedisServer;
const connections: Redis[] = [];
const hubs: RedisEventHub[] = [];
let prefixes = 0;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(hubs.map((hub) => hub.close()));
  for (const connection of connections) connection.disconnect();
  await server?.stop();
});

/** A registry on its own connections (a replica); pass the same prefix for replicas of one mock. */
async function registry(options: Partial<RedisRegistryOptions> & { prefix?: string } = {}) {
  const redis = new Redis(server.url);
  const subscriber = new Redis(server.url);
  connections.push(redis, subscriber);
  defineScripts(redis);
  const prefix = options.prefix ?? `registry-${++prefixes}`;
  const hub = await RedisEventHub.start(subscriber, prefix);
  hubs.push(hub);
  let generations = 0;
  const made = await RedisWorldRegistry.create({
    redis,
    hub,
    prefix,
    journalSize: 100,
    newRandom: () => seededRandomSource(1),
    newGeneration: () => `generation-${++generations}-${Math.random()}`,
    nowMs: t0Ms,
    ...options,
  });
  return Object.assign(made, { redis, prefix });
}

async function world(answer: Promise<World | OpenRefusal>): Promise<World> {
  const opened = await answer;
  if (!('name' in opened)) throw new Error(`refused: ${JSON.stringify(opened)}`);
  return opened;
}

const names = async (worlds: RedisWorldRegistry, nowMs = seconds(10)) =>
  (await worlds.list(nowMs)).map((summary) => summary.name);

describe('the Redis world registry', () => {
  test('counts each of 30 requests opening one world in one turn, with one open and one touch sent', async () => {
    const worlds = await registry();
    await world(worlds.openAndTouch('busy', t0Ms));
    const scriptsRun = async () =>
      Number(/cmdstat_evalsha:calls=(\d+)/.exec(await worlds.redis.info('commandstats'))?.[1] ?? 0);
    const before = await scriptsRun();
    const opened = await Promise.all(
      Array.from({ length: 30 }, (_, i) => world(worlds.openAndTouch('busy', t0Ms + i))),
    );
    expect(await scriptsRun()).toBe(before + 2);
    const metas = await Promise.all(opened.map((handle) => handle.meta()));
    // Every handle read the world after all 30 were counted; the world holds 31 requests and the latest time.
    expect(metas.map((meta) => meta.requestsSeen)).toEqual(Array.from({ length: 30 }, () => 31));
    const found = await worlds.find('busy');
    expect(await found?.meta()).toMatchObject({ requestsSeen: 31, lastUsedMs: t0Ms + 29 });
  });

  test('opens a new world for the requests of one turn once, counting them all', async () => {
    const worlds = await registry();
    const opened = await Promise.all(Array.from({ length: 5 }, () => world(worlds.openAndTouch('new', t0Ms))));
    expect(new Set(await Promise.all(opened.map(async (handle) => (await handle.meta()).generation))).size).toBe(1);
    expect((await opened[0]!.meta()).requestsSeen).toBe(5);
  });

  test('holds default from the start and makes a named world once, on open', async () => {
    const worlds = await registry();
    expect((await worlds.find('default'))?.name).toBe('default');
    expect(await worlds.find('a')).toBeUndefined();
    const a = await world(worlds.open('a', t0Ms));
    const generation = (await a.meta()).generation;
    const again = await world(worlds.open('a', seconds(1)));
    expect((await again.meta()).generation).toBe(generation);
    expect(await names(worlds)).toEqual(['a', 'default']);
  });

  test('refuses a name X-Mock-Namespace may not carry', async () => {
    const worlds = await registry();
    expect(() => worlds.open('../etc', t0Ms)).toThrow(RangeError);
  });

  test('opened at once from many requests, a new name makes one world with one generation', async () => {
    const worlds = await registry();
    const opened = await Promise.all(Array.from({ length: 10 }, () => world(worlds.open('a', t0Ms))));
    const generations = await Promise.all(opened.map(async (handle) => (await handle.meta()).generation));
    expect(new Set(generations).size).toBe(1);
    expect(await names(worlds)).toEqual(['a', 'default']);
  });

  test('when full, the least recently used world without live sessions makes room', async () => {
    const worlds = await registry({ maxWorlds: 2 });
    await liveSession(await world(worlds.open('a', seconds(0))), 's', 3600);
    await worlds.open('b', seconds(1));
    await worlds.open('c', seconds(2));
    await world(worlds.open('d', seconds(3)));
    // a is the least recently used, but has a live session: b made room for c, then c for d.
    expect(await names(worlds)).toEqual(['a', 'd', 'default']);
  });

  test('when every world has a live session, open answers a refusal with a Retry-After', async () => {
    const worlds = await registry({ maxWorlds: 1 });
    await liveSession(await world(worlds.open('a', seconds(0))), 's', 30);
    const refusal = await worlds.open('b', seconds(1));
    expect(refusal).toEqual({ reason: 'full', retryAfterSeconds: expect.any(Number) });
    expect((refusal as OpenRefusal).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((refusal as OpenRefusal).retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  test('openAndTouch sends the touch of a known world before the open has answered (one round trip)', async () => {
    const worlds = await registry();
    await world(worlds.openAndTouch('a', seconds(0)));
    const heard: string[] = [];
    const send = worlds.redis.sendCommand.bind(worlds.redis);
    worlds.redis.sendCommand = (command, ...rest) => {
      heard.push(`sent ${command.name}`);
      command.promise.then(
        () => heard.push(`answered ${command.name}`),
        () => heard.push(`failed ${command.name}`),
      );
      return send(command, ...rest);
    };
    const a = await world(worlds.openAndTouch('a', seconds(5))).finally(() => {
      worlds.redis.sendCommand = send;
    });
    expect(heard).toEqual(['sent evalsha', 'sent evalsha', 'answered evalsha', 'answered evalsha']);
    expect(await a.meta()).toMatchObject({ requestsSeen: 2, lastUsedMs: seconds(5) });
    expect(await (await worlds.find('a'))!.meta()).toMatchObject({ requestsSeen: 2, lastUsedMs: seconds(5) });
  });

  test('openAndTouch makes a new world once with one request; when full it refuses and leaves nothing', async () => {
    const worlds = await registry({ maxWorlds: 1 });
    const a = await world(worlds.openAndTouch('a', seconds(0)));
    expect((await (await worlds.find('a'))!.meta()).requestsSeen).toBe(1);
    await liveSession(a, 's', 30);
    expect(await worlds.openAndTouch('b', seconds(1))).toMatchObject({ reason: 'full' });
    expect(await worlds.redis.exists(worldKeys(worlds.prefix, 'b').meta)).toBe(0);
    expect(await names(worlds)).toEqual(['a', 'default']);
  });

  test('delete forgets a named world and its keys, resets default, and answers false for an unknown one', async () => {
    const worlds = await registry();
    const a = await world(worlds.open('a', t0Ms));
    await liveSession(a, 's', 3600);
    const main = await world(worlds.open('default', t0Ms));
    await liveSession(main, 's', 3600);
    expect(await worlds.delete('a')).toBe(true);
    expect(await worlds.find('a')).toBeUndefined();
    expect(await worlds.redis.keys(`${worlds.prefix}:{a}:*`)).toEqual([]);
    expect(await worlds.delete('default')).toBe(true);
    expect(await main.sessions.count()).toBe(0);
    expect(await worlds.delete('never')).toBe(false);
  });

  test('sweepIdle drops the worlds idle too long, never default', async () => {
    const worlds = await registry({ idleSeconds: 60 });
    await world(worlds.open('old', seconds(0)));
    const recent = await world(worlds.open('recent', seconds(0)));
    await recent.touch(seconds(100));
    expect(await worlds.sweepIdle(seconds(120))).toBe(1);
    expect(await names(worlds, seconds(120))).toEqual(['default', 'recent']);
  });

  test('watch hears the events of every world, of worlds opened later too', async () => {
    const worlds = await registry();
    const heard: [string, WorldEvent][] = [];
    const all = new Promise<void>((resolve) =>
      worlds.watch((name, event) => {
        heard.push([name, event]);
        if (heard.length === 2) resolve();
      }),
    );
    await (await world(worlds.open('default', t0Ms))).events.publish({ kind: 'clock-moved' });
    await (await world(worlds.open('later', t0Ms))).events.publish({ kind: 'faults-changed' });
    await all;
    expect(heard).toEqual([
      ['default', { kind: 'clock-moved' }],
      ['later', { kind: 'faults-changed' }],
    ]);
  });

  test('two registries on one Redis (two replicas) share the worlds, their state and their events', async () => {
    const first = await registry({ maxWorlds: 2 });
    const second = await registry({ maxWorlds: 2, prefix: first.prefix });
    const a = await world(first.open('a', seconds(0)));
    await liveSession(a, 's', 3600);
    const seen = await second.find('a');
    expect(await seen?.sessions.get('s')).toEqual(sessionRecord('s', t0, 3600));
    const heard = new Promise<WorldEvent>((resolve) => seen!.events.subscribe(resolve));
    await a.events.publish({ kind: 'session-deleted', sessionId: 's' });
    expect(await heard).toEqual({ kind: 'session-deleted', sessionId: 's' });
    // The bound counts the worlds of both replicas.
    await liveSession(await world(second.open('b', seconds(1))), 's', 3600);
    expect(await first.open('c', seconds(2))).toMatchObject({ reason: 'full' });
  });

  test('sweepIdle trims the journals holding the most until all of them fit the shared byte budget', async () => {
    const worlds = await registry({ journalBytes: 5000 });
    const busy = await world(worlds.open('busy', t0Ms));
    const quiet = await world(worlds.open('quiet', t0Ms));
    for (let i = 0; i < 30; i++) await busy.journal.append(readyJournalRecord(journalRecord(i)));
    for (let i = 0; i < 3; i++) await quiet.journal.append(readyJournalRecord(journalRecord(i)));
    const bytes = async (name: string) =>
      Number(await worlds.redis.hget(worldKeys(worlds.prefix, name).meta, 'journalBytes'));
    expect((await bytes('busy')) + (await bytes('quiet'))).toBeGreaterThan(5000);
    await worlds.sweepIdle(t0Ms);
    expect((await bytes('busy')) + (await bytes('quiet'))).toBeLessThanOrEqual(5000);
    expect(await quiet.journal.list()).toHaveLength(3);
    expect((await busy.journal.list()).length).toBeLessThan(30);
  });
});

/** Gives `target` a session live from t0 for `lifetime` seconds. */
async function liveSession(target: World, id: string, lifetime: number) {
  await target.sessions.insert(sessionRecord(id, t0, lifetime), 100);
}
