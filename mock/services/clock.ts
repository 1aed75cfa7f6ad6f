/**
 * The mock's virtual clock: real time plus an offset that only grows, so tests
 * and frontends can make sessions, nonces and tokens expire without waiting.
 */
export class VirtualClock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly realNowMs: () => number = Date.now) {}

  nowMs(): number {
    return this.realNowMs() + this.offsetMs;
  }

  /** Unix seconds, the unit of the API's `expiry`. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get offsetSeconds(): number {
    return Math.floor(this.offsetMs / 1000);
  }

  advance(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError('The virtual clock only moves forward: advanceSeconds must be a whole number >= 0.');
    this.offsetMs += seconds * 1000;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after each move forward (expiry checks that should not wait for their timer). */
  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves the clock to `unixSeconds`, which must not be earlier than now. */
  set(unixSeconds: number): void {
    const now = this.now();
    if (!Number.isInteger(unixSeconds) || unixSeconds < now) {
      throw new RangeError(`The virtual clock only moves forward: now must be a whole number >= ${now}.`);
    }
    this.advance(unixSeconds - now);
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
