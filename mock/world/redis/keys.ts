/**
 * Where a world's state lives in Redis. Every key of one world carries the hash
 * tag `{name}`, so that all of a world's keys sit in one Redis Cluster slot and a
 * script may touch several of them at once. The registry's keys carry no braces,
 * so that no world name (worldNamePattern has none) can meet them.
 */

/** The keys of the world called `name`, under `prefix` (`mock` unless configured). */
export function worldKeys(prefix: string, name: string) {
  const base = `${prefix}:{${name}}:`;
  return {
    /** Hash: generation, createdAtMs, lastUsedMs, requestsSeen, the clock, the scenario, counters. */
    meta: `${base}meta`,
    /** One string (the SessionRecord's JSON) per session: `${sessionPrefix}<id>`, with a PEXPIREAT. */
    sessionPrefix: `${base}session:`,
    /** Sorted set: session id -> the real ms its key expires at (+inf while the clock is frozen). */
    sessionIndex: `${base}sessions`,
    /** Sorted set: session id -> its expiry (virtual Unix seconds): due expiries, claimed once (ZREM). */
    expiries: `${base}expiries`,
    /** Sorted set: message -> order of issue. */
    nonceOrder: `${base}nonces`,
    /** Hash: message -> expiry (virtual Unix seconds). */
    nonceExpiry: `${base}nonce-expiry`,
    /** List of fault rule ids, in the order they are tried. */
    faults: `${base}faults`,
    /** Hash: rule id -> the rule's JSON without id and remaining. */
    faultRules: `${base}fault-rules`,
    /** Hash: rule id -> firings left (absent: unlimited). */
    faultRemaining: `${base}fault-remaining`,
    /** Hash: rate-limit key -> "openedMs windowMs hits". */
    rate: `${base}rate`,
    /** Sorted set: rate-limit key -> the real ms its window closes. */
    rateClose: `${base}rate-close`,
    /** List of "sequence bytes json", oldest first. */
    journal: `${base}journal`,
    /** The pub/sub channel of the world's events. */
    events: `${base}events`,
  };
}

export type WorldKeys = ReturnType<typeof worldKeys>;

/** The registry's keys: the set of worlds and the token secret the replicas share. */
export function registryKeys(prefix: string) {
  return {
    /** Sorted set: world name -> real ms of its last open (least recently used first). */
    worlds: `${prefix}:worlds`,
    tokenSecret: `${prefix}:token-secret`,
    /** One string per connection token the hub's negotiate step issued: `${negotiationPrefix}<token>`, with a TTL. */
    negotiationPrefix: `${prefix}:negotiation:`,
    /** The pattern of every world's event channel. */
    eventsPattern: `${prefix}:{*}:events`,
  };
}

/** The world a channel of `registryKeys(prefix).eventsPattern` belongs to. */
export function worldOfChannel(prefix: string, channel: string): string | undefined {
  const head = `${prefix}:{`;
  const tail = '}:events';
  if (!channel.startsWith(head) || !channel.endsWith(tail)) return undefined;
  return channel.slice(head.length, channel.length - tail.length);
}
