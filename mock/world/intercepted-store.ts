/**
 * A registry whose every store call, and every store call of the worlds it gives, runs through one
 * function: `withDeadline` (deadline.ts) bounds them in time; tests put a store out of service with it.
 * Every member of a world answers a promise (world.ts) except these, which pass through as they are:
 * `name`, the random source (synchronous, in the process), `events.subscribe` and the registry's `watch`.
 */
import type { World, WorldRegistry } from './world.ts';

/** Runs one store call (already made into a thunk) and answers what it answers, or fails instead. */
export type AroundCall = <T>(call: () => Promise<T>) => Promise<T>;

const passThrough = new Set<PropertyKey>(['name', 'random', 'subscribe']);

/** `target` with each method call run through `around`, and each object member (a store) intercepted too. */
function intercept<T extends object>(target: T, around: AroundCall, made: WeakMap<object, object>): T {
  const known = made.get(target);
  if (known) return known as T;
  const proxy = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (passThrough.has(property)) {
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
      }
      if (typeof value === 'function') {
        const method = value as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => around(() => method.apply(object, args));
      }
      if (typeof value === 'object' && value !== null) return intercept(value, around, made);
      return value;
    },
  });
  made.set(target, proxy);
  return proxy;
}

/**
 * `registry`, with `around` wrapped about each of its calls and its worlds' calls. A world is wrapped once
 * (the same World answers the same proxy), since adapters key their state by world (the hub).
 */
export function interceptRegistry(registry: WorldRegistry, around: AroundCall): WorldRegistry {
  const made = new WeakMap<object, object>();
  const wrapped = (world: World): World => intercept(world, around, made);
  return {
    open: async (name, nowMs) => {
      const opened = await around(() => registry.open(name, nowMs));
      return 'reason' in opened ? opened : wrapped(opened);
    },
    openAndTouch: async (name, nowMs) => {
      const opened = await around(() => registry.openAndTouch(name, nowMs));
      return 'reason' in opened ? opened : wrapped(opened);
    },
    find: async (name) => {
      const found = await around(() => registry.find(name));
      return found && wrapped(found);
    },
    list: (nowMs) => around(() => registry.list(nowMs)),
    delete: (name) => around(() => registry.delete(name)),
    sweepIdle: (nowMs) => around(() => registry.sweepIdle(nowMs)),
    watch: (listener) => registry.watch(listener),
  };
}
