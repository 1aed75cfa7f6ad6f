/**
 * A world kept in Redis, so that replicas of the mock share it: every store of
 * mock/world/world.ts over the keys of keys.ts, each change in one Lua script
 * (scripts.ts). Pure changes (sessions, clock) run read -> apply -> compare-and-set,
 * again when another request changed the value meanwhile: never a lost update.
 *
 * Nothing is cached across requests. A handle the registry opens for one request
 * (`primed`) keeps what its `touch` read (clock, bookkeeping, whether faults are
 * set) for the rest of that request, and forgets it on any change it makes.
 */
import type { Redis } from 'ioredis';
import { tokenGraceSeconds, type Change, type Outcome, type SessionRecord } from '../../domain/index.ts';
import { journalMatches } from '../memory-world.ts';
import { WorldStateError, worldStateErrors } from '../world-state.ts';
import type {
  ClockState,
  ClockStore,
  DueExpiry,
  EventChannel,
  FaultRule,
  FaultRuleRequest,
  FaultStore,
  InsertOutcome,
  Journal,
  JournalEntry,
  JournalQuery,
  LoadedScenario,
  NonceStore,
  PendingJournalRecord,
  RandomSource,
  RateLimitStore,
  RateLimitVerdict,
  SessionStore,
  World,
  WorldMeta,
  WorldState,
} from '../world.ts';
import type { RedisEventHub } from './redis-events.ts';
import { worldKeys, type WorldKeys } from './keys.ts';
import * as scripts from './scripts.ts';
import { TurnBatch } from './turn-batch.ts';

export interface RedisWorldOptions {
  readonly redis: Redis;
  readonly hub: RedisEventHub;
  readonly prefix: string;
  readonly name: string;
  readonly random: RandomSource;
  readonly newGeneration: () => string;
  /** Keep what `touch` reads for the rest of the request (a handle made for one request). */
  readonly primed?: boolean;
  /** The turn's batches of one store, shared by its handles (`storeBatches`). */
  readonly batches: StoreBatches;
}

/** An entry as the journal script takes it: its stored line and its weight in bytes. */
interface JournalLine {
  readonly line: string;
  readonly bytes: number;
}

/** Session reads of one turn, per world (keyed by its session key prefix): one MGET each. */
type SessionReads = TurnBatch<string, string | null>;

/** What the handles of one store send together, per world, when they meet in one turn (turn-batch.ts). */
export interface StoreBatches {
  readonly sessionReads: SessionReads;
  /** Journal appends: one script per world, which also announces each entry; each answers its sequence number. */
  readonly journalAppends: TurnBatch<JournalLine, number>;
}

export function storeBatches(redis: Redis, prefix: string, journalSize: number, maxBytes: number): StoreBatches {
  return {
    sessionReads: new TurnBatch((sessionPrefix, ids) => redis.mget(ids.map((id) => sessionPrefix + id))),
    journalAppends: new TurnBatch(async (name, lines) => {
      const keys = worldKeys(prefix, name);
      const args: (string | number)[] = [journalSize, maxBytes, keys.events];
      for (const { line, bytes } of lines) args.push(line, bytes);
      const first = await scripts.runScript<number>(redis, scripts.journalAppend, [keys.journal, keys.meta], args);
      return lines.map((_, i) => first + i);
    }),
  };
}

/** What `touch` read, kept for the rest of one request. */
interface Primed {
  meta: WorldMeta;
  clock: ClockState;
  faultCount: number;
}

/** Changes that lose a race run again; past this many, something is wrong with the store. */
const maxAttempts = 1000;

const clockFields = (state: ClockState) => [
  String(state.offsetMs),
  state.frozenAtMs === null ? '' : String(state.frozenAtMs),
];
const clockOf = (offset: string | null, frozen: string | null): ClockState => ({
  offsetMs: Number(offset || 0),
  frozenAtMs: frozen ? Number(frozen) : null,
});

class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: WorldKeys,
    private readonly reads: SessionReads,
    /**
     * For a handle of one request: the records it read, so that reading one twice (the token's check, then the
     * operation) costs one round trip; forgotten on any change through the handle. Changes never use it.
     */
    private readonly read?: Map<string, string | null>,
  ) {}

  async get(id: string): Promise<SessionRecord | undefined> {
    let json = this.read?.get(id);
    if (json === undefined) {
      json = await this.reads.add(this.keys.sessionPrefix, id);
      this.read?.set(id, json);
    }
    return json === null ? undefined : (JSON.parse(json) as SessionRecord);
  }

  async insert(record: SessionRecord, limit: number): Promise<InsertOutcome> {
    this.read?.clear();
    const { meta, sessionIndex, expiries, sessionPrefix } = this.keys;
    const answer = await scripts.runScript<number>(
      this.redis,
      scripts.sessionInsert,
      [meta, sessionIndex, expiries],
      [sessionPrefix, record.id, JSON.stringify(record), record.expiry, tokenGraceSeconds, limit],
    );
    this.read?.clear();
    return answer === 1 ? 'inserted' : answer === 2 ? 'taken' : 'full';
  }

  async update<T>(
    id: string,
    change: (current: SessionRecord | undefined) => Outcome<Change<T>>,
  ): Promise<Outcome<Change<T>>> {
    this.read?.clear();
    const { meta, sessionIndex, expiries, sessionPrefix } = this.keys;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const read = await this.redis.get(sessionPrefix + id);
      const outcome = change(read === null ? undefined : (JSON.parse(read) as SessionRecord));
      if (!outcome.ok) return outcome;
      const record = outcome.value.record;
      const written = await scripts.runScript<number>(
        this.redis,
        scripts.sessionCompareAndSet,
        [meta, sessionIndex, expiries],
        [sessionPrefix, id, read ?? '', JSON.stringify(record), record.expiry, tokenGraceSeconds],
      );
      if (written === 1) {
        this.read?.clear();
        return outcome;
      }
    }
    throw new Error(`Session ${id} changed under ${maxAttempts} attempts in a row; giving up.`);
  }

  async list(): Promise<SessionRecord[]> {
    return (await this.held()).map((json) => JSON.parse(json) as SessionRecord);
  }

  async sweep(collectable: (record: SessionRecord) => boolean): Promise<number> {
    this.read?.clear();
    const pairs: string[] = [];
    for (const json of await this.held()) {
      const record = JSON.parse(json) as SessionRecord;
      if (collectable(record)) pairs.push(record.id, json);
    }
    if (pairs.length === 0) return 0;
    const { sessionIndex, expiries, sessionPrefix } = this.keys;
    return scripts.runScript<number>(
      this.redis,
      scripts.sessionDeleteUnchanged,
      [sessionIndex, expiries],
      [sessionPrefix, ...pairs],
    );
  }

  count(): Promise<number> {
    return scripts.runScript<number>(
      this.redis,
      scripts.sessionCount,
      [this.keys.sessionIndex, this.keys.expiries],
      [],
    );
  }

  async clear(): Promise<void> {
    this.read?.clear();
    const { sessionIndex, expiries, sessionPrefix } = this.keys;
    await scripts.runScript(this.redis, scripts.sessionClear, [sessionIndex, expiries], [sessionPrefix]);
  }

  /**
   * The ids of sessions whose expiry (virtual Unix seconds) is at or before `now`,
   * each answered to one caller only across every replica: the one to announce it.
   */
  async claimExpired(now: number): Promise<DueExpiry[]> {
    const flat = await scripts.runScript<string[]>(
      this.redis,
      scripts.claimExpiries,
      [this.keys.expiries],
      [now, this.keys.events],
    );
    const due: DueExpiry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) due.push({ id: flat[i]!, expiry: Number(flat[i + 1]) });
    return due;
  }

  private held(): Promise<string[]> {
    const { sessionIndex, expiries, sessionPrefix } = this.keys;
    return scripts.runScript<string[]>(this.redis, scripts.sessionList, [sessionIndex, expiries], [sessionPrefix]);
  }
}

class RedisNonceStore implements NonceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: WorldKeys,
  ) {}

  async issue(message: string, expiresAt: number, limit: number): Promise<boolean> {
    const { nonceOrder, nonceExpiry, meta } = this.keys;
    const keys = [nonceOrder, nonceExpiry, meta];
    return (await scripts.runScript<number>(this.redis, scripts.nonceIssue, keys, [message, expiresAt, limit])) === 1;
  }

  async consume(message: string, now: number): Promise<boolean> {
    const keys = [this.keys.nonceOrder, this.keys.nonceExpiry];
    return (await scripts.runScript<number>(this.redis, scripts.nonceConsume, keys, [message, now])) === 1;
  }

  sweep(now: number): Promise<number> {
    return scripts.runScript<number>(
      this.redis,
      scripts.nonceSweep,
      [this.keys.nonceOrder, this.keys.nonceExpiry],
      [now],
    );
  }

  count(): Promise<number> {
    return this.redis.zcard(this.keys.nonceOrder);
  }

  async clear(): Promise<void> {
    await this.redis.del(this.keys.nonceOrder, this.keys.nonceExpiry);
  }
}

/** A rule as stored: everything but its id and the firings left, which live beside it. */
function ruleOf(id: string, json: string, remaining: string): FaultRule {
  return {
    id: Number(id),
    ...(JSON.parse(json) as Omit<FaultRule, 'id' | 'remaining'>),
    remaining: remaining === '' ? null : Number(remaining),
  };
}

function rulesOf(flat: readonly string[]): FaultRule[] {
  const rules: FaultRule[] = [];
  for (let i = 0; i < flat.length; i += 3) rules.push(ruleOf(flat[i]!, flat[i + 1]!, flat[i + 2]!));
  return rules;
}

/** A rule's stored JSON (without id and remaining). */
function ruleJson(rule: Omit<FaultRule, 'id' | 'remaining'>): string {
  const { id: _id, remaining: _remaining, ...rest } = rule as FaultRule;
  return JSON.stringify(rest);
}

export interface RedisWorld extends World {
  readonly sessions: RedisSessionStore;
  /** Takes what a touch script answered when the registry sent it with its open (`openAndTouch`), as `touch` would. */
  touched(read: readonly unknown[]): void;
}

/** A touch script's answer: generation, createdAtMs, lastUsedMs, requestsSeen, offsetMs, frozenAtMs, claim, faults. */
function primedFrom(name: string, read: readonly unknown[]): Primed {
  const [generation, createdAtMs, lastUsedMs, requestsSeen, offset, frozen, claimTokenHash, faultCount] = read as (
    string | null
  )[];
  return {
    meta: {
      name,
      generation: generation!,
      createdAtMs: Number(createdAtMs),
      lastUsedMs: Number(lastUsedMs),
      requestsSeen: Number(requestsSeen),
      claimTokenHash: claimTokenHash || null,
    },
    clock: clockOf(offset ?? null, frozen ?? null),
    faultCount: Number(faultCount),
  };
}

/** A world kept in Redis; cheap to make (a handle over keys): the registry makes one per request. */
export function createRedisWorld(options: RedisWorldOptions): RedisWorld {
  const { redis, name } = options;
  const keys = worldKeys(options.prefix, name);
  const stateKeys = [
    keys.meta,
    keys.sessionIndex,
    keys.expiries,
    keys.nonceOrder,
    keys.nonceExpiry,
    keys.faults,
    keys.faultRules,
    keys.faultRemaining,
    keys.rate,
    keys.rateClose,
    keys.journal,
  ];
  const faultKeys = [keys.faults, keys.faultRules, keys.faultRemaining];
  let primed: Primed | undefined;
  /** Every change through this handle: what it read before may be stale. */
  const changed = () => {
    primed = undefined;
    sessionsRead?.clear();
  };

  const sessionsRead = options.primed ? new Map<string, string | null>() : undefined;
  const sessions = new RedisSessionStore(redis, keys, options.batches.sessionReads, sessionsRead);
  const nonces = new RedisNonceStore(redis, keys);

  const clock: ClockStore = {
    async read() {
      if (primed) return primed.clock;
      const [offset, frozen] = await redis.hmget(keys.meta, 'offsetMs', 'frozenAtMs');
      return clockOf(offset ?? null, frozen ?? null);
    },
    async update(change) {
      changed();
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const [offset, frozen] = await redis.hmget(keys.meta, 'offsetMs', 'frozenAtMs');
        const current = clockOf(offset ?? null, frozen ?? null);
        const next = change(current);
        const written = await scripts.runScript<number>(
          redis,
          scripts.clockCompareAndSet,
          [keys.meta, keys.sessionIndex, keys.expiries],
          [offset || '0', frozen ?? '', ...clockFields(next), keys.sessionPrefix, tokenGraceSeconds],
        );
        if (written === 1) return { offsetMs: next.offsetMs, frozenAtMs: next.frozenAtMs };
      }
      throw new Error(`The clock of world ${name} changed under ${maxAttempts} attempts in a row; giving up.`);
    },
  };

  const faults: FaultStore = {
    async add(request: FaultRuleRequest) {
      changed();
      const rule = {
        ...(request.method === undefined ? {} : { method: request.method.toUpperCase() }),
        ...(request.path === undefined ? {} : { path: request.path }),
        ...(request.status === undefined ? {} : { status: request.status }),
        latencyMs: request.latencyMs ?? 0,
        reset: request.reset ?? false,
        probability: request.probability ?? 1,
        ...(request.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: request.retryAfterSeconds }),
      };
      const remaining = request.times ?? null;
      const id = await scripts.runScript<number>(
        redis,
        scripts.faultAdd,
        [keys.meta, ...faultKeys],
        [JSON.stringify(rule), remaining === null ? '' : remaining],
      );
      return { id, ...rule, remaining };
    },
    async list() {
      return rulesOf(await scripts.runScript<string[]>(redis, scripts.faultList, faultKeys, []));
    },
    async clear() {
      changed();
      await redis.del(...faultKeys);
    },
    async remove(id) {
      changed();
      return (await scripts.runScript<number>(redis, scripts.faultRemove, faultKeys, [id])) > 0;
    },
    async fire(method, path, chance) {
      // The rule is chosen here (chance() is the caller's); its firing is used up in one script.
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const rule = (await faults.list()).find((candidate) => {
          if (candidate.method !== undefined && candidate.method !== method) return false;
          if (candidate.path !== undefined && candidate.path !== path) return false;
          const probability = candidate.probability ?? 1;
          return !(probability < 1 && chance() >= probability);
        });
        if (rule === undefined || rule.remaining == null) return rule;
        changed();
        const left = await scripts.runScript<number>(redis, scripts.faultUse, faultKeys, [rule.id]);
        // -1: used up by another request meanwhile; look again.
        if (left >= 0) return { ...rule, remaining: left };
      }
      throw new Error(`The fault rules of world ${name} changed under ${maxAttempts} attempts in a row; giving up.`);
    },
    async isEmpty() {
      if (primed) return primed.faultCount === 0;
      return (await redis.llen(keys.faults)) === 0;
    },
  };

  const rateLimits: RateLimitStore = {
    async hit(key, nowMs, limit, windowMs): Promise<RateLimitVerdict> {
      const [admitted, remaining, resetInMs] = await scripts.runScript<[number, number, number]>(
        redis,
        scripts.rateHit,
        [keys.rate, keys.rateClose],
        [key, nowMs, limit, windowMs],
      );
      return { admitted: admitted === 1, remaining, resetInMs };
    },
    count(nowMs) {
      return scripts.runScript<number>(redis, scripts.rateCount, [keys.rate, keys.rateClose], [nowMs]);
    },
    async clear() {
      await redis.del(keys.rate, keys.rateClose);
    },
  };

  const journal: Journal = {
    append(pending: PendingJournalRecord) {
      const bytes = Math.max(1, Math.round(pending.approximateBytes));
      return options.batches.journalAppends.add(name, { line: `${bytes} ${JSON.stringify(pending.build())}`, bytes });
    },
    async list(query: JournalQuery = {}) {
      const entries: JournalEntry[] = [];
      for (const line of await redis.lrange(keys.journal, 0, -1)) {
        const first = line.indexOf(' ');
        const second = line.indexOf(' ', first + 1);
        const entry = {
          ...(JSON.parse(line.slice(second + 1)) as JournalEntry),
          sequence: Number(line.slice(0, first)),
        };
        if (journalMatches(entry, query)) entries.push(entry);
      }
      return query.limit === undefined ? entries : entries.slice(-query.limit);
    },
    async clear() {
      await redis.multi().del(keys.journal).hset(keys.meta, 'journalBytes', 0).exec();
    },
  };

  const events: EventChannel = {
    // Sent at once but not waited for: listeners hear events asynchronously anyway (on every replica, from
    // the subscriber connection), in the order they were sent, and a failed publication must not fail the
    // change it announces, which is stored already. Saves a round trip on every request (journal-appended).
    publish(event) {
      redis.publish(keys.events, JSON.stringify(event)).catch(() => undefined);
      return Promise.resolve();
    },
    subscribe: (listener) => options.hub.subscribe(name, listener),
  };

  const readMeta = async (): Promise<WorldMeta> => {
    const [generation, createdAtMs, lastUsedMs, requestsSeen, claimTokenHash] = await redis.hmget(
      keys.meta,
      'generation',
      'createdAtMs',
      'lastUsedMs',
      'requestsSeen',
      'claimTokenHash',
    );
    if (!generation) {
      // Opened elsewhere a moment ago and not yet made, or dropped meanwhile: make it now.
      await scripts.runScript(redis, scripts.initWorld, [keys.meta], [Date.now(), options.newGeneration()]);
      return readMeta();
    }
    return {
      name,
      generation,
      createdAtMs: Number(createdAtMs),
      lastUsedMs: Number(lastUsedMs),
      requestsSeen: Number(requestsSeen),
      claimTokenHash: claimTokenHash || null,
    };
  };

  return {
    name,
    random: options.random,
    sessions,
    nonces,
    clock,
    faults,
    rateLimits,
    journal,
    events,
    async scenario() {
      const json = await redis.hget(keys.meta, 'scenario');
      return json ? (JSON.parse(json) as LoadedScenario) : undefined;
    },
    async setScenario(loaded) {
      changed();
      await redis.hset(keys.meta, 'scenario', loaded === undefined ? '' : JSON.stringify(loaded));
    },
    meta: () => (primed ? Promise.resolve(primed.meta) : readMeta()),
    async claim(tokenHash) {
      changed();
      await redis.hset(keys.meta, 'claimTokenHash', tokenHash ?? '');
    },
    async touch(nowMs) {
      const read = await scripts.runScript<unknown[]>(
        redis,
        scripts.touch,
        [keys.meta, keys.faults],
        [nowMs, options.newGeneration(), '', 1],
      );
      if (options.primed) primed = primedFrom(name, read);
    },
    touched(read) {
      if (options.primed) primed = primedFrom(name, read);
    },
    async reset() {
      changed();
      const generation = options.newGeneration();
      await scripts.runScript(redis, scripts.reset, stateKeys, [keys.sessionPrefix, generation]);
      options.random.reseed();
      await events.publish({ kind: 'reset' });
      return generation;
    },
    async capture(): Promise<WorldState> {
      const [meta, records, nonceList, faultList] = await scripts.runScript<[string[], string[], string[], string[]]>(
        redis,
        scripts.capture,
        stateKeys,
        [keys.sessionPrefix],
      );
      const [generation, offset, frozen, scenario] = meta;
      const pending = [];
      for (let i = 0; i < nonceList.length; i += 2)
        pending.push({ message: nonceList[i]!, expiresAt: Number(nonceList[i + 1]) });
      return {
        generation: generation!,
        clock: clockOf(offset!, frozen!),
        sessions: records.map((json) => JSON.parse(json) as SessionRecord),
        nonces: pending,
        faults: rulesOf(faultList),
        scenario: scenario ? (JSON.parse(scenario) as LoadedScenario) : null,
      };
    },
    async restore(state) {
      const errors = worldStateErrors(state);
      if (errors.length > 0) throw new WorldStateError(errors);
      changed();
      const args: (string | number)[] = [
        keys.sessionPrefix,
        tokenGraceSeconds,
        state.generation,
        ...clockFields(state.clock),
        state.scenario ? JSON.stringify(state.scenario) : '',
        state.sessions.length,
      ];
      for (const record of state.sessions) args.push(record.id, JSON.stringify(record), record.expiry);
      args.push(state.nonces.length);
      for (const nonce of state.nonces) args.push(nonce.message, nonce.expiresAt);
      args.push(state.faults.length);
      for (const rule of state.faults) args.push(rule.id, ruleJson(rule), rule.remaining ?? '');
      await scripts.runScript(redis, scripts.restore, stateKeys, args);
      await events.publish({ kind: 'restored' });
    },
  };
}

/** Makes a world's bookkeeping unless another replica made it first. */
export async function initRedisWorld(redis: Redis, prefix: string, name: string, nowMs: number, generation: string) {
  await scripts.runScript(redis, scripts.initWorld, [worldKeys(prefix, name).meta], [nowMs, generation]);
}
