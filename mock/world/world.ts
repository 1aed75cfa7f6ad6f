/**
 * A world: every piece of state of one namespace, behind async interfaces, so
 * that an in-memory implementation (one process) and a shared one (Redis, for
 * replicas) can stand in for each other. docs/architecture.md explains the layers.
 *
 * Every operation is atomic by contract: an implementation must give the same
 * answers when operations of concurrent requests interleave at every `await`.
 * Changes that need the current value are pure functions applied by the store
 * (free of side effects, so an optimistic retry is safe); counters and single-use
 * values change in one operation (a nonce is consumed by `consume`, a fault
 * rule's `remaining` by `fire`). No implementation caches across requests.
 */
import type { MockControlComponents } from '../../spec/index.ts';
import type { Change, Outcome, SessionRecord } from '../domain/index.ts';

type ControlSchemas = MockControlComponents['schemas'];
export type FaultRule = ControlSchemas['FaultRule'];
export type FaultRuleRequest = ControlSchemas['FaultRuleRequest'];
export type LoadedScenario = ControlSchemas['LoadedScenario'];

/** The one name a request without `X-Mock-Namespace` lives in; never dropped. */
export const defaultWorldName = 'default';
/** What `X-Mock-Namespace` may say (spec/mock-overlay.yaml). */
export const worldNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  /**
   * Adds a record, in one operation, unless a record with its id is held ('taken': draw another id) or the store
   * already holds `limit` records ('full'). Replicas started with one --seed draw the same ids, so two of them
   * may insert one id at once: exactly one gets 'inserted'.
   */
  insert(record: SessionRecord, limit: number): Promise<InsertOutcome>;
  /**
   * Applies a pure change to the current record (undefined when there is none)
   * atomically: no other change to the same record interleaves with it. The change
   * may run more than once (optimistic retries); only its last run's result counts.
   */
  update<T>(
    id: string,
    change: (current: SessionRecord | undefined) => Outcome<Change<T>>,
  ): Promise<Outcome<Change<T>>>;
  list(): Promise<SessionRecord[]>;
  /** Forgets the records `collectable` says may go; answers how many went. */
  sweep(collectable: (record: SessionRecord) => boolean): Promise<number>;
  count(): Promise<number>;
  clear(): Promise<void>;
  /**
   * The sessions whose expiry (virtual Unix seconds) is at or before `now`, each answered to exactly one
   * caller across every replica of the store, then never again unless its record is written anew (a restore),
   * and announced to the world's listeners as `session-expired` in the same operation, so that no expiry is
   * claimed and then lost unannounced. A record written keeps its expiry here until claimed, swept or cleared.
   */
  claimExpired(now: number): Promise<DueExpiry[]>;
}

export type InsertOutcome = 'inserted' | 'taken' | 'full';

/** A session whose expiry has come, as `SessionStore.claimExpired` answers it. */
export interface DueExpiry {
  readonly id: string;
  /** Unix seconds (virtual time). */
  readonly expiry: number;
}

/** Wallet-proof messages waiting to be signed, each usable once, before it expires. */
export interface NonceStore {
  /**
   * Keeps `message` until `expiresAt` (Unix seconds). When `limit` messages are
   * pending, the one issued first makes room (a flood only loses its own oldest).
   * Answers false when `message` is pending already (draw another).
   */
  issue(message: string, expiresAt: number, limit: number): Promise<boolean>;
  /** True once for a pending message not expired at `now`; false ever after. */
  consume(message: string, now: number): Promise<boolean>;
  sweep(now: number): Promise<number>;
  count(): Promise<number>;
  clear(): Promise<void>;
}

/** The virtual clock's state; real time comes from the process, so replicas agree. */
export interface ClockState {
  /** Added to real time; only grows, except when a snapshot is restored. */
  readonly offsetMs: number;
  /** While frozen, the virtual time (ms) at which it stands still. */
  readonly frozenAtMs: number | null;
}

export interface ClockStore {
  read(): Promise<ClockState>;
  /** Applies a pure change to the state atomically; answers the new state. */
  update(change: (current: ClockState) => ClockState): Promise<ClockState>;
}

export interface FaultStore {
  add(rule: FaultRuleRequest): Promise<FaultRule>;
  list(): Promise<FaultRule[]>;
  clear(): Promise<void>;
  /** Removes the rule with this id; answers whether there was one. */
  remove(id: number): Promise<boolean>;
  /**
   * The first rule matching `method` and `path` that fires (`chance()` below its
   * probability), with one of its remaining firings used up in the same operation:
   * a rule of `times: 2` fires twice across all requests and replicas, never more.
   */
  fire(method: string, path: string, chance: () => number): Promise<FaultRule | undefined>;
  /** Whether no rule is set: lets the hot path skip `fire`. */
  isEmpty(): Promise<boolean>;
}

/** What `RateLimitStore.hit` answers. */
export interface RateLimitVerdict {
  /** Whether the request was counted within the limit (false: answer 429). */
  readonly admitted: boolean;
  /** Requests the key may still make in its window. */
  readonly remaining: number;
  /** Real ms until the key's window closes and its count starts again. */
  readonly resetInMs: number;
}

/**
 * Requests counted per caller for `--rate-limit` (docs/rules.md §20), in fixed windows of real time: a key's
 * window opens with its first request and lasts `windowMs`. Not part of a snapshot: the counts are about traffic
 * in real time, not the API's state, and a restored count would throttle a caller for requests of another run.
 */
export interface RateLimitStore {
  /**
   * Counts one request of `key` at real time `nowMs` unless its window already holds `limit`, in one operation
   * (concurrent requests never get more than `limit` admitted); forgets windows that have closed.
   */
  hit(key: string, nowMs: number, limit: number, windowMs: number): Promise<RateLimitVerdict>;
  /** Keys whose window is open at `nowMs`. */
  count(nowMs: number): Promise<number>;
  clear(): Promise<void>;
}

export type JournalEntry = ControlSchemas['JournalEntry'];
export type JournalRecord = Omit<JournalEntry, 'sequence'>;

/**
 * A journal entry as it is appended: the fields the journal filters on, and the
 * rest built only when the entry is read (mock/core/journal-entry.ts), since most
 * entries never are and building one (redaction, body text) cost a sixth of a
 * request. A store that must serialise the entry at once calls `build` then.
 */
export interface PendingJournalRecord {
  readonly method: string;
  readonly status: number;
  readonly operationId: string | null;
  /** The real time the request arrived, ms (the entry's `time`). */
  readonly receivedMs: number;
  /** About the length of the built entry's JSON, for the journals' byte budget. */
  readonly approximateBytes: number;
  build(): JournalRecord;
}

export interface JournalQuery {
  readonly operationId?: string;
  readonly status?: number;
  readonly method?: string;
  /** Only entries with a larger sequence number. */
  readonly after?: number;
  /** Only entries at or after this real time (ms). */
  readonly sinceMs?: number;
  readonly limit?: number;
}

/** The recent requests of a world, oldest first, capped in count and bytes. */
export interface Journal {
  /**
   * Stores the entry with the next sequence number and announces it to the world's listeners (`journal-appended`:
   * the dashboard's stream reads the entry then, so that nobody builds it otherwise); answers that number.
   */
  append(entry: PendingJournalRecord): Promise<number>;
  list(query?: JournalQuery): Promise<JournalEntry[]>;
  clear(): Promise<void>;
}

/** What a world tells its listeners (the hub, the dashboard) after it is stored. */
export type WorldEvent =
  | { readonly kind: 'member-added'; readonly sessionId: string; readonly member: SessionRecord['members'][number] }
  /** `member.state` says why: 'kicked' or 'left' (disconnect). */
  | { readonly kind: 'member-removed'; readonly sessionId: string; readonly member: SessionRecord['members'][number] }
  | { readonly kind: 'session-deleted'; readonly sessionId: string }
  | { readonly kind: 'session-created'; readonly sessionId: string }
  /**
   * The virtual clock passed the session's expiry (Unix seconds); published once across replicas by the
   * replica that claimed it (`SessionStore.claimExpired`), so that every replica's hub tells its clients.
   */
  | { readonly kind: 'session-expired'; readonly sessionId: string; readonly expiry: number }
  | { readonly kind: 'clock-moved' }
  | { readonly kind: 'faults-changed' }
  /** A nonce was issued or used up. */
  | { readonly kind: 'nonces-changed' }
  /** The world took a snapshot's state (`restore`); listeners treat it as a reset. */
  | { readonly kind: 'restored' }
  | { readonly kind: 'scenario-loaded' }
  /** A request was journalled as entry `sequence` (the dashboard reads it then and shows it as it comes). */
  | { readonly kind: 'journal-appended'; readonly sequence: number }
  | { readonly kind: 'reset' };

export interface EventChannel {
  publish(event: WorldEvent): Promise<void>;
  /** Calls `listener` for every event published after this call; answers how to stop. */
  subscribe(listener: (event: WorldEvent) => void): () => void;
}

/**
 * The connection tokens the session hub's negotiate step hands out, each good for one WebSocket upgrade
 * within `ttlMs` of its issue, on any replica of the store (a client may negotiate on one and connect on
 * another). Not a world's state: a token names no world until its connection presents a session token.
 */
export interface NegotiationStore {
  /** Keeps `token` for `ttlMs` (real time). */
  put(token: string, ttlMs: number): Promise<void>;
  /** True once for a kept, unexpired token; false ever after (across replicas too). */
  take(token: string): Promise<boolean>;
}

/** A world's identity and bookkeeping. */
export interface WorldMeta {
  readonly name: string;
  /** New on every reset (and for every new world): tokens of another generation are refused. */
  readonly generation: string;
  readonly createdAtMs: number;
  readonly lastUsedMs: number;
  readonly requestsSeen: number;
  /**
   * The SHA-256 (hex) of the world's own control token, set by `claim`; null while unclaimed. A claimed
   * world's control calls accept that token besides the mock's `--control-token` (spec/mock-control.yaml,
   * `claimNamespace`). It survives `reset` and `restore` and goes with the world (`WorldRegistry.delete`,
   * idle expiry): a store keeps it in the world's bookkeeping, never in a snapshot.
   */
  readonly claimTokenHash: string | null;
}

/** Every random choice of a world (ids, nonces, pseudonyms), reproducible with `--seed`. */
export interface RandomSource {
  uuid(): string;
  /** A whole number in [0, max]. */
  int(max: number): number;
  pseudonym(): string;
  /** A lower-case Ethereum address. */
  address(): string;
  /** Starts the sequence again (same seed, same sequence). */
  reseed(): void;
}

/** A pending wallet-proof message. */
export interface PendingNonce {
  readonly message: string;
  /** Unix seconds (virtual time). */
  readonly expiresAt: number;
}

/**
 * Everything of a world a snapshot holds (spec/mock-control.yaml, `Snapshot`):
 * not the journal, the random source or the bookkeeping of `WorldMeta`.
 */
export interface WorldState {
  readonly generation: string;
  readonly clock: ClockState;
  /** Every record, deleted and expired ones not yet forgotten included. */
  readonly sessions: readonly SessionRecord[];
  /** In the order of issue, oldest first. */
  readonly nonces: readonly PendingNonce[];
  /** In the order they are tried, with the firings each has left. */
  readonly faults: readonly FaultRule[];
  readonly scenario: LoadedScenario | null;
}

export interface World {
  readonly name: string;
  readonly random: RandomSource;
  readonly sessions: SessionStore;
  readonly nonces: NonceStore;
  readonly clock: ClockStore;
  readonly faults: FaultStore;
  readonly rateLimits: RateLimitStore;
  readonly journal: Journal;
  readonly events: EventChannel;
  scenario(): Promise<LoadedScenario | undefined>;
  setScenario(loaded: LoadedScenario | undefined): Promise<void>;
  meta(): Promise<WorldMeta>;
  /** Counts a request and its time of use (real ms), for idle expiry and `GET /__mock/namespaces`. */
  touch(nowMs: number): Promise<void>;
  /** Sets `WorldMeta.claimTokenHash` (null: unclaimed), replacing the one before, in one operation. */
  claim(tokenHash: string | null): Promise<void>;
  /**
   * Forgets sessions, nonces, faults, rate-limit counts, the journal and the scenario, sets the clock
   * back to real time and starts a new generation, as one operation; answers it.
   */
  reset(): Promise<string>;
  /** The world's state as one consistent reading (no change lands halfway through it). */
  capture(): Promise<WorldState>;
  /**
   * Replaces the world's state with `state` as one operation, generation and
   * clock included (the one way a clock moves back), then publishes `restored`.
   * A state that breaks the world's invariants (world-state.ts) is refused with a
   * WorldStateError before anything changes. The journal stays as it is.
   */
  restore(state: WorldState): Promise<void>;
}

export interface WorldSummary extends WorldMeta {
  readonly liveSessions: number;
  readonly clockOffsetSeconds: number;
}

/** Why a world cannot be opened. */
export type OpenRefusal = { readonly reason: 'full'; readonly retryAfterSeconds: number };

/** Every world of the mock, bounded in number and dropped when idle. */
export interface WorldRegistry {
  /**
   * The world called `name`, made when it does not exist. When the registry holds
   * its maximum, the least recently used world without live sessions makes room;
   * when every world has live sessions, answers a refusal.
   */
  open(name: string, nowMs: number): Promise<World | OpenRefusal>;
  /**
   * A request's first step: `open`, then `touch(nowMs)` on the world it answers. The same as calling both;
   * a shared store sends them together (one round trip for a world that exists).
   */
  openAndTouch(name: string, nowMs: number): Promise<World | OpenRefusal>;
  /** The world if it exists; never makes one. */
  find(name: string): Promise<World | undefined>;
  list(nowMs: number): Promise<WorldSummary[]>;
  /** Forgets a world whole; `default` is emptied (reset) instead. Answers whether it existed. */
  delete(name: string): Promise<boolean>;
  /** Drops worlds idle for longer than the configured time (never `default`). */
  sweepIdle(nowMs: number): Promise<number>;
  /** Calls `listener` with every event of every world, of worlds opened later too; answers how to stop. */
  watch(listener: (world: string, event: WorldEvent) => void): () => void;
}

/** The virtual time (ms) a clock state shows at real time `realNowMs`. */
export function virtualNowMs(state: ClockState, realNowMs: number): number {
  return state.frozenAtMs ?? realNowMs + state.offsetMs;
}

/** `openAndTouch` of a registry that has nothing to gain from doing both at once: the two calls in turn. */
export async function openThenTouch(registry: WorldRegistry, name: string, nowMs: number) {
  const opened = await registry.open(name, nowMs);
  if (!('reason' in opened)) await opened.touch(nowMs);
  return opened;
}
