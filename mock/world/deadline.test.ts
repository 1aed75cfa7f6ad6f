/** withDeadline: a shared store's calls bounded in time, its worlds wrapped once, its synchronous parts untouched. */
import { describe, expect, test } from 'vitest';
import { createRandomSource } from '../services/index.ts';
import { withDeadline } from './deadline.ts';
import { interceptRegistry } from './intercepted-store.ts';
import { createMemoryRegistry } from './memory-registry.ts';
import { StoreUnavailableError } from './store-errors.ts';

const registry = () =>
  createMemoryRegistry({
    journalSize: 10,
    newRandom: () => createRandomSource(undefined),
    newGeneration: () => crypto.randomUUID(),
    nowMs: 0,
  });

describe('withDeadline', () => {
  test('passes answers through, and gives the same wrapped world for the same world', async () => {
    const bounded = withDeadline(registry(), 1000);
    const opened = await bounded.open('a', 0);
    if ('reason' in opened) throw new Error('not full');
    expect(await bounded.find('a')).toBe(opened);
    expect(opened.name).toBe('a');
    expect(typeof opened.random.uuid()).toBe('string');
    const heard: string[] = [];
    const stop = opened.events.subscribe((event) => heard.push(event.kind));
    await opened.faults.add({ status: 500 });
    await opened.events.publish({ kind: 'faults-changed' });
    stop();
    expect(heard).toEqual(['faults-changed']);
    expect(await opened.faults.list()).toHaveLength(1);
  });

  test('a call that does not answer in time fails with StoreUnavailableError', async () => {
    let hang = false;
    const never = new Promise<never>(() => undefined);
    const stalled = interceptRegistry(registry(), <T>(call: () => Promise<T>) => (hang ? never : call()));
    const bounded = withDeadline(stalled, 20);
    const opened = await bounded.open('a', 0);
    if ('reason' in opened) throw new Error('not full');
    hang = true;
    await expect(opened.sessions.count()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(bounded.list(0)).rejects.toThrow('The store did not answer within 20 ms.');
  });
});
