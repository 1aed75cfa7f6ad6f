/**
 * The in-memory world: the default store, for one process. Each operation runs
 * synchronously between two awaits of its caller, which is what makes it atomic
 * here; the shared test suite (world-contract.ts) holds every implementation to
 * the same answers under interleaving.
 */
import type { Change, Outcome, SessionRecord } from '../domain/index.ts';
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
  PendingJournalRecord,
  NonceStore,
  PendingNonce,
  RandomSource,
  RateLimitStore,
  RateLimitVerdict,
  SessionStore,
  World,
  WorldEvent,
  WorldState,
} from './world.ts';
import { WorldStateError, worldStateErrors } from './world-state.ts';

export class MemorySessionStore implements SessionStore {
  private readonly records = new Map<string, SessionRecord>();
  /** Session id -> expiry (Unix seconds) not yet claimed (`claimExpired`); set again on every write. */
  private readonly unclaimed = new Map<string, number>();

  /** `announce` tells the world's listeners of an expiry claimed (`session-expired`). */
  constructor(private readonly announce: (due: DueExpiry) => void = () => undefined) {}

  get(id: string): Promise<SessionRecord | undefined> {
    return Promise.resolve(this.records.get(id));
  }

  insert(record: SessionRecord, limit: number): Promise<InsertOutcome> {
    if (this.records.has(record.id)) return Promise.resolve('taken');
    if (this.records.size >= limit) return Promise.resolve('full');
    this.write(record);
    return Promise.resolve('inserted');
  }

  update<T>(
    id: string,
    change: (current: SessionRecord | undefined) => Outcome<Change<T>>,
  ): Promise<Outcome<Change<T>>> {
    const outcome = change(this.records.get(id));
    if (outcome.ok) this.write(outcome.value.record);
    return Promise.resolve(outcome);
  }

  list(): Promise<SessionRecord[]> {
    return Promise.resolve([...this.records.values()]);
  }

  sweep(collectable: (record: SessionRecord) => boolean): Promise<number> {
    let swept = 0;
    for (const [id, record] of this.records) {
      if (!collectable(record)) continue;
      this.records.delete(id);
      this.unclaimed.delete(id);
      swept++;
    }
    return Promise.resolve(swept);
  }

  count(): Promise<number> {
    return Promise.resolve(this.records.size);
  }

  clear(): Promise<void> {
    this.records.clear();
    this.unclaimed.clear();
    return Promise.resolve();
  }

  claimExpired(now: number): Promise<DueExpiry[]> {
    const due: DueExpiry[] = [];
    for (const [id, expiry] of this.unclaimed) {
      if (expiry > now) continue;
      this.unclaimed.delete(id);
      due.push({ id, expiry });
    }
    for (const expired of due) this.announce(expired);
    return Promise.resolve(due);
  }

  /** Every record now, for a world's `capture` (synchronous: one consistent reading). */
  held(): SessionRecord[] {
    return [...this.records.values()];
  }

  /** Holds exactly `records`, for a world's `restore`. */
  replace(records: readonly SessionRecord[]): void {
    this.records.clear();
    this.unclaimed.clear();
    for (const record of records) this.write(record);
  }

  private write(record: SessionRecord): void {
    this.records.set(record.id, record);
    this.unclaimed.set(record.id, record.expiry);
  }
}

export class MemoryNonceStore implements NonceStore {
  /** Message -> expiry (Unix seconds); a Map keeps the order of issue, oldest first. */
  private readonly pending = new Map<string, number>();

  issue(message: string, expiresAt: number, limit: number): Promise<boolean> {
    if (this.pending.has(message)) return Promise.resolve(false);
    while (this.pending.size >= limit) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(message, expiresAt);
    return Promise.resolve(true);
  }

  consume(message: string, now: number): Promise<boolean> {
    const expiresAt = this.pending.get(message);
    if (expiresAt === undefined) return Promise.resolve(false);
    this.pending.delete(message);
    return Promise.resolve(now < expiresAt);
  }

  sweep(now: number): Promise<number> {
    let swept = 0;
    for (const [message, expiresAt] of this.pending) {
      if (now < expiresAt) continue;
      this.pending.delete(message);
      swept++;
    }
    return Promise.resolve(swept);
  }

  count(): Promise<number> {
    return Promise.resolve(this.pending.size);
  }

  clear(): Promise<void> {
    this.pending.clear();
    return Promise.resolve();
  }

  held(): PendingNonce[] {
    return [...this.pending].map(([message, expiresAt]) => ({ message, expiresAt }));
  }

  replace(nonces: readonly PendingNonce[]): void {
    this.pending.clear();
    for (const { message, expiresAt } of nonces) this.pending.set(message, expiresAt);
  }
}

export const realTimeClock: ClockState = Object.freeze({ offsetMs: 0, frozenAtMs: null });

export class MemoryClockStore implements ClockStore {
  private state: ClockState = realTimeClock;

  read(): Promise<ClockState> {
    return Promise.resolve(this.state);
  }

  update(change: (current: ClockState) => ClockState): Promise<ClockState> {
    this.state = change(this.state);
    return Promise.resolve(this.state);
  }

  held(): ClockState {
    return this.state;
  }

  replace(state: ClockState): void {
    this.state = { offsetMs: state.offsetMs, frozenAtMs: state.frozenAtMs };
  }
}

export class MemoryFaultStore implements FaultStore {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(request: FaultRuleRequest): Promise<FaultRule> {
    const rule: FaultRule = {
      id: this.nextId++,
      ...(request.method === undefined ? {} : { method: request.method.toUpperCase() }),
      ...(request.path === undefined ? {} : { path: request.path }),
      ...(request.status === undefined ? {} : { status: request.status }),
      latencyMs: request.latencyMs ?? 0,
      reset: request.reset ?? false,
      probability: request.probability ?? 1,
      remaining: request.times ?? null,
      ...(request.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: request.retryAfterSeconds }),
    };
    this.rules.push(rule);
    return Promise.resolve({ ...rule });
  }

  list(): Promise<FaultRule[]> {
    return Promise.resolve(this.rules.map((rule) => ({ ...rule })));
  }

  clear(): Promise<void> {
    this.rules = [];
    return Promise.resolve();
  }

  remove(id: number): Promise<boolean> {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return Promise.resolve(this.rules.length < before);
  }

  held(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** Holds exactly `rules`; a rule added later gets an id none of them has. */
  replace(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule }));
    this.nextId = Math.max(0, ...this.rules.map((rule) => rule.id)) + 1;
  }

  isEmpty(): Promise<boolean> {
    return Promise.resolve(this.rules.length === 0);
  }

  fire(method: string, path: string, chance: () => number): Promise<FaultRule | undefined> {
    for (const rule of this.rules) {
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.path !== undefined && rule.path !== path) continue;
      const probability = rule.probability ?? 1;
      if (probability < 1 && chance() >= probability) continue;
      if (rule.remaining != null) {
        rule.remaining--;
        if (rule.remaining <= 0) this.rules = this.rules.filter((other) => other !== rule);
      }
      return Promise.resolve({ ...rule });
    }
    return Promise.resolve(undefined);
  }
}

export class MemoryRateLimitStore implements RateLimitStore {
  /** Key -> its open window, in the order windows opened: with windows all alike, the order they close in. */
  private readonly windows = new Map<string, { openedMs: number; windowMs: number; hits: number }>();

  hit(key: string, nowMs: number, limit: number, windowMs: number): Promise<RateLimitVerdict> {
    this.forgetClosed(nowMs);
    let window = this.windows.get(key);
    if (window === undefined || nowMs >= window.openedMs + window.windowMs) {
      this.windows.delete(key);
      window = { openedMs: nowMs, windowMs, hits: 0 };
      this.windows.set(key, window);
    }
    const admitted = window.hits < limit;
    if (admitted) window.hits++;
    return Promise.resolve({
      admitted,
      remaining: limit - window.hits,
      resetInMs: window.openedMs + window.windowMs - nowMs,
    });
  }

  count(nowMs: number): Promise<number> {
    this.forgetClosed(nowMs);
    let open = 0;
    for (const window of this.windows.values()) if (nowMs < window.openedMs + window.windowMs) open++;
    return Promise.resolve(open);
  }

  clear(): Promise<void> {
    this.windows.clear();
    return Promise.resolve();
  }

  /** Closed windows sit at the front: forgetting them costs one look per request and one per window. */
  private forgetClosed(nowMs: number): void {
    for (const [key, window] of this.windows) {
      if (nowMs < window.openedMs + window.windowMs) break;
      this.windows.delete(key);
    }
  }
}

/**
 * A byte budget several journals share (the registry's, across all its worlds):
 * told of every change in what a journal holds, it may make the journal holding
 * the most give up its oldest entries, so a flood in one world trims its own.
 */
export interface JournalBudget {
  changed(journal: MemoryJournal, deltaBytes: number): void;
}

/** One kept entry: built on its first reading, then kept built. */
interface HeldEntry {
  readonly pending: PendingJournalRecord;
  readonly sequence: number;
  readonly bytes: number;
  built?: JournalEntry;
}

/** A ring of at most `capacity` entries and about `maxBytes` of them (their JSON length). */
export class MemoryJournal implements Journal {
  private entries: HeldEntry[] = [];
  private bytes = 0;
  private sequence = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxBytes: number = Number.POSITIVE_INFINITY,
    private readonly budget?: JournalBudget,
    /** Tells the world's listeners of an entry appended. */
    private readonly announce: (sequence: number) => void = () => undefined,
  ) {}

  /** The bytes (about the JSON length) of the entries held. */
  get bytesHeld(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.length;
  }

  append(pending: PendingJournalRecord): Promise<number> {
    const sequence = ++this.sequence;
    if (this.capacity === 0) {
      this.announce(sequence);
      return Promise.resolve(sequence);
    }
    const bytes = pending.approximateBytes;
    const before = this.bytes;
    this.entries.push({ pending, sequence, bytes });
    this.bytes += bytes;
    while (this.entries.length > this.capacity || (this.bytes > this.maxBytes && this.entries.length > 1)) {
      this.bytes -= this.entries.shift()!.bytes;
    }
    this.budget?.changed(this, this.bytes - before);
    this.announce(sequence);
    return Promise.resolve(sequence);
  }

  /** Forgets the oldest entry (for a shared budget); answers the bytes freed. */
  dropOldest(): number {
    const oldest = this.entries.shift();
    if (oldest === undefined) return 0;
    this.bytes -= oldest.bytes;
    return oldest.bytes;
  }

  list(query: JournalQuery = {}): Promise<JournalEntry[]> {
    const matching = this.entries.filter((held) => pendingMatches(held, query));
    const listed = query.limit === undefined ? matching : matching.slice(-query.limit);
    return Promise.resolve(listed.map((held) => (held.built ??= { ...held.pending.build(), sequence: held.sequence })));
  }

  clear(): Promise<void> {
    const freed = this.bytes;
    this.entries = [];
    this.bytes = 0;
    this.budget?.changed(this, -freed);
    return Promise.resolve();
  }
}

/** journalMatches over an entry not yet built: the same filters on the fields a pending record holds. */
function pendingMatches(held: HeldEntry, query: JournalQuery): boolean {
  const { pending } = held;
  if (query.operationId !== undefined && pending.operationId !== query.operationId) return false;
  if (query.status !== undefined && pending.status !== query.status) return false;
  if (query.method !== undefined && pending.method !== query.method.toUpperCase()) return false;
  if (query.after !== undefined && held.sequence <= query.after) return false;
  // The entry's `time` is receivedMs to the millisecond.
  if (query.sinceMs !== undefined && Math.floor(pending.receivedMs) < query.sinceMs) return false;
  return true;
}

/** Whether an entry passes a journal query's filters (every implementation filters alike). */
export function journalMatches(entry: JournalEntry, query: JournalQuery): boolean {
  const fields = entry as JournalEntry & { sequence?: number };
  if (query.operationId !== undefined && entry.operationId !== query.operationId) return false;
  if (query.status !== undefined && entry.status !== query.status) return false;
  if (query.method !== undefined && entry.method !== query.method.toUpperCase()) return false;
  if (query.after !== undefined && (fields.sequence ?? 0) <= query.after) return false;
  if (query.sinceMs !== undefined && Date.parse(entry.time) < query.sinceMs) return false;
  return true;
}

export class MemoryEventChannel implements EventChannel {
  private readonly listeners = new Set<(event: WorldEvent) => void>();

  publish(event: WorldEvent): Promise<void> {
    if (this.listeners.size === 0) return Promise.resolve();
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not turn a stored change into a failed request.
      }
    }
    return Promise.resolve();
  }

  subscribe(listener: (event: WorldEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface MemoryWorldOptions {
  readonly name: string;
  readonly random: RandomSource;
  /** A fresh generation id (random, never from --seed). */
  readonly newGeneration: () => string;
  readonly journalSize: number;
  readonly journalBytes?: number;
  /** A byte budget shared with other worlds' journals. */
  readonly journalBudget?: JournalBudget;
  readonly nowMs: number;
}

export function createMemoryWorld(options: MemoryWorldOptions): World {
  const events = new MemoryEventChannel();
  const sessions = new MemorySessionStore(({ id, expiry }) => {
    void events.publish({ kind: 'session-expired', sessionId: id, expiry });
  });
  const nonces = new MemoryNonceStore();
  const clock = new MemoryClockStore();
  const faults = new MemoryFaultStore();
  const rateLimits = new MemoryRateLimitStore();
  const journal = new MemoryJournal(options.journalSize, options.journalBytes, options.journalBudget, (sequence) => {
    void events.publish({ kind: 'journal-appended', sequence });
  });
  let scenario: LoadedScenario | undefined;
  let generation = options.newGeneration();
  // Counted on every request: kept as plain numbers, made into a WorldMeta only when read.
  let lastUsedMs = options.nowMs;
  let requestsSeen = 0;
  let claimTokenHash: string | null = null;
  return {
    name: options.name,
    random: options.random,
    sessions,
    nonces,
    clock,
    faults,
    rateLimits,
    journal,
    events,
    scenario: () => Promise.resolve(scenario),
    setScenario: (loaded) => {
      scenario = loaded;
      return Promise.resolve();
    },
    meta: () =>
      Promise.resolve({
        name: options.name,
        generation,
        createdAtMs: options.nowMs,
        lastUsedMs,
        requestsSeen,
        claimTokenHash,
      }),
    touch: (nowMs) => {
      lastUsedMs = nowMs;
      requestsSeen++;
      return Promise.resolve();
    },
    claim: (tokenHash) => {
      claimTokenHash = tokenHash;
      return Promise.resolve();
    },
    reset: async () => {
      await Promise.all([sessions.clear(), nonces.clear(), faults.clear(), rateLimits.clear(), journal.clear()]);
      await clock.update(() => realTimeClock);
      scenario = undefined;
      options.random.reseed();
      generation = options.newGeneration();
      const started = generation;
      await events.publish({ kind: 'reset' });
      return started;
    },
    // Both read or write every store between two awaits: no request's change lands halfway.
    capture: (): Promise<WorldState> =>
      Promise.resolve({
        generation,
        clock: clock.held(),
        sessions: sessions.held(),
        nonces: nonces.held(),
        faults: faults.held(),
        scenario: scenario ?? null,
      }),
    restore: async (state) => {
      const errors = worldStateErrors(state);
      if (errors.length > 0) throw new WorldStateError(errors);
      sessions.replace(state.sessions);
      nonces.replace(state.nonces);
      faults.replace(state.faults);
      clock.replace(state.clock);
      scenario = state.scenario ?? undefined;
      generation = state.generation;
      await events.publish({ kind: 'restored' });
    },
  };
}
