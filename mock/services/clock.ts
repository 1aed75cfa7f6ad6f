/**
 * The mock's virtual clock: real time plus an offset that only grows, so tests
 * and frontends can make sessions, nonces and tokens expire without waiting.
 * It never passes `latestClockTime` (spec/mock-control.yaml, setClock).
 */
import { failure, latestClockTime, success, type Outcome } from '../domain/index.ts';

const latestIso = new Date(latestClockTime * 1000).toISOString().replace('.000Z', 'Z');

export class VirtualClock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly realNowMs: () => number = Date.now) {}

  nowMs(): number {
    // Held at the limit even if real time went on after a move to it.
    return Math.min(this.realNowMs() + this.offsetMs, latestClockTime * 1000);
  }

  /** Unix seconds, the unit of the API's `expiry`. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get offsetSeconds(): number {
    return Math.floor(this.offsetMs / 1000);
  }

  /** Moves forward by whole seconds; a RangeError says why a move is refused. */
  advance(seconds: number): void {
    if (!Number.isInteger(seconds)) throw new RangeError('advanceSeconds must be a whole number of seconds.');
    if (seconds < 0) throw new RangeError('The clock only moves forward; advanceSeconds must be 0 or more.');
    const room = latestClockTime - this.now();
    if (seconds > room)
      throw new RangeError(`${beyondTheLimit} advanceSeconds may be at most ${Math.max(0, room)} now.`);
    this.offsetMs += seconds * 1000;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after each move forward (expiry checks that should not wait for their timer). */
  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves the clock to `unixSeconds`, which must not be earlier than now nor past the limit. */
  set(unixSeconds: number): void {
    const now = this.now();
    if (!Number.isInteger(unixSeconds)) throw new RangeError('now must be a whole number of Unix seconds.');
    if (unixSeconds < now) throw new RangeError(`The clock only moves forward; now must be ${now} or later.`);
    if (unixSeconds > latestClockTime) throw new RangeError(`${beyondTheLimit} now may be at most ${latestClockTime}.`);
    this.advance(unixSeconds - now);
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

const beyondTheLimit =
  `The virtual clock cannot pass ${latestIso} (Unix ${latestClockTime}), so that the longest session begun then ` +
  'and its tokens still end by the int32 limit of expiry (2038-01-19T03:14:07Z);';

export type ClockChange = { readonly advanceSeconds: number } | { readonly now: number };

const usage =
  'Send {"advanceSeconds": <seconds>} to move the clock forward, or {"now": <Unix seconds>} to move it to a time.';

/**
 * Reads the body of POST /__mock/clock into one change, or one clear detail of
 * what is wrong with it (the schema's own messages name every branch of its oneOf).
 * Whether the move itself is allowed is the clock's to say.
 */
export function readClockChange(body: unknown): Outcome<ClockChange> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return failure('invalid-control-request', usage);
  const fields = Object.keys(body);
  const unknown = fields.find((field) => field !== 'advanceSeconds' && field !== 'now');
  if (unknown !== undefined) {
    return failure(
      'invalid-control-request',
      `Unknown field "${unknown}"; send {"advanceSeconds": <seconds>} or {"now": <Unix seconds>}.`,
    );
  }
  if (fields.length === 2) return failure('invalid-control-request', 'Send either advanceSeconds or now, not both.');
  if (fields.length === 0) return failure('invalid-control-request', usage);
  const { advanceSeconds, now } = body as { advanceSeconds?: unknown; now?: unknown };
  if (fields[0] === 'advanceSeconds') {
    if (typeof advanceSeconds !== 'number')
      return failure('invalid-control-request', 'advanceSeconds must be a whole number of seconds.');
    return success({ advanceSeconds });
  }
  if (typeof now !== 'number') return failure('invalid-control-request', 'now must be a whole number of Unix seconds.');
  return success({ now });
}
