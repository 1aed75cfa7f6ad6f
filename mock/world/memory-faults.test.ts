/** The world's fault rules in memory (mock/world/memory-world.ts): matching, firing, chance and copies. */
import { describe, expect, test } from 'vitest';
import { MemoryFaultStore } from './memory-world.ts';

/** A store whose `fire` draws from `chance`. */
function rulesWith(chance: () => number) {
  const store = new MemoryFaultStore();
  return {
    add: store.add.bind(store),
    list: store.list.bind(store),
    clear: store.clear.bind(store),
    isEmpty: store.isEmpty.bind(store),
    fire: (method: string, path: string) => store.fire(method, path, chance),
  };
}

describe('MemoryFaultStore', () => {
  test('a rule without method and path matches everything; the first matching rule fires', async () => {
    const rules = rulesWith(() => 0);
    const first = await rules.add({ path: '/v1/session', status: 500 });
    const second = await rules.add({ status: 503 });
    expect((await rules.fire('POST', '/v1/session'))?.id).toBe(first.id);
    expect((await rules.fire('GET', '/v1/session/current'))?.id).toBe(second.id);
  });

  test('matches the method case-insensitively as given and the path exactly', async () => {
    const rules = rulesWith(() => 0);
    await rules.add({ method: 'get', path: '/v1/session/current', status: 503 });
    expect(await rules.fire('GET', '/v1/session/current')).toBeDefined();
    expect(await rules.fire('DELETE', '/v1/session/current')).toBeUndefined();
    expect(await rules.fire('GET', '/v1/session/current/kick')).toBeUndefined();
  });

  test('`times` limits the firings, and a used-up rule disappears', async () => {
    const rules = rulesWith(() => 0);
    await rules.add({ status: 500, times: 2 });
    expect((await rules.list())[0]!.remaining).toBe(2);
    expect(await rules.fire('GET', '/x')).toBeDefined();
    expect((await rules.list())[0]!.remaining).toBe(1);
    expect(await rules.fire('GET', '/x')).toBeDefined();
    expect(await rules.fire('GET', '/x')).toBeUndefined();
    expect(await rules.isEmpty()).toBe(true);
  });

  test.for([
    [0.5, 0.49, true],
    [0.5, 0.5, false],
    [0, 0, false],
    [1, 0.999, true],
  ] as const)('with probability %s and a draw of %s it fires: %s', async ([probability, draw, fires]) => {
    const rules = rulesWith(() => draw);
    await rules.add({ status: 500, probability });
    expect((await rules.fire('GET', '/x')) !== undefined).toBe(fires);
  });

  test('a rule that does not fire by chance keeps its remaining firings', async () => {
    const rules = rulesWith(() => 0.9);
    await rules.add({ status: 500, probability: 0.5, times: 1 });
    expect(await rules.fire('GET', '/x')).toBeUndefined();
    expect((await rules.list())[0]!.remaining).toBe(1);
  });

  test('defaults: no latency, no reset, probability 1, unlimited; clear removes all', async () => {
    const rules = rulesWith(Math.random);
    expect(await rules.add({ status: 418 })).toEqual({
      id: 1,
      status: 418,
      latencyMs: 0,
      reset: false,
      probability: 1,
      remaining: null,
    });
    await rules.clear();
    expect(await rules.list()).toEqual([]);
  });

  test('list answers copies, so callers cannot change the rules', async () => {
    const rules = rulesWith(Math.random);
    await rules.add({ status: 500, times: 1 });
    (await rules.list())[0]!.remaining = 99;
    expect((await rules.list())[0]!.remaining).toBe(1);
  });
});
