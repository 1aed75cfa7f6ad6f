/**
 * The worlds of one process, bounded in number (`default` aside, which always
 * exists and is never dropped) and dropped when idle. A full registry makes room
 * by dropping the least recently used world without live sessions; when every
 * world has one, it refuses, saying when the first of them will be free.
 * Journals share one byte budget (journal-budget.ts).
 */
import { SharedJournalBudget } from './journal-budget.ts';
import { worldLiveness, worldSummaries, type Liveness } from './live-sessions.ts';
import { createMemoryWorld } from './memory-world.ts';
import {
  defaultWorldName,
  openThenTouch,
  worldNamePattern,
  type OpenRefusal,
  type RandomSource,
  type World,
  type WorldEvent,
  type WorldRegistry,
  type WorldSummary,
} from './world.ts';

export interface MemoryRegistryOptions {
  /** The most worlds besides `default` (1000 unless given). */
  readonly maxWorlds?: number;
  /** Real seconds without use after which `sweepIdle` drops a world (3600 unless given). */
  readonly idleSeconds?: number;
  /** Entries each world's journal keeps. */
  readonly journalSize: number;
  /** Bytes all journals together keep (32 MiB unless given). */
  readonly journalBytes?: number;
  readonly newRandom: (name: string) => RandomSource;
  /** A fresh generation id (random, never from --seed). */
  readonly newGeneration: () => string;
  /** Real time (ms) at which `default` is made. */
  readonly nowMs: number;
  /** How live a world is; the domain's rule unless given. */
  readonly liveness?: (world: World, realNowMs: number) => Promise<Liveness>;
}

export const registryDefaults = Object.freeze({
  maxWorlds: 1000,
  idleSeconds: 3600,
  journalBytes: 32 * 1024 * 1024,
  /**
   * Retry-After when every world is kept by a session whose world's clock is
   * frozen, so no expiry is due by itself: a host may still end one meanwhile.
   */
  frozenRetryAfterSeconds: 60,
});

interface Entry {
  readonly world: World;
  /** Real ms of the last `open`; the registry's Map is kept in this order, oldest first. */
  lastOpenedMs: number;
}

export class MemoryWorldRegistry implements WorldRegistry {
  /** Insertion order is the order of use: a world opened again moves to the end. */
  private readonly entries = new Map<string, Entry>();
  /** The world at the end of `entries`, if known: opening it again moves nothing. */
  private lastUsed: string | undefined;
  private readonly budget: SharedJournalBudget;
  private readonly maxWorlds: number;
  private readonly idleMs: number;
  private readonly liveness: (world: World, realNowMs: number) => Promise<Liveness>;
  private readonly watchers = new Set<(world: string, event: WorldEvent) => void>();
  /** Changes to the set of worlds run one at a time: the scan for room awaits each world. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MemoryRegistryOptions) {
    this.maxWorlds = options.maxWorlds ?? registryDefaults.maxWorlds;
    this.idleMs = (options.idleSeconds ?? registryDefaults.idleSeconds) * 1000;
    this.liveness = options.liveness ?? worldLiveness;
    this.budget = new SharedJournalBudget(options.journalBytes ?? registryDefaults.journalBytes);
    this.entries.set(defaultWorldName, {
      world: this.make(defaultWorldName, options.nowMs),
      lastOpenedMs: options.nowMs,
    });
  }

  /** Bytes all journals hold together. */
  get journalBytesHeld(): number {
    return this.budget.bytesHeld;
  }

  open(name: string, nowMs: number): Promise<World | OpenRefusal> {
    if (!worldNamePattern.test(name)) throw new RangeError(`"${name}" is not a world name (X-Mock-Namespace).`);
    const known = this.use(name, nowMs);
    if (known) return Promise.resolve(known);
    return this.exclusive(async () => {
      const made = this.use(name, nowMs);
      if (made) return made;
      if (this.namedCount() >= this.maxWorlds) {
        const refusal = await this.makeRoom(nowMs);
        if (refusal) return refusal;
      }
      const world = this.make(name, nowMs);
      this.entries.set(name, { world, lastOpenedMs: nowMs });
      this.lastUsed = name;
      return world;
    });
  }

  openAndTouch(name: string, nowMs: number): Promise<World | OpenRefusal> {
    return openThenTouch(this, name, nowMs);
  }

  find(name: string): Promise<World | undefined> {
    return Promise.resolve(this.entries.get(name)?.world);
  }

  async list(nowMs: number): Promise<WorldSummary[]> {
    const worlds = [...this.entries.values()].map(({ world }) => world);
    return worldSummaries(worlds, this.liveness, nowMs);
  }

  delete(name: string): Promise<boolean> {
    return this.exclusive(async () => {
      const entry = this.entries.get(name);
      if (!entry) return false;
      if (name === defaultWorldName) await entry.world.reset();
      else await this.drop(name, entry);
      return true;
    });
  }

  sweepIdle(nowMs: number): Promise<number> {
    return this.exclusive(async () => {
      let dropped = 0;
      for (const [name, entry] of [...this.entries]) {
        if (name === defaultWorldName) continue;
        const { lastUsedMs } = await entry.world.meta();
        if (nowMs - Math.max(lastUsedMs, entry.lastOpenedMs) <= this.idleMs) continue;
        if (this.entries.get(name) !== entry) continue;
        await this.drop(name, entry);
        dropped++;
      }
      return dropped;
    });
  }

  watch(listener: (world: string, event: WorldEvent) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** The world called `name` if it exists, marked as the most recently used. */
  private use(name: string, nowMs: number): World | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    entry.lastOpenedMs = Math.max(entry.lastOpenedMs, nowMs);
    // Moved to the end, the most recently used place, unless it is there already (most requests).
    if (this.lastUsed !== name) {
      this.entries.delete(name);
      this.entries.set(name, entry);
      this.lastUsed = name;
    }
    return entry.world;
  }

  /** Drops the least recently used world without live sessions, or says when one will be free. */
  private async makeRoom(nowMs: number): Promise<OpenRefusal | undefined> {
    let soonest: number | null = null;
    for (const [name, entry] of [...this.entries]) {
      if (name === defaultWorldName) continue;
      const openedBefore = entry.lastOpenedMs;
      const { liveSessions, freeInSeconds } = await this.liveness(entry.world, nowMs);
      // Opened by a request while we looked: it is in use again, so it stays.
      if (this.entries.get(name) !== entry || entry.lastOpenedMs !== openedBefore) continue;
      if (liveSessions === 0) {
        await this.drop(name, entry);
        return undefined;
      }
      if (freeInSeconds !== null) soonest = Math.min(soonest ?? freeInSeconds, freeInSeconds);
    }
    return { reason: 'full', retryAfterSeconds: Math.max(1, soonest ?? registryDefaults.frozenRetryAfterSeconds) };
  }

  /** Forgets a world; its reset first tells its listeners (the hub closes) and frees its journal's bytes. */
  private async drop(name: string, entry: Entry): Promise<void> {
    this.entries.delete(name);
    if (this.lastUsed === name) this.lastUsed = undefined;
    await entry.world.reset();
  }

  private namedCount(): number {
    return this.entries.size - (this.entries.has(defaultWorldName) ? 1 : 0);
  }

  private make(name: string, nowMs: number): World {
    const world = createMemoryWorld({
      name,
      random: this.options.newRandom(name),
      newGeneration: this.options.newGeneration,
      journalSize: this.options.journalSize,
      journalBudget: this.budget,
      nowMs,
    });
    world.events.subscribe((event) => {
      for (const watcher of [...this.watchers]) {
        try {
          watcher(name, event);
        } catch {
          // One watcher's failure must not keep the others from hearing.
        }
      }
    });
    return world;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export function createMemoryRegistry(options: MemoryRegistryOptions): MemoryWorldRegistry {
  return new MemoryWorldRegistry(options);
}
