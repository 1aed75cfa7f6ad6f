/**
 * The one test suite every World implementation must pass (docs/architecture.md,
 * Worlds): each store operation's answers, and the same answers when concurrent
 * operations interleave at every `await` (`interleaved`), so that a store atomic
 * only because Node runs one thing at a time is caught. The concurrency checks
 * are exported on their own so a test can show they fail on a non-atomic store.
 */
import { describe, expect, test } from 'vitest';
import { success, type SessionRecord } from '../domain/index.ts';
import { readyJournalRecord } from './journal-record.ts';
import { WorldStateError } from './world-state.ts';
import type {
  JournalEntry,
  JournalRecord,
  LoadedScenario,
  RandomSource,
  World,
  WorldEvent,
  WorldState,
} from './world.ts';

/** What the suite asks of the world it is given. */
export interface WorldSettings {
  readonly journalSize: number;
  /** Bytes (JSON length of the entries) the journal keeps. */
  readonly journalBytes: number;
}

export type MakeWorld = (settings: WorldSettings) => Promise<World> | World;

export interface WorldContractOptions {
  /** Seeds of the interleaving; each concurrency check runs once per seed. */
  readonly seeds?: readonly number[];
}

const roomyJournal: WorldSettings = { journalSize: 1000, journalBytes: 1_000_000 };

/** A small seeded generator (mulberry32): the same seed interleaves the same way. */
export function seededChance(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded RandomSource for worlds under test (the services' one is a layer below). */
export function seededRandomSource(seed: number): RandomSource {
  let chance = seededChance(seed);
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(chance() * 16).toString(16)).join('');
  return {
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    int: (max) => Math.floor(chance() * (max + 1)),
    pseudonym: () => `Tester ${hex(4)}`,
    address: () => `0x${hex(40)}`,
    reseed: () => {
      chance = seededChance(seed);
    },
  };
}

/** A live session record of one member, begun at `now` (Unix seconds), ending `seconds` later. */
export function sessionRecord(id: string, now: number, seconds = 3600): SessionRecord {
  const wallet = '0x1111111111111111111111111111111111111111';
  return {
    id,
    creatorId: `creator-of-${id}`,
    creatorWallet: wallet,
    createdAt: now,
    expiry: now + seconds,
    maxUsers: 10,
    maxFiles: 0,
    maxTotalMegaBytes: 1024,
    passwordHash: null,
    whitelistEnforced: false,
    whiteList: [],
    members: [
      {
        userId: `creator-of-${id}`,
        wallet,
        name: 'Ada',
        address: wallet,
        role: 'host',
        state: 'active',
        membershipId: 'm1',
      },
    ],
    deletedAt: null,
  };
}

export function journalRecord(index: number, fields: Partial<JournalRecord> = {}): JournalRecord {
  return {
    time: new Date(1_700_000_000_000 + index * 1000).toISOString(),
    method: 'GET',
    path: `/sessions/${index}`,
    query: '',
    status: 200,
    durationMs: 1,
    operationId: 'getSession',
    requestId: `request-${index}`,
    requestHeaders: {},
    responseHeaders: {},
    requestBody: '',
    responseBody: '',
    requestBodyTruncated: false,
    responseBodyTruncated: false,
    ...fields,
  };
}

const sequenceOf = (entry: JournalEntry) => (entry as JournalEntry & { sequence: number }).sequence;

/** Waits for the first event `matches` accepts; event delivery may be asynchronous in a shared store. */
function nextEvent(world: World, matches: (event: WorldEvent) => boolean): Promise<WorldEvent> {
  return new Promise((resolve) => {
    const stop = world.events.subscribe((event) => {
      if (!matches(event)) return;
      stop();
      resolve(event);
    });
  });
}

/**
 * The world with every store operation wrapped so that it yields to the event
 * loop a random number of times (seeded) before it reaches the implementation
 * and again after it answers: concurrent callers then reach it in random order.
 */
export function interleaved(world: World, chance: () => number): World {
  const pause = async () => {
    const microtasks = Math.floor(chance() * 4);
    for (let i = 0; i < microtasks; i++) await Promise.resolve();
    if (chance() < 0.25) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const wrap = <S extends object>(store: S): S =>
    new Proxy(store, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await pause();
          const answer: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
          await pause();
          return answer;
        };
      },
    });
  const whole = wrap(world);
  return {
    name: world.name,
    random: world.random,
    sessions: wrap(world.sessions),
    nonces: wrap(world.nonces),
    clock: wrap(world.clock),
    faults: wrap(world.faults),
    rateLimits: wrap(world.rateLimits),
    journal: wrap(world.journal),
    events: world.events,
    scenario: () => whole.scenario(),
    setScenario: (loaded) => whole.setScenario(loaded),
    meta: () => whole.meta(),
    touch: (nowMs) => whole.touch(nowMs),
    claim: (tokenHash) => whole.claim(tokenHash),
    reset: () => whole.reset(),
    capture: () => whole.capture(),
    restore: (state) => whole.restore(state),
  };
}

/** Runs `count` operations at once, started in a random order. */
async function concurrently<T>(count: number, chance: () => number, operation: (index: number) => Promise<T>) {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(chance() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const answers = new Array<T>(count);
  await Promise.all(order.map(async (index) => (answers[index] = await operation(index))));
  return answers;
}

/** A concurrency check answers what went wrong, or undefined when the world kept its contract. */
export interface ConcurrencyCheck {
  readonly name: string;
  run(world: World, chance: () => number): Promise<string | undefined>;
}

const now = 1_800_000_000;

export const concurrencyChecks: readonly ConcurrencyCheck[] = [
  {
    name: '50 concurrent session updates of one record all land (no lost update)',
    async run(world, chance) {
      await world.sessions.insert(sessionRecord('s', now), 10);
      await concurrently(50, chance, () =>
        world.sessions.update('s', (current) =>
          success({ record: { ...current!, maxFiles: current!.maxFiles + 1 }, value: undefined }),
        ),
      );
      const files = (await world.sessions.get('s'))?.maxFiles;
      return files === 50 ? undefined : `50 increments left maxFiles at ${files}`;
    },
  },
  {
    name: 'concurrent session inserts never pass the limit',
    async run(world, chance) {
      const answers = await concurrently(30, chance, (i) => world.sessions.insert(sessionRecord(`s${i}`, now), 10));
      const inserted = answers.filter((answer) => answer === 'inserted').length;
      const count = await world.sessions.count();
      return inserted === 10 && count === 10 ? undefined : `limit 10: ${inserted} inserts accepted, ${count} held`;
    },
  },
  {
    name: 'concurrent inserts of one id insert it once (replicas with one --seed draw the same ids)',
    async run(world, chance) {
      const answers = await concurrently(20, chance, (i) =>
        world.sessions.insert({ ...sessionRecord('same', now), maxFiles: i }, 10),
      );
      const inserted = answers.filter((answer) => answer === 'inserted').length;
      const taken = answers.filter((answer) => answer === 'taken').length;
      const kept = (await world.sessions.get('same'))?.maxFiles;
      const winner = answers.indexOf('inserted');
      return inserted === 1 && taken === 19 && kept === winner
        ? undefined
        : `20 inserts of one id: ${inserted} inserted, ${taken} taken, the record kept is insert ${kept}'s`;
    },
  },
  {
    name: 'each due expiry claimed by 20 concurrent calls is answered to exactly one of them',
    async run(world, chance) {
      for (const id of ['a', 'b', 'c']) await world.sessions.insert(sessionRecord(id, now, 10), 10);
      const answers = await concurrently(20, chance, () => world.sessions.claimExpired(now + 10));
      const claimed = answers
        .flat()
        .map((due) => due.id)
        .sort();
      return claimed.join() === 'a,b,c' ? undefined : `the claims answered ${claimed.join() || 'nothing'}`;
    },
  },
  {
    name: 'a nonce consumed by 20 concurrent calls is accepted exactly once',
    async run(world, chance) {
      await world.nonces.issue('message', now + 300, 10);
      const answers = await concurrently(20, chance, () => world.nonces.consume('message', now));
      const accepted = answers.filter(Boolean).length;
      return accepted === 1 ? undefined : `the nonce was accepted ${accepted} times`;
    },
  },
  {
    name: 'concurrent nonce issues never hold more than the limit',
    async run(world, chance) {
      await concurrently(30, chance, (i) => world.nonces.issue(`message ${i}`, now + 300, 10));
      const count = await world.nonces.count();
      return count === 10 ? undefined : `limit 10: ${count} nonces held`;
    },
  },
  {
    name: 'a fault rule of times 3 fired by 30 concurrent calls fires exactly 3 times',
    async run(world, chance) {
      await world.faults.add({ status: 503, times: 3 });
      const answers = await concurrently(30, chance, () => world.faults.fire('GET', '/sessions', () => 0));
      const fired = answers.filter((rule) => rule !== undefined).length;
      const left = (await world.faults.list()).length;
      return fired === 3 && left === 0 ? undefined : `fired ${fired} times, ${left} rules left`;
    },
  },
  {
    name: '30 concurrent hits of one key under a limit of 10 admit exactly 10',
    async run(world, chance) {
      const verdicts = await concurrently(30, chance, () => world.rateLimits.hit('client', now * 1000, 10, 60_000));
      const admitted = verdicts.filter((verdict) => verdict.admitted).length;
      return admitted === 10 ? undefined : `limit 10: ${admitted} requests admitted`;
    },
  },
  {
    name: '100 concurrent journal appends get 100 distinct sequence numbers, all kept',
    async run(world, chance) {
      const numbers = await concurrently(100, chance, (i) =>
        world.journal.append(readyJournalRecord(journalRecord(i))),
      );
      const distinct = new Set(numbers).size;
      const kept = new Set((await world.journal.list()).map(sequenceOf));
      const allKept = numbers.every((number) => kept.has(number));
      return distinct === 100 && allKept ? undefined : `${distinct} distinct numbers, all kept: ${allKept}`;
    },
  },
  {
    name: '50 concurrent clock updates all land',
    async run(world, chance) {
      await concurrently(50, chance, () =>
        world.clock.update((state) => ({ ...state, offsetMs: state.offsetMs + 1000 })),
      );
      const { offsetMs } = await world.clock.read();
      return offsetMs === 50_000 ? undefined : `50 moves of 1 s left the offset at ${offsetMs} ms`;
    },
  },
  {
    name: '50 concurrent touches count 50 requests',
    async run(world, chance) {
      const before = (await world.meta()).requestsSeen;
      await concurrently(50, chance, (i) => world.touch(now * 1000 + i));
      const seen = (await world.meta()).requestsSeen - before;
      return seen === 50 ? undefined : `50 touches counted ${seen} requests`;
    },
  },
];

export function describeWorldContract(name: string, makeWorld: MakeWorld, options: WorldContractOptions = {}) {
  const fresh = (settings: WorldSettings = roomyJournal) => Promise.resolve(makeWorld(settings));

  describe(`${name} keeps the World contract`, () => {
    describe('sessions', () => {
      test('get answers an inserted record and undefined for an unknown id', async () => {
        const world = await fresh();
        const record = sessionRecord('a', now);
        expect(await world.sessions.insert(record, 10)).toBe('inserted');
        expect(await world.sessions.get('a')).toEqual(record);
        expect(await world.sessions.get('unknown')).toBeUndefined();
      });

      test('insert refuses a record once the store holds the limit', async () => {
        const world = await fresh();
        expect(await world.sessions.insert(sessionRecord('a', now), 2)).toBe('inserted');
        expect(await world.sessions.insert(sessionRecord('b', now), 2)).toBe('inserted');
        expect(await world.sessions.insert(sessionRecord('c', now), 2)).toBe('full');
        expect(await world.sessions.insert(sessionRecord('a', now), 2)).toBe('taken');
        expect(await world.sessions.get('c')).toBeUndefined();
        expect(await world.sessions.count()).toBe(2);
      });

      test('update stores the record of a successful change and answers its outcome', async () => {
        const world = await fresh();
        await world.sessions.insert(sessionRecord('a', now), 10);
        const outcome = await world.sessions.update('a', (current) =>
          success({ record: { ...current!, maxUsers: 3 }, value: 'changed' }),
        );
        expect(outcome).toMatchObject({ ok: true, value: { value: 'changed' } });
        expect((await world.sessions.get('a'))?.maxUsers).toBe(3);
      });

      test('update keeps the record when the change fails, and sees undefined for an unknown id', async () => {
        const world = await fresh();
        await world.sessions.insert(sessionRecord('a', now), 10);
        const failed = await world.sessions.update('a', () => ({
          ok: false,
          problem: { code: 'session-not-found', detail: 'no' },
        }));
        expect(failed.ok).toBe(false);
        expect((await world.sessions.get('a'))?.maxUsers).toBe(10);
        let seen: SessionRecord | undefined | 'not called' = 'not called';
        await world.sessions.update('unknown', (current) => {
          seen = current;
          return { ok: false, problem: { code: 'session-not-found', detail: 'no' } };
        });
        expect(seen).toBeUndefined();
      });

      test('list answers every record; sweep forgets the collectable ones and counts them', async () => {
        const world = await fresh();
        for (const id of ['a', 'b', 'c'])
          await world.sessions.insert(sessionRecord(id, now, id === 'b' ? 10 : 3600), 10);
        expect((await world.sessions.list()).map((record) => record.id).sort()).toEqual(['a', 'b', 'c']);
        expect(await world.sessions.sweep((record) => record.expiry < now + 100)).toBe(1);
        expect((await world.sessions.list()).map((record) => record.id).sort()).toEqual(['a', 'c']);
        expect(await world.sessions.count()).toBe(2);
      });

      test('claimExpired answers each due session once, with its expiry; sessions due later wait', async () => {
        const world = await fresh();
        await world.sessions.insert(sessionRecord('soon', now, 10), 10);
        await world.sessions.insert(sessionRecord('later', now, 3600), 10);
        expect(await world.sessions.claimExpired(now + 9)).toEqual([]);
        expect(await world.sessions.claimExpired(now + 10)).toEqual([{ id: 'soon', expiry: now + 10 }]);
        expect(await world.sessions.claimExpired(now + 100)).toEqual([]);
        expect(await world.sessions.claimExpired(now + 3600)).toEqual([{ id: 'later', expiry: now + 3600 }]);
        // The records stay: claiming an expiry only decides who announces it.
        expect(await world.sessions.count()).toBe(2);
      });

      test('claimExpired announces each expiry it claims as session-expired, once, in the same operation', async () => {
        const world = await fresh();
        const heard: WorldEvent[] = [];
        world.events.subscribe((event) => {
          if (event.kind === 'session-expired') heard.push(event);
        });
        for (const id of ['a', 'b']) await world.sessions.insert(sessionRecord(id, now, 10), 10);
        await Promise.all([world.sessions.claimExpired(now + 10), world.sessions.claimExpired(now + 10)]);
        expect(await world.sessions.claimExpired(now + 100)).toEqual([]);
        // Events of a world arrive in the order they were sent: past this marker, every announcement has come.
        const marker = nextEvent(world, (event) => event.kind === 'clock-moved');
        await world.events.publish({ kind: 'clock-moved' });
        await marker;
        const byId = (event: WorldEvent) => (event.kind === 'session-expired' ? event.sessionId : '');
        expect(heard.sort((x, y) => byId(x).localeCompare(byId(y)))).toEqual([
          { kind: 'session-expired', sessionId: 'a', expiry: now + 10 },
          { kind: 'session-expired', sessionId: 'b', expiry: now + 10 },
        ]);
      });

      test('claimExpired forgets what sweep and clear forgot; a restore makes its due sessions claimable', async () => {
        const world = await fresh();
        for (const id of ['a', 'b']) await world.sessions.insert(sessionRecord(id, now, 10), 10);
        expect(await world.sessions.sweep((record) => record.id === 'a')).toBe(1);
        expect((await world.sessions.claimExpired(now + 10)).map((due) => due.id)).toEqual(['b']);
        await world.sessions.insert(sessionRecord('c', now, 10), 10);
        const state = await world.capture();
        await world.sessions.clear();
        expect(await world.sessions.claimExpired(now + 10)).toEqual([]);
        await world.restore(state);
        const claimed = (await world.sessions.claimExpired(now + 10)).map((due) => due.id).sort();
        expect(claimed).toEqual(['b', 'c']);
      });

      test('clear forgets every record', async () => {
        const world = await fresh();
        await world.sessions.insert(sessionRecord('a', now), 10);
        await world.sessions.clear();
        expect(await world.sessions.count()).toBe(0);
        expect(await world.sessions.get('a')).toBeUndefined();
      });
    });

    describe('nonces', () => {
      test('issue keeps a message once and refuses the same message while it is pending', async () => {
        const world = await fresh();
        expect(await world.nonces.issue('m', now + 300, 10)).toBe(true);
        expect(await world.nonces.issue('m', now + 300, 10)).toBe(false);
        expect(await world.nonces.count()).toBe(1);
      });

      test('at the limit the message issued first makes room', async () => {
        const world = await fresh();
        for (const message of ['first', 'second', 'third']) await world.nonces.issue(message, now + 300, 2);
        expect(await world.nonces.count()).toBe(2);
        expect(await world.nonces.consume('first', now)).toBe(false);
        expect(await world.nonces.consume('second', now)).toBe(true);
        expect(await world.nonces.consume('third', now)).toBe(true);
      });

      test('consume accepts a pending message once, and an unknown one never', async () => {
        const world = await fresh();
        await world.nonces.issue('m', now + 300, 10);
        expect(await world.nonces.consume('m', now)).toBe(true);
        expect(await world.nonces.consume('m', now)).toBe(false);
        expect(await world.nonces.consume('never issued', now)).toBe(false);
      });

      test('consume refuses an expired message, and it stays refused', async () => {
        const world = await fresh();
        await world.nonces.issue('m', now + 300, 10);
        expect(await world.nonces.consume('m', now + 300)).toBe(false);
        expect(await world.nonces.consume('m', now)).toBe(false);
      });

      test('sweep forgets the expired messages and counts them; clear forgets all', async () => {
        const world = await fresh();
        await world.nonces.issue('soon', now + 10, 10);
        await world.nonces.issue('later', now + 300, 10);
        expect(await world.nonces.sweep(now + 10)).toBe(1);
        expect(await world.nonces.count()).toBe(1);
        expect(await world.nonces.consume('later', now + 10)).toBe(true);
        await world.nonces.issue('again', now + 300, 10);
        await world.nonces.clear();
        expect(await world.nonces.count()).toBe(0);
      });
    });

    describe('clock', () => {
      test('starts at real time and update answers and keeps the changed state', async () => {
        const world = await fresh();
        expect(await world.clock.read()).toEqual({ offsetMs: 0, frozenAtMs: null });
        const moved = await world.clock.update((state) => ({ ...state, offsetMs: state.offsetMs + 5000 }));
        expect(moved).toEqual({ offsetMs: 5000, frozenAtMs: null });
        expect(await world.clock.update((state) => ({ ...state, frozenAtMs: 42 }))).toEqual({
          offsetMs: 5000,
          frozenAtMs: 42,
        });
        expect(await world.clock.read()).toEqual({ offsetMs: 5000, frozenAtMs: 42 });
      });
    });

    describe('faults', () => {
      test('add answers the rule with its defaults and a fresh id; list answers every rule', async () => {
        const world = await fresh();
        expect(await world.faults.isEmpty()).toBe(true);
        const first = await world.faults.add({ method: 'get', path: '/sessions', status: 503 });
        const second = await world.faults.add({ status: 500, times: 2, probability: 0.5, latencyMs: 10, reset: true });
        expect(first).toEqual({
          id: first.id,
          method: 'GET',
          path: '/sessions',
          status: 503,
          latencyMs: 0,
          reset: false,
          probability: 1,
          remaining: null,
        });
        expect(second).toMatchObject({ status: 500, remaining: 2, probability: 0.5, latencyMs: 10, reset: true });
        expect(second.id).not.toBe(first.id);
        expect(await world.faults.list()).toEqual([first, second]);
        expect(await world.faults.isEmpty()).toBe(false);
      });

      test('fire answers the first rule matching method and path, and undefined when none does', async () => {
        const world = await fresh();
        const onPost = await world.faults.add({ method: 'POST', status: 500 });
        const onPath = await world.faults.add({ path: '/sessions/x', status: 404 });
        expect((await world.faults.fire('POST', '/sessions/x', () => 0))?.id).toBe(onPost.id);
        expect((await world.faults.fire('GET', '/sessions/x', () => 0))?.id).toBe(onPath.id);
        expect(await world.faults.fire('GET', '/sessions/y', () => 0)).toBeUndefined();
      });

      test('fire skips a rule when chance is not below its probability', async () => {
        const world = await fresh();
        await world.faults.add({ status: 500, probability: 0.5 });
        expect(await world.faults.fire('GET', '/', () => 0.5)).toBeUndefined();
        expect(await world.faults.fire('GET', '/', () => 0.49)).toMatchObject({ status: 500 });
      });

      test('a rule of times 2 fires twice, then is gone', async () => {
        const world = await fresh();
        await world.faults.add({ status: 500, times: 2 });
        expect(await world.faults.fire('GET', '/', () => 0)).toMatchObject({ remaining: 1 });
        expect(await world.faults.fire('GET', '/', () => 0)).toMatchObject({ remaining: 0 });
        expect(await world.faults.fire('GET', '/', () => 0)).toBeUndefined();
        expect(await world.faults.isEmpty()).toBe(true);
      });

      test('remove forgets one rule by id and answers whether there was one', async () => {
        const world = await fresh();
        const first = await world.faults.add({ status: 500 });
        const second = await world.faults.add({ status: 503 });
        expect(await world.faults.remove(first.id)).toBe(true);
        expect(await world.faults.remove(first.id)).toBe(false);
        expect(await world.faults.list()).toEqual([second]);
      });

      test('clear forgets every rule', async () => {
        const world = await fresh();
        await world.faults.add({ status: 500 });
        await world.faults.clear();
        expect(await world.faults.list()).toEqual([]);
        expect(await world.faults.isEmpty()).toBe(true);
      });
    });

    describe('rate limits', () => {
      const minute = 60_000;
      const t0 = now * 1000;

      test('admits `limit` hits of a key in its window, counting down, then refuses till it closes', async () => {
        const world = await fresh();
        const first = await world.rateLimits.hit('a', t0, 2, minute);
        const second = await world.rateLimits.hit('a', t0 + 1000, 2, minute);
        const third = await world.rateLimits.hit('a', t0 + 2000, 2, minute);
        expect(first).toEqual({ admitted: true, remaining: 1, resetInMs: minute });
        expect(second).toEqual({ admitted: true, remaining: 0, resetInMs: minute - 1000 });
        expect(third).toEqual({ admitted: false, remaining: 0, resetInMs: minute - 2000 });
        expect((await world.rateLimits.hit('a', t0 + minute - 1, 2, minute)).admitted).toBe(false);
        // The window opened by the first hit has closed: a new one opens with this hit.
        expect(await world.rateLimits.hit('a', t0 + minute, 2, minute)).toEqual({
          admitted: true,
          remaining: 1,
          resetInMs: minute,
        });
      });

      test('counts each key on its own', async () => {
        const world = await fresh();
        await world.rateLimits.hit('a', t0, 1, minute);
        expect((await world.rateLimits.hit('a', t0, 1, minute)).admitted).toBe(false);
        expect((await world.rateLimits.hit('b', t0, 1, minute)).admitted).toBe(true);
      });

      test('count answers the keys with an open window, forgetting closed ones; clear forgets all', async () => {
        const world = await fresh();
        await world.rateLimits.hit('a', t0, 5, minute);
        await world.rateLimits.hit('b', t0 + 30_000, 5, minute);
        expect(await world.rateLimits.count(t0 + 30_000)).toBe(2);
        expect(await world.rateLimits.count(t0 + minute)).toBe(1);
        await world.rateLimits.clear();
        expect(await world.rateLimits.count(t0 + minute)).toBe(0);
        expect((await world.rateLimits.hit('b', t0 + minute, 1, minute)).admitted).toBe(true);
      });
    });

    describe('journal', () => {
      test('append answers growing sequence numbers and list answers the entries oldest first', async () => {
        const world = await fresh();
        const numbers = [];
        for (let i = 0; i < 3; i++) numbers.push(await world.journal.append(readyJournalRecord(journalRecord(i))));
        expect(numbers[1]).toBeGreaterThan(numbers[0]!);
        expect(numbers[2]).toBeGreaterThan(numbers[1]!);
        const entries = await world.journal.list();
        expect(entries.map(sequenceOf)).toEqual(numbers);
        expect(entries[0]).toMatchObject(journalRecord(0));
      });

      test('keeps at most journalSize entries, the newest', async () => {
        const world = await fresh({ journalSize: 3, journalBytes: 1_000_000 });
        const numbers = [];
        for (let i = 0; i < 5; i++) numbers.push(await world.journal.append(readyJournalRecord(journalRecord(i))));
        expect((await world.journal.list()).map(sequenceOf)).toEqual(numbers.slice(2));
      });

      test('keeps at most journalBytes of entries, the newest', async () => {
        const world = await fresh({ journalSize: 1000, journalBytes: 1000 });
        const numbers = [];
        for (let i = 0; i < 40; i++) numbers.push(await world.journal.append(readyJournalRecord(journalRecord(i))));
        const entries = await world.journal.list();
        const bytes = entries.reduce((sum, entry) => sum + JSON.stringify(entry).length, 0);
        expect(bytes).toBeLessThanOrEqual(1000);
        expect(entries.length).toBeGreaterThan(1);
        expect(entries.map(sequenceOf)).toEqual(numbers.slice(-entries.length));
      });

      test('list filters by operationId, status, method, after, sinceMs and keeps the last `limit`', async () => {
        const world = await fresh();
        const first = await world.journal.append(readyJournalRecord(journalRecord(0)));
        await world.journal.append(
          readyJournalRecord(journalRecord(1, { method: 'POST', operationId: 'createSession', status: 201 })),
        );
        await world.journal.append(readyJournalRecord(journalRecord(2, { status: 404 })));
        const last = await world.journal.append(
          readyJournalRecord(journalRecord(3, { method: 'DELETE', operationId: null })),
        );
        const paths = async (query: Parameters<World['journal']['list']>[0]) =>
          (await world.journal.list(query)).map((entry) => entry.path);
        expect(await paths({ operationId: 'createSession' })).toEqual(['/sessions/1']);
        expect(await paths({ status: 404 })).toEqual(['/sessions/2']);
        expect(await paths({ method: 'delete' })).toEqual(['/sessions/3']);
        expect(await paths({ after: first })).toEqual(['/sessions/1', '/sessions/2', '/sessions/3']);
        expect(await paths({ after: last })).toEqual([]);
        expect(await paths({ sinceMs: Date.parse(journalRecord(2).time) })).toEqual(['/sessions/2', '/sessions/3']);
        expect(await paths({ limit: 2 })).toEqual(['/sessions/2', '/sessions/3']);
        expect(await paths({ operationId: 'getSession', limit: 1 })).toEqual(['/sessions/2']);
      });

      test("each append is announced to the world's listeners as journal-appended with its number, once", async () => {
        const world = await fresh();
        const heard: number[] = [];
        world.events.subscribe((event) => {
          if (event.kind === 'journal-appended') heard.push(event.sequence);
        });
        const numbers = await Promise.all(
          [0, 1, 2].map((i) => world.journal.append(readyJournalRecord(journalRecord(i)))),
        );
        const last = await world.journal.append(readyJournalRecord(journalRecord(3)));
        // Events of a world arrive in the order they were sent: past this marker, every announcement has come.
        const marker = nextEvent(world, (event) => event.kind === 'clock-moved');
        await world.events.publish({ kind: 'clock-moved' });
        await marker;
        expect(heard.sort((a, b) => a - b)).toEqual([...numbers, last].sort((a, b) => a - b));
      });

      test('clear forgets the entries; numbers go on growing', async () => {
        const world = await fresh();
        const before = await world.journal.append(readyJournalRecord(journalRecord(0)));
        await world.journal.clear();
        expect(await world.journal.list()).toEqual([]);
        expect(await world.journal.append(readyJournalRecord(journalRecord(1)))).toBeGreaterThan(before);
      });
    });

    describe('events', () => {
      test('a subscriber hears events published after it subscribed, until it unsubscribes', async () => {
        const world = await fresh();
        const heard: WorldEvent[] = [];
        const stop = world.events.subscribe((event) => heard.push(event));
        const delivered = nextEvent(world, (event) => event.kind === 'clock-moved');
        await world.events.publish({ kind: 'clock-moved' });
        await delivered;
        expect(heard).toEqual([{ kind: 'clock-moved' }]);
        stop();
        const marker = nextEvent(world, (event) => event.kind === 'faults-changed');
        await world.events.publish({ kind: 'faults-changed' });
        await marker;
        expect(heard).toEqual([{ kind: 'clock-moved' }]);
      });

      test('a throwing listener neither fails publish nor keeps others from hearing', async () => {
        const world = await fresh();
        world.events.subscribe(() => {
          throw new Error('listener failure');
        });
        const heard = nextEvent(world, (event) => event.kind === 'session-created');
        await expect(world.events.publish({ kind: 'session-created', sessionId: 's' })).resolves.toBeUndefined();
        expect(await heard).toEqual({ kind: 'session-created', sessionId: 's' });
      });
    });

    describe('scenario, meta and touch', () => {
      test('scenario is undefined until set, then answers what was set', async () => {
        const world = await fresh();
        expect(await world.scenario()).toBeUndefined();
        const loaded: LoadedScenario = { name: 'empty', loadedAt: now, sessions: [], wallets: [] };
        await world.setScenario(loaded);
        expect(await world.scenario()).toEqual(loaded);
        await world.setScenario(undefined);
        expect(await world.scenario()).toBeUndefined();
      });

      test('meta names the world; touch counts a request and its time of use', async () => {
        const world = await fresh();
        const before = await world.meta();
        expect(before.name).toBe(world.name);
        expect(before.generation).toEqual(expect.any(String));
        await world.touch(before.lastUsedMs + 5000);
        const after = await world.meta();
        expect(after).toMatchObject({
          name: world.name,
          generation: before.generation,
          createdAtMs: before.createdAtMs,
          lastUsedMs: before.lastUsedMs + 5000,
          requestsSeen: before.requestsSeen + 1,
        });
      });
      test('claim sets the hash of the world token, which survives a reset and a restore; null lifts it', async () => {
        const world = await fresh();
        expect((await world.meta()).claimTokenHash).toBeNull();
        await world.claim('a'.repeat(64));
        expect((await world.meta()).claimTokenHash).toBe('a'.repeat(64));
        await world.claim('b'.repeat(64));
        await world.reset();
        await world.restore(await world.capture());
        expect((await world.meta()).claimTokenHash).toBe('b'.repeat(64));
        await world.claim(null);
        expect((await world.meta()).claimTokenHash).toBeNull();
      });
    });

    describe('reset', () => {
      test('forgets every piece of state, sets the clock back and starts a new generation', async () => {
        const world = await fresh();
        const { generation: before } = await world.meta();
        await world.sessions.insert(sessionRecord('a', now), 10);
        await world.nonces.issue('m', now + 300, 10);
        await world.faults.add({ status: 500 });
        await world.rateLimits.hit('client', now * 1000, 1, 60_000);
        await world.journal.append(readyJournalRecord(journalRecord(0)));
        await world.clock.update(() => ({ offsetMs: 9000, frozenAtMs: 1 }));
        await world.setScenario({ name: 'x', loadedAt: now, sessions: [], wallets: [] });
        const announced = nextEvent(world, (event) => event.kind === 'reset');

        const generation = await world.reset();

        await announced;
        expect(generation).not.toBe(before);
        expect((await world.meta()).generation).toBe(generation);
        expect(await world.sessions.count()).toBe(0);
        expect(await world.nonces.count()).toBe(0);
        expect(await world.faults.isEmpty()).toBe(true);
        expect(await world.rateLimits.count(now * 1000)).toBe(0);
        expect(await world.journal.list()).toEqual([]);
        expect(await world.clock.read()).toEqual({ offsetMs: 0, frozenAtMs: null });
        expect(await world.scenario()).toBeUndefined();
      });
    });

    describe('capture and restore', () => {
      /** A world with something in every store a snapshot holds. */
      const furnished = async () => {
        const world = await fresh();
        await world.sessions.insert(sessionRecord('a', now), 10);
        await world.sessions.insert({ ...sessionRecord('b', now), deletedAt: now + 5 }, 10);
        await world.nonces.issue('first', now + 300, 10);
        await world.nonces.issue('second', now + 600, 10);
        await world.faults.add({ path: '/v1/session', status: 503, times: 3 });
        await world.faults.add({ status: 500, probability: 0.5 });
        await world.clock.update(() => ({ offsetMs: 7000, frozenAtMs: null }));
        await world.setScenario({ name: 'x', loadedAt: now, sessions: [], wallets: [] });
        return world;
      };

      test('restore puts back what capture read, into the same world after a reset or into another', async () => {
        const world = await furnished();
        await world.faults.fire('GET', '/v1/session', () => 0);
        const captured = await world.capture();
        expect(captured.faults.map((rule) => rule.remaining)).toEqual([2, null]);
        expect(captured.nonces.map((nonce) => nonce.message)).toEqual(['first', 'second']);

        await world.reset();
        await world.restore(captured);
        expect(await world.capture()).toEqual(captured);
        expect((await world.meta()).generation).toBe(captured.generation);
        expect(await world.nonces.consume('first', now)).toBe(true);
        // A rule added after the restore gets an id none of the restored rules has.
        const added = await world.faults.add({ status: 502 });
        expect(captured.faults.map((rule) => rule.id)).not.toContain(added.id);

        const other = await fresh();
        await other.restore(captured);
        expect(await other.capture()).toEqual(captured);
      });

      test('restore is the one way the clock moves back, and a frozen clock stays frozen', async () => {
        const world = await fresh();
        await world.clock.update(() => ({ offsetMs: 60_000, frozenAtMs: null }));
        const state = { ...(await world.capture()), clock: { offsetMs: -5000, frozenAtMs: 1_234_000 } };
        await world.restore(state);
        expect(await world.clock.read()).toEqual({ offsetMs: -5000, frozenAtMs: 1_234_000 });
      });

      test('restore announces itself and leaves the journal as it was', async () => {
        const world = await furnished();
        await world.journal.append(readyJournalRecord(journalRecord(0)));
        const announced = nextEvent(world, (event) => event.kind === 'restored');
        await world.restore(await world.capture());
        await announced;
        expect((await world.journal.list()).map((entry) => entry.path)).toEqual(['/sessions/0']);
      });

      const broken: [string, (state: WorldState) => WorldState, string][] = [
        ['two sessions with one id', (s) => ({ ...s, sessions: [s.sessions[0]!, s.sessions[0]!] }), '/sessions/1/id'],
        [
          'a creator who is not a member',
          (s) => ({ ...s, sessions: [{ ...s.sessions[0]!, creatorId: 'nobody' }] }),
          '/sessions/0/creatorId',
        ],
        [
          'two members with one wallet',
          (s) => {
            const host = s.sessions[0]!.members[0]!;
            const twin = { ...host, userId: 'twin', role: 'guest' as const };
            return { ...s, sessions: [{ ...s.sessions[0]!, members: [host, twin] }] };
          },
          '/sessions/0/members/1/wallet',
        ],
        ['two nonces with one message', (s) => ({ ...s, nonces: [s.nonces[0]!, s.nonces[0]!] }), '/nonces/1/message'],
        ['two fault rules with one id', (s) => ({ ...s, faults: [s.faults[0]!, s.faults[0]!] }), '/faults/1/id'],
      ];
      for (const [what, breakIt, pointer] of broken) {
        test(`a state with ${what} is refused and the world is left exactly as it was`, async () => {
          const source = await furnished();
          const state = breakIt(await source.capture());
          const world = await fresh();
          await world.sessions.insert(sessionRecord('kept', now), 10);
          await world.faults.add({ status: 418 });
          const before = await world.capture();
          const heard: WorldEvent[] = [];
          world.events.subscribe((event) => heard.push(event));

          const refused = await world.restore(state).then(
            () => undefined,
            (error: unknown) => error,
          );

          expect(refused).toBeInstanceOf(WorldStateError);
          expect((refused as WorldStateError).errors.map((error) => error.pointer)).toContain(pointer);
          expect(await world.capture()).toEqual(before);
          expect(heard).toEqual([]);
        });
      }
    });

    describe('under interleaved concurrent operations', () => {
      for (const check of concurrencyChecks) {
        test(check.name, async () => {
          for (const seed of options.seeds ?? [1, 2, 3]) {
            const chance = seededChance(seed);
            const failure = await check.run(interleaved(await fresh(), chance), chance);
            expect(failure, `seed ${seed}`).toBeUndefined();
          }
        });
      }
    });
  });
}
