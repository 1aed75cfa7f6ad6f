/**
 * A shared store out of reach: every call that needs it is a 503 `store-unavailable` with Retry-After, on the
 * API, the control plane and the hub's negotiate step, within the store deadline even when the store hangs;
 * `GET /__mock/health` names the dependency that is down and `GET /healthz` answers 503; all recover by
 * themselves. The store here is the in-memory one put out of service by a test double
 * (mock/world/intercepted-store.ts): this tests how the mock answers an outage, not a store.
 */
import { request } from 'undici';
import { describe, expect, test } from 'vitest';
import { configDefaults } from '../config.ts';
import type { SharedStore } from '../http/app.ts';
import { unexpectedErrorCount } from '../process-guard.ts';
import { createRandomSource } from '../services/index.ts';
import { harness, specViolations, startMs, type Call } from '../testing/harness.ts';
import { interceptRegistry } from '../world/intercepted-store.ts';
import { createMemoryRegistry } from '../world/memory-registry.ts';
import { StoreUnavailableError } from '../world/store-errors.ts';

type Mode = 'up' | 'failing' | 'hanging';

/** A memory store that can be made to fail each call (as a store client does) or to never answer. */
function switchableStore(): SharedStore & { mode: Mode } {
  const registry = createMemoryRegistry({
    journalSize: configDefaults.journalSize,
    newRandom: () => createRandomSource(undefined),
    newGeneration: () => crypto.randomUUID(),
    nowMs: startMs,
  });
  const never = new Promise<never>(() => undefined);
  const store: SharedStore & { mode: Mode } = {
    mode: 'up',
    kind: 'redis' as const,
    registry: interceptRegistry(registry, <T>(call: () => Promise<T>): Promise<T> => {
      if (store.mode === 'failing') return Promise.reject(new StoreUnavailableError('Connection refused.'));
      return store.mode === 'hanging' ? never : call();
    }),
    health: {
      check: () =>
        store.mode === 'up'
          ? Promise.resolve({ up: true })
          : store.mode === 'failing'
            ? Promise.resolve({ up: false, detail: 'Connection refused.' })
            : never,
    },
  };
  return store;
}

const current: Call = { method: 'GET', url: '/v1/session/current', headers: { authorization: 'Bearer x.y.z' } };

describe('a shared store out of reach', () => {
  test.for(['failing', 'hanging'] as const)(
    'while the store is %s, API and control calls answer 503 store-unavailable with Retry-After, then recover',
    async (mode) => {
      const store = switchableStore();
      const mock = harness({ store, storeDeadlineMs: 50 });
      const errorsBefore = unexpectedErrorCount();
      const { token } = await mock.create();
      const mine: Call = { method: 'GET', url: '/v1/session/current', headers: { authorization: `Bearer ${token}` } };
      store.mode = mode;

      for (const call of [mine, current, { method: 'POST', url: '/__mock/reset' } as Call]) {
        const answer = await mock.request(call);
        expect(answer.status, `${call.method} ${call.url}`).toBe(503);
        expect(answer.headers['retry-after']).toBe('5');
        expect(answer.body).toMatchObject({ type: 'urn:session-api:problem:store-unavailable', status: 503 });
        expect(answer.body.detail).toMatch(mode === 'hanging' ? /did not answer within 50 ms/ : /Connection refused/);
      }

      store.mode = 'up';
      expect((await mock.request(mine)).status).toBe(200);
      // An outage is no bug of the mock: nothing was reported as one.
      expect(unexpectedErrorCount()).toBe(errorsBefore);
    },
  );

  test('GET /__mock/health names the store and says whether it is up; 503 while it is down', async () => {
    const store = switchableStore();
    const mock = harness({ store, storeDeadlineMs: 50 });
    const up = await mock.request({ method: 'GET', url: '/__mock/health' });
    expect(up.status).toBe(200);
    expect(up.body.dependencies).toEqual({ store: { kind: 'redis', status: 'up' } });

    for (const mode of ['failing', 'hanging'] as const) {
      store.mode = mode;
      const down = await mock.request({ method: 'GET', url: '/__mock/health' });
      expect(down.status).toBe(503);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.body).toMatchObject({
        type: 'urn:session-api:problem:store-unavailable',
        dependencies: { store: { kind: 'redis', status: 'down', detail: expect.any(String) } },
      });
    }
  });

  test('GET /healthz answers 200 while the store answers and 503 with Retry-After while it does not', async () => {
    const store = switchableStore();
    const mock = harness({ store, storeDeadlineMs: 50 });
    const ready = await mock.request({ method: 'GET', url: '/healthz' });
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok' });
    expect(ready.headers['cache-control']).toBe('no-store');

    store.mode = 'hanging';
    const down = await mock.request({ method: 'GET', url: '/healthz' });
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toMatchObject({
      type: 'urn:session-api:problem:store-unavailable',
      store: { kind: 'redis', status: 'down', detail: 'The store did not answer within 50 ms.' },
    });
    store.mode = 'up';
    expect((await mock.request({ method: 'HEAD', url: '/healthz' })).status).toBe(200);
  });

  test('GET /healthz is served without a token, with --no-control and beyond loopback too', async () => {
    const mock = harness({ config: { control: false, host: '0.0.0.0' } });
    const call: Call = { method: 'GET', url: '/healthz' };
    const answer = await mock.raw(call);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
    // Judged as the spec describes it (the control plane's document), though the control plane is off.
    expect(specViolations(call, answer, true)).toEqual([]);
  });

  test('the hub negotiate step answers 503 store-unavailable, not 500, while the store is down', async () => {
    const store = switchableStore();
    const mock = harness({ store, storeDeadlineMs: 50, socket: true });
    const { token } = await mock.create();
    store.mode = 'failing';
    const response = await request(`${await mock.origin()}/v1/hubs/session/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(await response.body.json()).toMatchObject({ type: 'urn:session-api:problem:store-unavailable' });
  });
});
