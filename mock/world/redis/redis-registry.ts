/**
 * The worlds of every replica, kept in Redis: the same rules as the in-memory
 * registry (mock/world/memory-registry.ts): bounded in number (`default` aside),
 * the least recently used world without live sessions makes room, idle worlds
 * go, and every journal shares one byte budget. The set of worlds is one sorted
 * set (name -> real ms of its last open); a world is removed only if nobody
 * opened it since it was looked at (compare-and-remove), so two replicas never
 * drop a world one of them just opened.
 *
 * The journals' byte budget is kept approximately: each journal is capped at the
 * whole budget when it appends, and `sweepIdle` (every few seconds) trims the
 * journals holding the most until all of them together are back within it.
 */
import type { Redis } from 'ioredis';
import { worldLiveness, worldSummaries, type Liveness } from '../live-sessions.ts';
import { registryDefaults } from '../memory-registry.ts';
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
} from '../world.ts';
import { registryKeys, worldKeys } from './keys.ts';
import type { RedisEventHub } from './redis-events.ts';
import { createRedisWorld, initRedisWorld, storeBatches, type RedisWorld, type StoreBatches } from './redis-world.ts';
import * as scripts from './scripts.ts';
import { TurnBatch } from './turn-batch.ts';

/** What a touch read for a request (redis-world.ts, `touched`), or 'full': the registry had no room. */
type TouchRead = readonly unknown[] | 'full';

export interface RedisRegistryOptions {
  readonly redis: Redis;
  readonly hub: RedisEventHub;
  /** The first part of every key (`mock`). */
  readonly prefix: string;
  readonly maxWorlds?: number;
  readonly idleSeconds?: number;
  readonly journalSize: number;
  readonly journalBytes?: number;
  readonly newRandom: (name: string) => RandomSource;
  readonly newGeneration: () => string;
  readonly nowMs: number;
  readonly liveness?: (world: World, realNowMs: number) => Promise<Liveness>;
}

/** Attempts at making room before a refusal; each loses only to another replica's open. */
const maxRoomAttempts = 10;

export class RedisWorldRegistry implements WorldRegistry {
  private readonly keys: ReturnType<typeof registryKeys>;
  private readonly maxWorlds: number;
  private readonly idleMs: number;
  private readonly journalBytes: number;
  private readonly liveness: (world: World, realNowMs: number) => Promise<Liveness>;
  /** Each world's random source, in this process (state of the process, not of the world). */
  private readonly randoms = new Map<string, RandomSource>();
  /** Changes to the set of worlds run one at a time in this process (other replicas: compare-and-remove). */
  private queue: Promise<unknown> = Promise.resolve();
  /** The opens of one turn, per world: one open and one touch counting them all (`openAndTouch`). */
  private readonly touches: TurnBatch<number, TouchRead>;
  private readonly batches: StoreBatches;

  private constructor(private readonly options: RedisRegistryOptions) {
    this.keys = registryKeys(options.prefix);
    this.maxWorlds = options.maxWorlds ?? registryDefaults.maxWorlds;
    this.idleMs = (options.idleSeconds ?? registryDefaults.idleSeconds) * 1000;
    this.journalBytes = options.journalBytes ?? registryDefaults.journalBytes;
    this.liveness = options.liveness ?? worldLiveness;
    this.touches = new TurnBatch((name, times) => this.openAndTouchAll(name, times));
    this.batches = storeBatches(options.redis, options.prefix, options.journalSize, this.journalBytes);
  }

  /** The registry, with `default` made unless another replica made it first. */
  static async create(options: RedisRegistryOptions): Promise<RedisWorldRegistry> {
    const registry = new RedisWorldRegistry(options);
    await registry.open(defaultWorldName, options.nowMs);
    return registry;
  }

  open(name: string, nowMs: number): Promise<World | OpenRefusal> {
    if (!worldNamePattern.test(name)) throw new RangeError(`"${name}" is not a world name (X-Mock-Namespace).`);
    return this.openOrMake(name, nowMs, 0);
  }

  /**
   * The opens of one turn for a world go to Redis as one (turn-batch.ts): the registry's open and a touch counting
   * them all, sent together (one round trip). A full registry sends each back the slow way (`open`, which makes
   * room, then `touch`).
   */
  async openAndTouch(name: string, nowMs: number): Promise<World | OpenRefusal> {
    if (!worldNamePattern.test(name)) throw new RangeError(`"${name}" is not a world name (X-Mock-Namespace).`);
    const read = await this.touches.add(name, nowMs);
    if (read === 'full') return openThenTouch(this, name, nowMs);
    const world = this.handle(name, true);
    world.touched(read);
    return world;
  }

  /**
   * One open and one touch for `times.length` requests. The touch does nothing unless the world's bookkeeping
   * exists, so that a world refused, or not made yet, is not counted before it is made; only then (a new world, a
   * full registry) does a second round trip follow.
   */
  private async openAndTouchAll(name: string, times: readonly number[]): Promise<TouchRead[]> {
    const { redis, prefix } = this.options;
    const keys = worldKeys(prefix, name);
    // Not Math.max(...times): a turn under a flood may hold more requests than a call takes arguments.
    const nowMs = times.reduce((latest, time) => Math.max(latest, time), 0);
    const touchKeys = [keys.meta, keys.faults];
    const touchArgs = (onlyMade: string) => [nowMs, this.options.newGeneration(), onlyMade, times.length];
    const [answer, read] = await scripts.runScriptsTogether(redis, [
      [scripts.registryOpen, [this.keys.worlds], [name, nowMs, this.maxWorlds, defaultWorldName]],
      [scripts.touch, touchKeys, touchArgs(scripts.touchOnlyMade)],
    ]);
    if (answer === 0) return times.map(() => 'full');
    if (answer === 2) await initRedisWorld(redis, prefix, name, nowMs, this.options.newGeneration());
    const touched = Array.isArray(read)
      ? (read as unknown[])
      : await scripts.runScript<unknown[]>(redis, scripts.touch, touchKeys, touchArgs(''));
    return times.map(() => touched);
  }

  async find(name: string): Promise<World | undefined> {
    const seen = await this.options.redis.zscore(this.keys.worlds, name);
    return seen === null ? undefined : this.handle(name, false);
  }

  async list(nowMs: number): Promise<WorldSummary[]> {
    const names = await this.options.redis.zrange(this.keys.worlds, '0', '-1');
    return worldSummaries(
      names.map((name) => this.handle(name, false)),
      this.liveness,
      nowMs,
    );
  }

  delete(name: string): Promise<boolean> {
    return this.exclusive(async () => {
      const seen = await this.options.redis.zscore(this.keys.worlds, name);
      if (seen === null) return false;
      if (name === defaultWorldName) await this.handle(name, false).reset();
      else await this.drop(name, seen);
      return true;
    });
  }

  sweepIdle(nowMs: number): Promise<number> {
    return this.exclusive(async () => {
      const flat = await this.options.redis.zrange(this.keys.worlds, '0', '-1', 'WITHSCORES');
      let dropped = 0;
      for (let i = 0; i < flat.length; i += 2) {
        const name = flat[i]!;
        const seen = flat[i + 1]!;
        if (name === defaultWorldName) continue;
        const { lastUsedMs } = await this.handle(name, false).meta();
        if (nowMs - Math.max(lastUsedMs, Number(seen)) <= this.idleMs) continue;
        if (await this.drop(name, seen)) dropped++;
      }
      await this.keepJournalBudget();
      return dropped;
    });
  }

  watch(listener: (world: string, event: WorldEvent) => void): () => void {
    return this.options.hub.watch(listener);
  }

  private async openOrMake(name: string, nowMs: number, attempt: number): Promise<World | OpenRefusal> {
    const { redis, prefix } = this.options;
    const answer = await scripts.runScript<number>(
      redis,
      scripts.registryOpen,
      [this.keys.worlds],
      [name, nowMs, this.maxWorlds, defaultWorldName],
    );
    if (answer === 2) await initRedisWorld(redis, prefix, name, nowMs, this.options.newGeneration());
    if (answer !== 0) return this.handle(name, true);
    const refusal = await this.exclusive(() => this.makeRoom(nowMs));
    if (refusal || attempt >= maxRoomAttempts) return refusal ?? { reason: 'full', retryAfterSeconds: 1 };
    return this.openOrMake(name, nowMs, attempt + 1);
  }

  /** Drops the least recently used world without live sessions, or says when one will be free. */
  private async makeRoom(nowMs: number): Promise<OpenRefusal | undefined> {
    const flat = await this.options.redis.zrange(this.keys.worlds, '0', '-1', 'WITHSCORES');
    let soonest: number | null = null;
    for (let i = 0; i < flat.length; i += 2) {
      const name = flat[i]!;
      if (name === defaultWorldName) continue;
      const { liveSessions, freeInSeconds } = await this.liveness(this.handle(name, false), nowMs);
      // Dropped only if nobody opened it while we looked.
      if (liveSessions === 0 && (await this.drop(name, flat[i + 1]!))) return undefined;
      if (freeInSeconds !== null) soonest = Math.min(soonest ?? freeInSeconds, freeInSeconds);
    }
    // Room may have been made by another replica meanwhile: the caller tries again.
    if ((await this.options.redis.zcard(this.keys.worlds)) - 1 < this.maxWorlds) return undefined;
    return { reason: 'full', retryAfterSeconds: Math.max(1, soonest ?? registryDefaults.frozenRetryAfterSeconds) };
  }

  /** Forgets a world unless it was opened since `seen`: its reset tells its listeners, then its keys go. */
  private async drop(name: string, seen: string): Promise<boolean> {
    const { redis, prefix } = this.options;
    const removed = await scripts.runScript<number>(
      redis,
      scripts.registryRemoveUnchanged,
      [this.keys.worlds],
      [name, seen],
    );
    if (removed !== 1) return false;
    await this.handle(name, false).reset();
    const keys = worldKeys(prefix, name);
    await redis.del(keys.meta, keys.journal);
    this.randoms.delete(name);
    return true;
  }

  /** Trims the journals holding the most bytes until all of them together fit the budget. */
  private async keepJournalBudget(): Promise<void> {
    const { redis, prefix } = this.options;
    const names = await redis.zrange(this.keys.worlds, '0', '-1');
    const held = await Promise.all(
      names.map(async (name) => Number((await redis.hget(worldKeys(prefix, name).meta, 'journalBytes')) ?? 0)),
    );
    let total = held.reduce((sum, bytes) => sum + bytes, 0);
    while (total > this.journalBytes) {
      const largest = held.indexOf(Math.max(...held));
      const keys = worldKeys(prefix, names[largest]!);
      const freed = await scripts.runScript<number>(
        redis,
        scripts.journalTrim,
        [keys.journal, keys.meta],
        [total - this.journalBytes],
      );
      if (freed === 0) break;
      held[largest] = held[largest]! - freed;
      total -= freed;
    }
  }

  private handle(name: string, primed: boolean): RedisWorld {
    let random = this.randoms.get(name);
    if (!random) this.randoms.set(name, (random = this.options.newRandom(name)));
    return createRedisWorld({
      redis: this.options.redis,
      hub: this.options.hub,
      prefix: this.options.prefix,
      name,
      random,
      newGeneration: this.options.newGeneration,
      batches: this.batches,
      primed,
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
