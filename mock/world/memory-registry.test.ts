import { describe, expect, test } from 'vitest';
import { createMemoryRegistry, registryDefaults, type MemoryRegistryOptions } from './memory-registry.ts';
import { readyJournalRecord } from './journal-record.ts';
import { journalRecord, seededRandomSource, sessionRecord } from './world-contract.ts';
import type { OpenRefusal, World, WorldEvent } from './world.ts';

const t0Ms = 1_800_000_000_000;
const t0 = t0Ms / 1000;
const seconds = (count: number) => t0Ms + count * 1000;

function registry(options: Partial<MemoryRegistryOptions> = {}) {
  let generations = 0;
  return createMemoryRegistry({
    journalSize: 100,
    newRandom: () => seededRandomSource(1),
    newGeneration: () => `generation-${++generations}`,
    nowMs: t0Ms,
    ...options,
  });
}

async function world(answer: Promise<World | OpenRefusal>): Promise<World> {
  const opened = await answer;
  if (!('name' in opened)) throw new Error(`refused: ${JSON.stringify(opened)}`);
  return opened;
}

/** Gives `world` a session live from t0 for `lifetime` seconds. */
async function liveSession(target: World, id: string, lifetime: number) {
  await target.sessions.insert(sessionRecord(id, t0, lifetime), 100);
}

describe('the in-memory world registry', () => {
  test('holds default from the start and makes a named world once, on open', async () => {
    const worlds = registry();
    expect((await worlds.find('default'))?.name).toBe('default');
    expect(await worlds.find('a')).toBeUndefined();
    const a = await world(worlds.open('a', t0Ms));
    expect(await worlds.open('a', seconds(1))).toBe(a);
    expect(await worlds.find('a')).toBe(a);
  });

  test('openAndTouch opens a world and counts one request in it; a refusal counts none', async () => {
    const worlds = registry({ maxWorlds: 1 });
    const a = await world(worlds.openAndTouch('a', seconds(5)));
    expect(await a.meta()).toMatchObject({ requestsSeen: 1, lastUsedMs: seconds(5) });
    await liveSession(a, 's', 30);
    expect(await worlds.openAndTouch('b', seconds(6))).toMatchObject({ reason: 'full' });
    expect(await worlds.find('b')).toBeUndefined();
  });

  test('refuses a name X-Mock-Namespace may not carry', () => {
    expect(() => registry().open('../etc', t0Ms)).toThrow(RangeError);
  });

  test('opened at once from many requests, a new name makes one world', async () => {
    const worlds = registry();
    const opened = await Promise.all(Array.from({ length: 10 }, () => worlds.open('a', t0Ms)));
    expect(new Set(opened).size).toBe(1);
  });

  test('opened at once from many requests when the registry is full, a new name makes one world', async () => {
    const worlds = registry({ maxWorlds: 2 });
    await worlds.open('a', seconds(0));
    await worlds.open('b', seconds(1));
    const opened = await Promise.all(Array.from({ length: 10 }, () => worlds.open('c', seconds(2))));
    expect(new Set(opened).size).toBe(1);
    expect(await worlds.find('c')).toBe(opened[0]);
    // Room for one world was made once: the older of the two went, the other stays.
    expect(await worlds.find('b')).toBeDefined();
  });

  test('when full, the least recently used world makes room', async () => {
    const worlds = registry({ maxWorlds: 2 });
    const a = await world(worlds.open('a', seconds(0)));
    await worlds.open('b', seconds(1));
    await worlds.open('a', seconds(2));
    await world(worlds.open('c', seconds(3)));
    expect(await worlds.find('b')).toBeUndefined();
    expect(await worlds.find('a')).toBe(a);
    expect((await worlds.list(seconds(3))).map((summary) => summary.name)).toEqual(['a', 'c', 'default']);
  });

  test('when full, a world with live sessions is passed over for an older-used one without', async () => {
    const worlds = registry({ maxWorlds: 2 });
    await liveSession(await world(worlds.open('a', seconds(0))), 's', 3600);
    const b = await world(worlds.open('b', seconds(1)));
    const heard: WorldEvent[] = [];
    b.events.subscribe((event) => heard.push(event));
    await world(worlds.open('c', seconds(2)));
    expect(await worlds.find('a')).toBeDefined();
    expect(await worlds.find('b')).toBeUndefined();
    // The dropped world's listeners (the hub) hear it end.
    expect(heard).toEqual([{ kind: 'reset' }]);
  });

  test('a world whose sessions all ended makes room, judged by its own virtual clock', async () => {
    const worlds = registry({ maxWorlds: 1 });
    const a = await world(worlds.open('a', seconds(0)));
    await liveSession(a, 's', 3600);
    await a.clock.update((state) => ({ ...state, offsetMs: 3600_000 }));
    await world(worlds.open('b', seconds(1)));
    expect(await worlds.find('a')).toBeUndefined();
  });

  test('when every world has live sessions, refuses with the seconds until the first world is free', async () => {
    const worlds = registry({ maxWorlds: 2 });
    await liveSession(await world(worlds.open('a', seconds(0))), 's', 100);
    const b = await world(worlds.open('b', seconds(0)));
    await liveSession(b, 'short', 50);
    await liveSession(b, 'long', 300);
    // a is free when its one session ends (90 s after t0 + 10 s); b only when its longest does.
    expect(await worlds.open('c', seconds(10))).toEqual({ reason: 'full', retryAfterSeconds: 90 });
    expect(await worlds.find('c')).toBeUndefined();
    expect(await world(worlds.open('c', seconds(101)))).toBeDefined();
    expect(await worlds.find('a')).toBeUndefined();
  });

  test('refuses with a fixed Retry-After when only frozen clocks keep the worlds', async () => {
    const worlds = registry({ maxWorlds: 1 });
    const a = await world(worlds.open('a', seconds(0)));
    await liveSession(a, 's', 100);
    await a.clock.update(() => ({ offsetMs: 0, frozenAtMs: seconds(0) }));
    expect(await worlds.open('b', seconds(500))).toEqual({
      reason: 'full',
      retryAfterSeconds: registryDefaults.frozenRetryAfterSeconds,
    });
  });

  test('concurrent opens of new names never hold more than maxWorlds', async () => {
    const worlds = registry({ maxWorlds: 3 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => worlds.open(`w${i}`, seconds(i))));
    expect((await worlds.list(seconds(20))).filter((summary) => summary.name !== 'default')).toHaveLength(3);
  });

  test('default takes no room and is never dropped to make room', async () => {
    const worlds = registry({ maxWorlds: 1 });
    const fallback = await worlds.find('default');
    await world(worlds.open('a', seconds(0)));
    await world(worlds.open('b', seconds(1)));
    expect(await worlds.find('default')).toBe(fallback);
    expect(await worlds.find('a')).toBeUndefined();
  });

  test('sweepIdle drops worlds unused (opened or touched) for over idleSeconds, never default', async () => {
    const worlds = registry({ idleSeconds: 60 });
    await worlds.open('opened-early', seconds(0));
    await worlds.open('opened-late', seconds(50));
    const touched = await world(worlds.open('touched-late', seconds(0)));
    await touched.touch(seconds(90));
    expect(await worlds.sweepIdle(seconds(100))).toBe(1);
    expect(await worlds.find('opened-early')).toBeUndefined();
    expect(await worlds.find('opened-late')).toBeDefined();
    expect(await worlds.find('touched-late')).toBeDefined();
    expect(await worlds.find('default')).toBeDefined();
    expect(await worlds.sweepIdle(seconds(50 + 60))).toBe(0);
    expect(await worlds.sweepIdle(seconds(50 + 61))).toBe(1);
    expect(await worlds.find('opened-late')).toBeUndefined();
  });

  test('delete forgets a named world whole, and answers false for an unknown one', async () => {
    const worlds = registry();
    const a = await world(worlds.open('a', t0Ms));
    await liveSession(a, 's', 100);
    expect(await worlds.delete('a')).toBe(true);
    expect(await worlds.find('a')).toBeUndefined();
    expect(await worlds.delete('a')).toBe(false);
    const again = await world(worlds.open('a', t0Ms));
    expect(again).not.toBe(a);
    expect(await again.sessions.count()).toBe(0);
  });

  test('delete of default empties it and starts a new generation instead', async () => {
    const worlds = registry();
    const fallback = (await worlds.find('default'))!;
    const { generation } = await fallback.meta();
    await liveSession(fallback, 's', 100);
    expect(await worlds.delete('default')).toBe(true);
    expect(await worlds.find('default')).toBe(fallback);
    expect(await fallback.sessions.count()).toBe(0);
    expect((await fallback.meta()).generation).not.toBe(generation);
  });

  test('list answers every world by name with its live sessions, clock offset and use', async () => {
    const worlds = registry();
    const a = await world(worlds.open('a', seconds(0)));
    await liveSession(a, 'live', 3600);
    await liveSession(a, 'ended', 10);
    await a.clock.update((state) => ({ ...state, offsetMs: 60_000 }));
    await a.touch(seconds(5));
    const summaries = await worlds.list(seconds(5));
    expect(summaries.map((summary) => summary.name)).toEqual(['a', 'default']);
    expect(summaries[0]).toEqual({
      name: 'a',
      generation: (await a.meta()).generation,
      createdAtMs: seconds(0),
      lastUsedMs: seconds(5),
      requestsSeen: 1,
      claimTokenHash: null,
      liveSessions: 1,
      clockOffsetSeconds: 60,
    });
    expect(summaries[1]).toMatchObject({ name: 'default', liveSessions: 0, clockOffsetSeconds: 0 });
  });

  test('all journals together keep at most journalBytes; the busiest gives up its oldest entries', async () => {
    const worlds = registry({ journalBytes: 3000 });
    const quiet = await world(worlds.open('quiet', t0Ms));
    const busy = await world(worlds.open('busy', t0Ms));
    await quiet.journal.append(readyJournalRecord(journalRecord(0, { path: '/quiet' })));
    for (let i = 0; i < 100; i++)
      await busy.journal.append(readyJournalRecord(journalRecord(i + 1, { path: `/busy/${i}` })));
    expect(worlds.journalBytesHeld).toBeLessThanOrEqual(3000);
    expect(worlds.journalBytesHeld).toBeGreaterThan(2000);
    expect((await quiet.journal.list()).map((entry) => entry.path)).toEqual(['/quiet']);
    const busyPaths = (await busy.journal.list()).map((entry) => entry.path);
    expect(busyPaths.at(-1)).toBe('/busy/99');
    expect(busyPaths.length).toBeLessThan(100);
    await worlds.delete('busy');
    // Entries are weighed without building their JSON: within a few bytes of its length.
    const json = JSON.stringify((await quiet.journal.list())[0]).length;
    expect(Math.abs(worlds.journalBytesHeld - json)).toBeLessThanOrEqual(json * 0.02);
  });
});
