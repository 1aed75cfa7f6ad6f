/**
 * Bounds every call to a shared store in time: a store that hangs (a network partition, a stalled server)
 * must not hang the request that waits for it. Past the deadline the call fails with StoreUnavailableError,
 * which the pipeline answers with 503 and Retry-After (spec/mock-overlay.yaml). The call itself may still
 * land later; the store's own command timeouts are the first line, this is the bound on the whole request.
 */
import { interceptRegistry, type AroundCall } from './intercepted-store.ts';
import { StoreUnavailableError } from './store-errors.ts';
import type { StoreHealth } from './store-health.ts';
import type { NegotiationStore, WorldRegistry } from './world.ts';

/** How long one store call may take before the request gives up on it (ms). */
export const defaultStoreDeadlineMs = 2000;

/** Runs `call` against a deadline; past it, fails with StoreUnavailableError. */
export function raceDeadline<T>(call: () => Promise<T>, deadlineMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new StoreUnavailableError(`The store did not answer within ${deadlineMs} ms.`));
    }, deadlineMs);
    let running: Promise<T>;
    try {
      running = Promise.resolve(call());
    } catch (error) {
      running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    running.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** `registry` with every store call (its own and its worlds') bounded by `deadlineMs`. */
export function withDeadline(registry: WorldRegistry, deadlineMs = defaultStoreDeadlineMs): WorldRegistry {
  const around: AroundCall = (call) => raceDeadline(call, deadlineMs);
  return interceptRegistry(registry, around);
}

/** The hub's connection tokens in a shared store, each call bounded the same way. */
export function negotiationsWithDeadline(
  negotiations: NegotiationStore,
  deadlineMs = defaultStoreDeadlineMs,
): NegotiationStore {
  return {
    put: (token, ttlMs) => raceDeadline(() => negotiations.put(token, ttlMs), deadlineMs),
    take: (token) => raceDeadline(() => negotiations.take(token), deadlineMs),
  };
}

/** A store's health check bounded the same way: a check that hangs reports the store down. */
export function healthWithDeadline(health: StoreHealth, deadlineMs = defaultStoreDeadlineMs): StoreHealth {
  return {
    check: () =>
      raceDeadline(() => health.check(), deadlineMs).catch((error: unknown) => ({
        up: false,
        detail: error instanceof Error ? error.message : String(error),
      })),
  };
}
