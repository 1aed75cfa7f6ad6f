import { describe, expect, test } from 'vitest';
import { failure, openSession, resolveRules, success, type SessionRecord } from '../domain/index.ts';
import { MemorySessionStore } from './session-store.ts';

function record(id: string, expiryDurationInSeconds = 3600): SessionRecord {
  return openSession({
    id,
    rules: resolveRules({ rules: { expiryDurationInSeconds } }),
    passwordHash: null,
    creator: { userId: 'u', wallet: '0x1', name: 'n', address: '0x1', membershipId: 'm' },
    now: 1000,
  });
}

describe('MemorySessionStore', () => {
  test('inserts up to the limit and no further', async () => {
    const store = new MemorySessionStore();
    expect(await store.insert(record('a'), 2)).toBe(true);
    expect(await store.insert(record('b'), 2)).toBe(true);
    expect(await store.insert(record('c'), 2)).toBe(false);
    expect(store.size).toBe(2);
    expect(await store.get('c')).toBeUndefined();
  });

  test('update stores the record a successful change answers, and nothing on failure', async () => {
    const store = new MemorySessionStore();
    await store.insert(record('a'), 10);
    const changed = await store.update('a', (current) =>
      success({ record: { ...current!, maxUsers: 3 }, value: 'done' }),
    );
    expect(changed.ok).toBe(true);
    expect((await store.get('a'))!.maxUsers).toBe(3);
    const refused = await store.update('a', (current) =>
      current ? failure('session-full', 'no') : failure('session-not-found', 'no'),
    );
    expect(refused.ok ? undefined : refused.problem.code).toBe('session-full');
    expect((await store.get('a'))!.maxUsers).toBe(3);
  });

  test('update hands undefined to the change for an unknown id', async () => {
    const store = new MemorySessionStore();
    let seen: SessionRecord | undefined | null = null;
    await store.update('nope', (current) => {
      seen = current;
      return failure('session-not-found', 'no');
    });
    expect(seen).toBeUndefined();
  });

  test('sweep forgets exactly what the predicate names; clear forgets all', async () => {
    const store = new MemorySessionStore();
    await store.insert(record('short', 60), 10);
    await store.insert(record('long', 3600), 10);
    expect(await store.sweep((r) => r.expiry < 2000)).toBe(1);
    expect((await store.list()).map((r) => r.id)).toEqual(['long']);
    await store.clear();
    expect(store.size).toBe(0);
  });
});
