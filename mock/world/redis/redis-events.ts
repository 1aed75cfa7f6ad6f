/**
 * The events of every world, through Redis pub/sub: a world publishes on its own
 * channel (keys.ts, `events`), and each process listens on one dedicated
 * subscriber connection with one pattern for all worlds, handing each message to
 * the listeners of its world and to the registry's watchers. So an event caused
 * on any replica reaches the listeners on every replica, once per replica.
 */
import type { Redis } from 'ioredis';
import type { WorldEvent } from '../world.ts';
import { registryKeys, worldOfChannel } from './keys.ts';

type Listener = (event: WorldEvent) => void;
type Watcher = (world: string, event: WorldEvent) => void;

export class RedisEventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly watchers = new Set<Watcher>();

  private constructor(
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {}

  /** Subscribes `subscriber` (a connection of its own: a subscribed connection runs no other command). */
  static async start(subscriber: Redis, prefix: string): Promise<RedisEventHub> {
    const hub = new RedisEventHub(subscriber, prefix);
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => hub.deliver(channel, message));
    await subscriber.psubscribe(registryKeys(prefix).eventsPattern);
    return hub;
  }

  subscribe(world: string, listener: Listener): () => void {
    let set = this.listeners.get(world);
    if (!set) this.listeners.set(world, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(world) === set) this.listeners.delete(world);
    };
  }

  watch(watcher: Watcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  async close(): Promise<void> {
    await this.subscriber.punsubscribe().catch(() => undefined);
  }

  private deliver(channel: string, message: string): void {
    const world = worldOfChannel(this.prefix, channel);
    if (world === undefined) return;
    let event: WorldEvent;
    try {
      event = JSON.parse(message) as WorldEvent;
    } catch {
      return;
    }
    for (const listener of [...(this.listeners.get(world) ?? [])]) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not keep the others from hearing.
      }
    }
    for (const watcher of [...this.watchers]) {
      try {
        watcher(world, event);
      } catch {
        // Likewise for the registry's watchers.
      }
    }
  }
}
