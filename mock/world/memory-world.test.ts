import { describe, expect, test } from 'vitest';
import { success } from '../domain/index.ts';
import { createMemoryWorld, journalMatches, MemorySessionStore, realTimeClock } from './memory-world.ts';
import {
  concurrencyChecks,
  describeWorldContract,
  interleaved,
  seededChance,
  seededRandomSource,
  type WorldSettings,
} from './world-contract.ts';
import type { ClockState, FaultRule, JournalEntry, World, WorldMeta } from './world.ts';

let generations = 0;
const makeWorld = ({ journalSize, journalBytes }: WorldSettings) =>
  createMemoryWorld({
    name: 'contract',
    random: seededRandomSource(1),
    newGeneration: () => `generation-${++generations}`,
    journalSize,
    journalBytes,
    nowMs: 1_700_000_000_000,
  });

describeWorldContract('the in-memory world', makeWorld);

// What a round trip to a shared store looks like to the caller.
const roundTrip = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A world whose every changing operation reads, awaits, then writes: right when
 * calls come one at a time, wrong when they interleave. The contract must see it.
 */
function readAwaitWriteWorld(): World {
  const base = makeWorld({ journalSize: 1000, journalBytes: 1_000_000 });
  const records = new MemorySessionStore();
  const pending = new Map<string, number>();
  const claimed = new Set<string>();
  const rules: FaultRule[] = [];
  const entries: JournalEntry[] = [];
  const hits = new Map<string, number>();
  let sequence = 0;
  let clock: ClockState = realTimeClock;
  let meta: WorldMeta = {
    name: base.name,
    generation: 'g',
    createdAtMs: 0,
    lastUsedMs: 0,
    requestsSeen: 0,
    claimTokenHash: null,
  };
  return {
    ...base,
    sessions: {
      get: (id) => records.get(id),
      list: () => records.list(),
      count: () => records.count(),
      clear: () => records.clear(),
      sweep: (collectable) => records.sweep(collectable),
      async insert(record, limit) {
        const held = await records.count();
        const there = await records.get(record.id);
        await roundTrip();
        if (there) return 'taken';
        if (held >= limit) return 'full';
        await records.update(record.id, () => success({ record, value: undefined }));
        return 'inserted';
      },
      async update(id, change) {
        const current = await records.get(id);
        await roundTrip();
        const outcome = change(current);
        if (outcome.ok) await records.update(id, () => outcome);
        return outcome;
      },
      async claimExpired(now) {
        const due = (await records.list()).filter((record) => record.expiry <= now && !claimed.has(record.id));
        await roundTrip();
        for (const record of due) claimed.add(record.id);
        return due.map((record) => ({ id: record.id, expiry: record.expiry }));
      },
    },
    nonces: {
      async issue(message, expiresAt, limit) {
        const held = pending.size;
        await roundTrip();
        if (held >= limit) pending.delete(pending.keys().next().value!);
        pending.set(message, expiresAt);
        return true;
      },
      async consume(message, now) {
        const expiresAt = pending.get(message);
        await roundTrip();
        pending.delete(message);
        return expiresAt !== undefined && now < expiresAt;
      },
      sweep: () => Promise.resolve(0),
      count: () => Promise.resolve(pending.size),
      clear: () => Promise.resolve(pending.clear()),
    },
    clock: {
      read: () => Promise.resolve(clock),
      async update(change) {
        const current = clock;
        await roundTrip();
        return (clock = change(current));
      },
    },
    faults: {
      add: (request) => {
        const rule = {
          id: rules.length + 1,
          latencyMs: 0,
          reset: false,
          probability: 1,
          remaining: request.times ?? null,
        };
        rules.push(rule);
        return Promise.resolve({ ...rule });
      },
      list: () => Promise.resolve(rules.filter((rule) => rule.remaining !== 0)),
      clear: () => Promise.resolve(void rules.splice(0)),
      remove: (id) => {
        const at = rules.findIndex((rule) => rule.id === id);
        if (at !== -1) rules.splice(at, 1);
        return Promise.resolve(at !== -1);
      },
      isEmpty: () => Promise.resolve(rules.length === 0),
      async fire() {
        const rule = rules.find((candidate) => candidate.remaining !== 0);
        const remaining = rule?.remaining;
        await roundTrip();
        if (rule === undefined) return undefined;
        if (remaining != null) rule.remaining = remaining - 1;
        return { ...rule };
      },
    },
    rateLimits: {
      async hit(key, _nowMs, limit, windowMs) {
        const counted = hits.get(key) ?? 0;
        await roundTrip();
        if (counted >= limit) return { admitted: false, remaining: 0, resetInMs: windowMs };
        hits.set(key, counted + 1);
        return { admitted: true, remaining: limit - counted - 1, resetInMs: windowMs };
      },
      count: () => Promise.resolve(hits.size),
      clear: () => Promise.resolve(hits.clear()),
    },
    journal: {
      async append(record) {
        const next = sequence + 1;
        await roundTrip();
        sequence = next;
        entries.push({ ...record.build(), sequence: next });
        return next;
      },
      list: (query = {}) => Promise.resolve(entries.filter((entry) => journalMatches(entry, query))),
      clear: () => Promise.resolve(void entries.splice(0)),
    },
    meta: () => Promise.resolve(meta),
    async touch(nowMs) {
      const current = meta;
      await roundTrip();
      meta = { ...current, lastUsedMs: nowMs, requestsSeen: current.requestsSeen + 1 };
    },
  };
}

describe('the contract catches a store that reads, awaits, then writes', () => {
  for (const check of concurrencyChecks) {
    test(`it reports a failure of: ${check.name}`, async () => {
      const chance = seededChance(7);
      expect(await check.run(interleaved(readAwaitWriteWorld(), chance), chance)).toEqual(expect.any(String));
    });
  }

  test('the same store passes every check when its calls are made to wait for each other', async () => {
    // So the failures above come from interleaving, not from a store that is simply wrong.
    for (const check of concurrencyChecks) {
      const chance = seededChance(7);
      expect(await check.run(oneAtATime(readAwaitWriteWorld()), chance), check.name).toBeUndefined();
    }
  });
});

/** The world with every store call queued behind the one before it. */
function oneAtATime(world: World): World {
  let queue: Promise<unknown> = Promise.resolve();
  const queued = <S extends object>(store: S): S =>
    new Proxy(store, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const run = queue.then(() => (value as (...a: unknown[]) => unknown).apply(target, args));
          queue = run.catch(() => undefined);
          return run;
        };
      },
    });
  const whole = queued(world);
  return {
    ...world,
    sessions: queued(world.sessions),
    nonces: queued(world.nonces),
    clock: queued(world.clock),
    faults: queued(world.faults),
    rateLimits: queued(world.rateLimits),
    journal: queued(world.journal),
    meta: () => whole.meta(),
    touch: (nowMs) => whole.touch(nowMs),
  };
}
