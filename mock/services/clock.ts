/**
 * A world's virtual clock: real time plus an offset that only grows, so tests
 * and frontends can make sessions, nonces and tokens expire without waiting.
 * It never passes `latestClockTime` (spec/mock-control.yaml, setClock). Pure
 * functions over the state a world's ClockStore keeps (mock/world/world.ts).
 */
import { failure, latestClockTime, success, type Outcome } from '../domain/index.ts';
import { virtualNowMs, type ClockState } from '../world/world.ts';

const latestIso = new Date(latestClockTime * 1000).toISOString().replace('.000Z', 'Z');

/** The virtual time (ms) of a world whose clock is in `state`, at real time `realNowMs`. */
export function clockNowMs(state: ClockState, realNowMs: number): number {
  // Held at the limit even if real time went on after a move to it.
  return Math.min(virtualNowMs(state, realNowMs), latestClockTime * 1000);
}

/** Unix seconds, the unit of the API's `expiry`. */
export function clockNow(state: ClockState, realNowMs: number): number {
  return Math.floor(clockNowMs(state, realNowMs) / 1000);
}

/** How far the clock runs ahead of real time (negative once a frozen clock stood long enough). */
export function offsetSeconds(state: ClockState, realNowMs: number): number {
  return Math.floor((clockNowMs(state, realNowMs) - realNowMs) / 1000);
}

/**
 * The clock moved by `change`: forward by whole seconds, or to a time. A move the
 * clock refuses (backwards, past the limit) is a problem saying why.
 */
export function moveClock(state: ClockState, change: ClockChange, realNowMs: number): Outcome<ClockState> {
  const now = clockNow(state, realNowMs);
  if ('freeze' in change) {
    // Freezing a frozen clock or releasing a running one changes nothing.
    if (change.freeze)
      return success(state.frozenAtMs === null ? { ...state, frozenAtMs: clockNowMs(state, realNowMs) } : state);
    if (state.frozenAtMs === null) return success(state);
    return success({ offsetMs: state.frozenAtMs - realNowMs, frozenAtMs: null });
  }
  let seconds: number;
  if ('advanceSeconds' in change) {
    seconds = change.advanceSeconds;
    if (!Number.isInteger(seconds)) return refused('advanceSeconds must be a whole number of seconds.');
    if (seconds < 0) return refused('The clock only moves forward; advanceSeconds must be 0 or more.');
    const room = latestClockTime - now;
    if (seconds > room) return refused(`${beyondTheLimit} advanceSeconds may be at most ${Math.max(0, room)} now.`);
  } else {
    if (!Number.isInteger(change.now)) return refused('now must be a whole number of Unix seconds.');
    if (change.now < now) return refused(`The clock only moves forward; now must be ${now} or later.`);
    if (change.now > latestClockTime) return refused(`${beyondTheLimit} now may be at most ${latestClockTime}.`);
    seconds = change.now - now;
  }
  // A frozen clock moves and stays frozen at the new time.
  if (state.frozenAtMs !== null) return success({ ...state, frozenAtMs: state.frozenAtMs + seconds * 1000 });
  return success({ ...state, offsetMs: state.offsetMs + seconds * 1000 });
}

function refused(detail: string): Outcome<never> {
  return failure('invalid-control-request', detail);
}

const beyondTheLimit =
  `The virtual clock cannot pass ${latestIso} (Unix ${latestClockTime}), so that the longest session begun then ` +
  'and its tokens still end by the int32 limit of expiry (2038-01-19T03:14:07Z);';

export type ClockChange = { readonly advanceSeconds: number } | { readonly now: number } | { readonly freeze: boolean };

const usage =
  'Send {"advanceSeconds": <seconds>} to move the clock forward, {"now": <Unix seconds>} to move it to a time, ' +
  'or {"freeze": true|false} to stop or release it.';

/**
 * Reads the body of POST /__mock/clock into one change, or one clear detail of
 * what is wrong with it (the schema's own messages name every branch of its oneOf).
 * Whether the move itself is allowed is the clock's to say.
 */
export function readClockChange(body: unknown): Outcome<ClockChange> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return failure('invalid-control-request', usage);
  const fields = Object.keys(body);
  const unknown = fields.find((field) => field !== 'advanceSeconds' && field !== 'now' && field !== 'freeze');
  if (unknown !== undefined) return failure('invalid-control-request', `Unknown field "${unknown}". ${usage}`);
  if (fields.length >= 2)
    return failure('invalid-control-request', 'Send one of advanceSeconds, now and freeze, not several.');
  if (fields.length === 0) return failure('invalid-control-request', usage);
  const { advanceSeconds, now, freeze } = body as { advanceSeconds?: unknown; now?: unknown; freeze?: unknown };
  if (fields[0] === 'freeze') {
    if (typeof freeze !== 'boolean') return failure('invalid-control-request', 'freeze must be true or false.');
    return success({ freeze });
  }
  if (fields[0] === 'advanceSeconds') {
    if (typeof advanceSeconds !== 'number')
      return failure('invalid-control-request', 'advanceSeconds must be a whole number of seconds.');
    return success({ advanceSeconds });
  }
  if (typeof now !== 'number') return failure('invalid-control-request', 'now must be a whole number of Unix seconds.');
  return success({ now });
}
