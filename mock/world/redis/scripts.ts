/**
 * The Lua scripts of the Redis store: one per operation that reads and writes,
 * so that each runs atomically in one round trip (EVALSHA through ioredis's
 * `defineCommand`). Keys are passed as KEYS; a session's key is built from the
 * world's session prefix (same hash tag, so the same Cluster slot).
 *
 * Numbers cross as strings; Lua 5.1 prints large ones as 1.8e+12, which Redis and
 * Number() both read back exactly for the 13 digits of a ms timestamp.
 */
import type { Redis } from 'ioredis';

export interface Script {
  readonly name: string;
  readonly keys: number;
  readonly lua: string;
}

/** Shared Lua: the real ms at which a session key expires, from the world's clock (nil while frozen). */
const deadline = `
local function deadline(meta, expiry, grace)
  local clock = redis.call('HMGET', meta, 'offsetMs', 'frozenAtMs')
  if clock[2] and clock[2] ~= '' then return nil end
  return (tonumber(expiry) + tonumber(grace)) * 1000 - tonumber(clock[1] or '0')
end
local function redisNowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function writeSession(meta, prefix, index, expiries, id, json, expiry, grace)
  local key = prefix .. id
  local at = deadline(meta, expiry, grace)
  redis.call('SET', key, json)
  if at then
    redis.call('PEXPIREAT', key, string.format('%d', at))
    redis.call('ZADD', index, string.format('%d', at), id)
  else
    redis.call('ZADD', index, '+inf', id)
  end
  redis.call('ZADD', expiries, expiry, id)
end
local function pruneIndex(index, expiries)
  local gone = redis.call('ZRANGEBYSCORE', index, '-inf', redisNowMs())
  for _, id in ipairs(gone) do
    redis.call('ZREM', index, id)
    redis.call('ZREM', expiries, id)
  end
end
`;

/** KEYS: meta, sessionIndex, expiries. ARGV: prefix, id, json, expiry, grace, limit. 1: inserted, 0: full, 2: taken. */
export const sessionInsert: Script = {
  name: 'mockSessionInsert',
  keys: 3,
  lua: `${deadline}
if redis.call('EXISTS', ARGV[1] .. ARGV[2]) == 1 then return 2 end
pruneIndex(KEYS[2], KEYS[3])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[6]) then return 0 end
writeSession(KEYS[1], ARGV[1], KEYS[2], KEYS[3], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
return 1`,
};

/**
 * Compare-and-set: writes only when the record is still the one the change read
 * (ARGV expected; '' for none). KEYS: meta, sessionIndex, expiries.
 * ARGV: prefix, id, expected, json, expiry, grace. 1: written; 0: changed meanwhile.
 */
export const sessionCompareAndSet: Script = {
  name: 'mockSessionCompareAndSet',
  keys: 3,
  lua: `${deadline}
local current = redis.call('GET', ARGV[1] .. ARGV[2])
if (current or '') ~= ARGV[3] then return 0 end
writeSession(KEYS[1], ARGV[1], KEYS[2], KEYS[3], ARGV[2], ARGV[4], ARGV[5], ARGV[6])
return 1`,
};

/** Every record held. KEYS: sessionIndex, expiries. ARGV: prefix. */
export const sessionList: Script = {
  name: 'mockSessionList',
  keys: 2,
  lua: `${deadline}
pruneIndex(KEYS[1], KEYS[2])
local records = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local json = redis.call('GET', ARGV[1] .. id)
  if json then records[#records + 1] = json end
end
return records`,
};

/** KEYS: sessionIndex, expiries. */
export const sessionCount: Script = {
  name: 'mockSessionCount',
  keys: 2,
  lua: `${deadline}
pruneIndex(KEYS[1], KEYS[2])
return redis.call('ZCARD', KEYS[1])`,
};

/** Deletes each record still as read (pairs id, json). KEYS: sessionIndex, expiries. ARGV: prefix, pairs... */
export const sessionDeleteUnchanged: Script = {
  name: 'mockSessionDeleteUnchanged',
  keys: 2,
  lua: `
local deleted = 0
for i = 2, #ARGV, 2 do
  local key = ARGV[1] .. ARGV[i]
  if redis.call('GET', key) == ARGV[i + 1] then
    redis.call('DEL', key)
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
    deleted = deleted + 1
  end
end
return deleted`,
};

/** Shared Lua: forgets every session of a world. */
const clearSessions = `
local function clearSessions(prefix, index, expiries)
  for _, id in ipairs(redis.call('ZRANGE', index, 0, -1)) do redis.call('DEL', prefix .. id) end
  redis.call('DEL', index, expiries)
end
`;

/** KEYS: sessionIndex, expiries. ARGV: prefix. */
export const sessionClear: Script = {
  name: 'mockSessionClear',
  keys: 2,
  lua: `${clearSessions}
clearSessions(ARGV[1], KEYS[1], KEYS[2])
return 1`,
};

/**
 * Claims the sessions whose expiry (virtual seconds) is at or before ARGV now: each
 * id is answered to exactly one caller across replicas (the script removes what it
 * answers, atomically), so one replica announces each expiry, and announces them on the world's channel
 * (`session-expired`) in the same script. KEYS: expiries. ARGV: now, channel. Answers id, expiry pairs (flat).
 */
export const claimExpiries: Script = {
  name: 'mockClaimExpiries',
  keys: 1,
  lua: `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
for i = 1, #due, 2 do
  redis.call('ZREM', KEYS[1], due[i])
  redis.call('PUBLISH', ARGV[2],
    cjson.encode({ kind = 'session-expired', sessionId = due[i], expiry = tonumber(due[i + 1]) }))
end
return due`,
};

/** Shared Lua: sets every session key's expiry again after the clock changed. */
const retime = `
local function retimeSessions(meta, prefix, index, expiries, grace)
  for _, id in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    local expiry = redis.call('ZSCORE', expiries, id)
    local key = prefix .. id
    if expiry and redis.call('EXISTS', key) == 1 then
      local at = deadline(meta, expiry, grace)
      if at then
        redis.call('PEXPIREAT', key, string.format('%d', at))
        redis.call('ZADD', index, string.format('%d', at), id)
      else
        redis.call('PERSIST', key)
        redis.call('ZADD', index, '+inf', id)
      end
    end
  end
end
`;

/**
 * Compare-and-set of the clock; moves every session key's expiry with it (a frozen
 * clock keeps them). KEYS: meta, sessionIndex, expiries.
 * ARGV: expected offset, expected frozen ('' none), offset, frozen, prefix, grace. 1: written.
 */
export const clockCompareAndSet: Script = {
  name: 'mockClockCompareAndSet',
  keys: 3,
  lua: `${deadline}${retime}
local clock = redis.call('HMGET', KEYS[1], 'offsetMs', 'frozenAtMs')
if (clock[1] or '0') ~= ARGV[1] or (clock[2] or '') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'offsetMs', ARGV[3], 'frozenAtMs', ARGV[4])
retimeSessions(KEYS[1], ARGV[5], KEYS[2], KEYS[3], ARGV[6])
return 1`,
};

/** KEYS: nonceOrder, nonceExpiry, meta. ARGV: message, expiresAt, limit. 1: issued. */
export const nonceIssue: Script = {
  name: 'mockNonceIssue',
  keys: 3,
  lua: `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
while redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) do
  local oldest = redis.call('ZPOPMIN', KEYS[1])
  redis.call('HDEL', KEYS[2], oldest[1])
end
redis.call('ZADD', KEYS[1], redis.call('HINCRBY', KEYS[3], 'nonceSeq', 1), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`,
};

/** Used up whatever the answer: KEYS: nonceOrder, nonceExpiry. ARGV: message, now. 1: accepted. */
export const nonceConsume: Script = {
  name: 'mockNonceConsume',
  keys: 2,
  lua: `
local expiresAt = redis.call('HGET', KEYS[2], ARGV[1])
if not expiresAt then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) < tonumber(expiresAt) then return 1 end
return 0`,
};

/** KEYS: nonceOrder, nonceExpiry. ARGV: now. Answers how many went. */
export const nonceSweep: Script = {
  name: 'mockNonceSweep',
  keys: 2,
  lua: `
local pending = redis.call('HGETALL', KEYS[2])
local swept = 0
for i = 1, #pending, 2 do
  if tonumber(ARGV[1]) >= tonumber(pending[i + 1]) then
    redis.call('HDEL', KEYS[2], pending[i])
    redis.call('ZREM', KEYS[1], pending[i])
    swept = swept + 1
  end
end
return swept`,
};

/** KEYS: meta, faults, faultRules, faultRemaining. ARGV: json, remaining ('' unlimited). Answers the id. */
export const faultAdd: Script = {
  name: 'mockFaultAdd',
  keys: 4,
  lua: `
local id = redis.call('HINCRBY', KEYS[1], 'faultSeq', 1)
redis.call('RPUSH', KEYS[2], id)
redis.call('HSET', KEYS[3], id, ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[4], id, ARGV[2]) end
return id`,
};

/** KEYS: faults, faultRules, faultRemaining. Answers id, json, remaining ('' unlimited) for each rule. */
export const faultList: Script = {
  name: 'mockFaultList',
  keys: 3,
  lua: `
local rules = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  rules[#rules + 1] = id
  rules[#rules + 1] = redis.call('HGET', KEYS[2], id) or '{}'
  rules[#rules + 1] = redis.call('HGET', KEYS[3], id) or ''
end
return rules`,
};

/** KEYS: faults, faultRules, faultRemaining. ARGV: id. 1: there was one. */
export const faultRemove: Script = {
  name: 'mockFaultRemove',
  keys: 3,
  lua: `
local removed = redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return removed`,
};

/**
 * Uses up one firing of a counted rule; the last firing removes it. KEYS: faults,
 * faultRules, faultRemaining. ARGV: id. Answers the firings left, or -1 when the
 * rule is gone (used up by another request meanwhile: the caller looks again).
 */
export const faultUse: Script = {
  name: 'mockFaultUse',
  keys: 3,
  lua: `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 0 then return -2 end
local left = redis.call('HINCRBY', KEYS[3], ARGV[1], -1)
if left <= 0 then
  redis.call('LREM', KEYS[1], 0, ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
end
return left`,
};

/** Shared Lua: forgets the rate-limit windows closed at `now`. */
const forgetClosed = `
local function forgetClosed(rate, close, now)
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', close, '-inf', now)) do redis.call('HDEL', rate, key) end
  redis.call('ZREMRANGEBYSCORE', close, '-inf', now)
end
`;

/** KEYS: rate, rateClose. ARGV: key, nowMs, limit, windowMs. Answers admitted (1/0), remaining, resetInMs. */
export const rateHit: Script = {
  name: 'mockRateHit',
  keys: 2,
  lua: `${forgetClosed}
local now = tonumber(ARGV[2])
forgetClosed(KEYS[1], KEYS[2], now)
local opened, window, hits = now, tonumber(ARGV[4]), 0
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held then
  local o, w, h = string.match(held, '^(%S+) (%S+) (%S+)$')
  if now < tonumber(o) + tonumber(w) then opened, window, hits = tonumber(o), tonumber(w), tonumber(h) end
end
local admitted = 0
if hits < tonumber(ARGV[3]) then
  hits = hits + 1
  admitted = 1
end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d %d %d', opened, window, hits))
redis.call('ZADD', KEYS[2], string.format('%d', opened + window), ARGV[1])
return {admitted, tonumber(ARGV[3]) - hits, opened + window - now}`,
};

/** KEYS: rate, rateClose. ARGV: nowMs. Answers the windows open. */
export const rateCount: Script = {
  name: 'mockRateCount',
  keys: 2,
  lua: `${forgetClosed}
forgetClosed(KEYS[1], KEYS[2], tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[2])`,
};

/**
 * Appends entries and announces each on the world's channel (`journal-appended`, as EventChannel.publish
 * sends it). KEYS: journal, meta. ARGV: capacity, maxBytes, channel, then "bytes json" and bytes per entry.
 * Answers the first entry's sequence number (the others follow it); the oldest entries go past either cap.
 */
export const journalAppend: Script = {
  name: 'mockJournalAppend',
  keys: 2,
  lua: `
local capacity = tonumber(ARGV[1])
local first = nil
for i = 4, #ARGV, 2 do
  local sequence = redis.call('HINCRBY', KEYS[2], 'journalSeq', 1)
  first = first or sequence
  if capacity > 0 then
    redis.call('RPUSH', KEYS[1], sequence .. ' ' .. ARGV[i])
    redis.call('HINCRBY', KEYS[2], 'journalBytes', ARGV[i + 1])
  end
  redis.call('PUBLISH', ARGV[3], '{"kind":"journal-appended","sequence":' .. sequence .. '}')
end
if capacity == 0 then return first end
local held = tonumber(redis.call('HGET', KEYS[2], 'journalBytes'))
local length = redis.call('LLEN', KEYS[1])
while length > capacity or (held > tonumber(ARGV[2]) and length > 1) do
  local oldest = redis.call('LPOP', KEYS[1])
  held = redis.call('HINCRBY', KEYS[2], 'journalBytes', -tonumber(string.match(oldest, '^%d+ (%d+) ')))
  length = length - 1
end
return first`,
};

/** Drops the oldest entries until `bytes` are freed (the shared budget). KEYS: journal, meta. ARGV: bytes. */
export const journalTrim: Script = {
  name: 'mockJournalTrim',
  keys: 2,
  lua: `
local freed = 0
while freed < tonumber(ARGV[1]) do
  local oldest = redis.call('LPOP', KEYS[1])
  if not oldest then break end
  local bytes = tonumber(string.match(oldest, '^%d+ (%d+) '))
  redis.call('HINCRBY', KEYS[2], 'journalBytes', -bytes)
  freed = freed + bytes
end
return freed`,
};

/** The touch script's third argument: touch a world only if its bookkeeping exists. */
export const touchOnlyMade = 'only-made';

/**
 * Counts requests; makes the world's bookkeeping when it is missing. Answers
 * what a request reads next (one round trip): generation, createdAtMs,
 * lastUsedMs, requestsSeen, offsetMs, frozenAtMs, claimTokenHash, and the number of fault rules.
 * KEYS: meta, faults. ARGV: nowMs, a fresh generation, `touchOnlyMade` to do nothing and answer nil
 * when the bookkeeping is missing (sent with the registry's open, before it is known whether the world is made)
 * or '', and the number of requests to count (those of one turn, sent together).
 */
export const touch: Script = {
  name: 'mockTouch',
  keys: 2,
  lua: `
if redis.call('HEXISTS', KEYS[1], 'generation') == 0 then
  if ARGV[3] == '${touchOnlyMade}' then return false end
  redis.call('HSET', KEYS[1], 'generation', ARGV[2], 'createdAtMs', ARGV[1], 'offsetMs', '0', 'frozenAtMs', '',
    'scenario', '')
end
redis.call('HSET', KEYS[1], 'lastUsedMs', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'requestsSeen', ARGV[4] or 1)
local meta = redis.call('HMGET', KEYS[1], 'generation', 'createdAtMs', 'lastUsedMs', 'requestsSeen',
  'offsetMs', 'frozenAtMs', 'claimTokenHash')
meta[7] = meta[7] or ''
meta[8] = redis.call('LLEN', KEYS[2])
return meta`,
};

/** Makes a world's bookkeeping unless it exists. KEYS: meta. ARGV: nowMs, generation. */
export const initWorld: Script = {
  name: 'mockInitWorld',
  keys: 1,
  lua: `
if redis.call('HSETNX', KEYS[1], 'generation', ARGV[2]) == 1 then
  redis.call('HSET', KEYS[1], 'createdAtMs', ARGV[1], 'lastUsedMs', ARGV[1], 'requestsSeen', '0',
    'offsetMs', '0', 'frozenAtMs', '', 'scenario', '')
end
return 1`,
};

/** Shared Lua: forgets everything a snapshot holds and the rate-limit counts (not the journal). */
const clearState = `${clearSessions}
local function clearState(k, prefix)
  clearSessions(prefix, k.index, k.expiries)
  redis.call('DEL', k.nonceOrder, k.nonceExpiry, k.faults, k.faultRules, k.faultRemaining, k.rate, k.rateClose)
end
local k = { meta = KEYS[1], index = KEYS[2], expiries = KEYS[3], nonceOrder = KEYS[4], nonceExpiry = KEYS[5],
  faults = KEYS[6], faultRules = KEYS[7], faultRemaining = KEYS[8], rate = KEYS[9], rateClose = KEYS[10],
  journal = KEYS[11] }
`;

/** The keys of the scripts below, in their order. */
export const stateKeyCount = 11;

/** Forgets the world's state, journal included, as one operation. KEYS: see clearState. ARGV: prefix, generation. */
export const reset: Script = {
  name: 'mockReset',
  keys: stateKeyCount,
  lua: `${clearState}
clearState(k, ARGV[1])
redis.call('DEL', k.journal)
redis.call('HSET', k.meta, 'generation', ARGV[2], 'offsetMs', '0', 'frozenAtMs', '', 'scenario', '',
  'journalBytes', '0')
return 1`,
};

/**
 * One consistent reading of what a snapshot holds: {generation, offsetMs,
 * frozenAtMs, scenario}, the records, the nonces (message, expiresAt pairs, oldest
 * first), the fault rules (id, json, remaining). KEYS: see clearState. ARGV: prefix.
 */
export const capture: Script = {
  name: 'mockCapture',
  keys: stateKeyCount,
  lua: `${clearState}
local meta = redis.call('HMGET', k.meta, 'generation', 'offsetMs', 'frozenAtMs', 'scenario')
for i = 1, 4 do meta[i] = meta[i] or '' end
local records = {}
for _, id in ipairs(redis.call('ZRANGE', k.index, 0, -1)) do
  local json = redis.call('GET', ARGV[1] .. id)
  if json then records[#records + 1] = json end
end
local nonces = {}
for _, message in ipairs(redis.call('ZRANGE', k.nonceOrder, 0, -1)) do
  nonces[#nonces + 1] = message
  nonces[#nonces + 1] = redis.call('HGET', k.nonceExpiry, message)
end
local faults = {}
for _, id in ipairs(redis.call('LRANGE', k.faults, 0, -1)) do
  faults[#faults + 1] = id
  faults[#faults + 1] = redis.call('HGET', k.faultRules, id) or '{}'
  faults[#faults + 1] = redis.call('HGET', k.faultRemaining, id) or ''
end
return {meta, records, nonces, faults}`,
};

/**
 * Replaces what a snapshot holds as one operation (the caller checked the
 * invariants). KEYS: see clearState. ARGV: prefix, grace, generation, offsetMs,
 * frozenAtMs, scenario, then counts and items: n sessions (id, json, expiry),
 * m nonces (message, expiresAt), f faults (id, json, remaining).
 */
export const restore: Script = {
  name: 'mockRestore',
  keys: stateKeyCount,
  lua: `${deadline}${clearState}
local prefix, grace = ARGV[1], ARGV[2]
clearState(k, prefix)
redis.call('HSET', k.meta, 'generation', ARGV[3], 'offsetMs', ARGV[4], 'frozenAtMs', ARGV[5], 'scenario', ARGV[6])
local at = 7
local n = tonumber(ARGV[at]); at = at + 1
for _ = 1, n do
  writeSession(k.meta, prefix, k.index, k.expiries, ARGV[at], ARGV[at + 1], ARGV[at + 2], grace)
  at = at + 3
end
local m = tonumber(ARGV[at]); at = at + 1
for _ = 1, m do
  redis.call('ZADD', k.nonceOrder, redis.call('HINCRBY', k.meta, 'nonceSeq', 1), ARGV[at])
  redis.call('HSET', k.nonceExpiry, ARGV[at], ARGV[at + 1])
  at = at + 2
end
local f = tonumber(ARGV[at]); at = at + 1
local highest = tonumber(redis.call('HGET', k.meta, 'faultSeq') or '0')
for _ = 1, f do
  local id = ARGV[at]
  redis.call('RPUSH', k.faults, id)
  redis.call('HSET', k.faultRules, id, ARGV[at + 1])
  if ARGV[at + 2] ~= '' then redis.call('HSET', k.faultRemaining, id, ARGV[at + 2]) end
  if tonumber(id) > highest then highest = tonumber(id) end
  at = at + 3
end
redis.call('HSET', k.meta, 'faultSeq', highest)
return 1`,
};

/**
 * Registry: marks `name` used at ARGV now, adding it when there is room.
 * KEYS: worlds. ARGV: name, nowMs, maxWorlds, default name.
 * Answers 1 (known), 2 (added: make its bookkeeping), 0 (full).
 */
export const registryOpen: Script = {
  name: 'mockRegistryOpen',
  keys: 1,
  lua: `
local seen = redis.call('ZSCORE', KEYS[1], ARGV[1])
if seen then
  if tonumber(ARGV[2]) > tonumber(seen) then redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1]) end
  return 1
end
local named = redis.call('ZCARD', KEYS[1])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then named = named - 1 end
if ARGV[1] ~= ARGV[4] and named >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 2`,
};

/** Registry: removes `name` only if not opened since it was looked at. KEYS: worlds. ARGV: name, seen score. */
export const registryRemoveUnchanged: Script = {
  name: 'mockRegistryRemoveUnchanged',
  keys: 1,
  lua: `
local seen = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not seen or tonumber(seen) ~= tonumber(ARGV[2]) then return 0 end
return redis.call('ZREM', KEYS[1], ARGV[1])`,
};

export const allScripts: readonly Script[] = [
  sessionInsert,
  sessionCompareAndSet,
  sessionList,
  sessionCount,
  sessionDeleteUnchanged,
  sessionClear,
  claimExpiries,
  clockCompareAndSet,
  nonceIssue,
  nonceConsume,
  nonceSweep,
  faultAdd,
  faultList,
  faultRemove,
  faultUse,
  rateHit,
  rateCount,
  journalAppend,
  journalTrim,
  touch,
  initWorld,
  reset,
  capture,
  restore,
  registryOpen,
  registryRemoveUnchanged,
];

/** Teaches a connection every script (EVALSHA, with EVAL the first time a server lacks one). */
export function defineScripts(redis: Redis): void {
  for (const script of allScripts) redis.defineCommand(script.name, { numberOfKeys: script.keys, lua: script.lua });
}

/** Runs a defined script. */
export function runScript<T = unknown>(
  redis: Redis,
  script: Script,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<T> {
  if (keys.length !== script.keys) throw new Error(`${script.name} takes ${script.keys} keys, not ${keys.length}.`);
  const command = (redis as unknown as Record<string, (...parts: (string | number)[]) => Promise<T>>)[script.name];
  if (command === undefined) throw new Error(`${script.name} is not defined on this connection (defineScripts).`);
  return command.call(redis, ...keys, ...args);
}

/**
 * Runs scripts at once, without waiting for one's answer before sending the next: one round trip of latency,
 * each still atomic on its own, in order on the connection. Answers their answers in order; the first that failed
 * rejects. (Plain commands, not an ioredis Pipeline: building one per request cost more than the round trip saved.)
 */
export function runScriptsTogether(
  redis: Redis,
  calls: readonly (readonly [script: Script, keys: readonly string[], args: readonly (string | number)[]])[],
): Promise<unknown[]> {
  return Promise.all(calls.map(([script, keys, args]) => runScript(redis, script, keys, args)));
}
