import { describe, expect, test } from 'vitest';
import { latestClockTime } from '../domain/index.ts';
import type { ClockState } from '../world/world.ts';
import { clockNow, clockNowMs, moveClock, offsetSeconds, type ClockChange } from './clock.ts';

/** A clock state on a real clock the test moves; a refused move throws its detail, as the control plane says it. */
class TestClock {
  state: ClockState = { offsetMs: 0, frozenAtMs: null };
  constructor(private readonly realNowMs: () => number) {}
  now = () => clockNow(this.state, this.realNowMs());
  nowMs = () => clockNowMs(this.state, this.realNowMs());
  get offsetSeconds() {
    return offsetSeconds(this.state, this.realNowMs());
  }
  private move(change: ClockChange) {
    const moved = moveClock(this.state, change, this.realNowMs());
    if (!moved.ok) throw new RangeError(moved.problem.detail);
    this.state = moved.value;
  }
  advance = (advanceSeconds: number) => this.move({ advanceSeconds });
  set = (now: number) => this.move({ now });
  freeze = (freeze: boolean) => this.move({ freeze });
}

const real = 1_795_000_000_500;

describe('the virtual clock (moveClock over a ClockState)', () => {
  test('follows the real clock it is built on, in Unix seconds', () => {
    let now = real;
    const clock = new TestClock(() => now);
    expect(clock.now()).toBe(1_795_000_000);
    now += 2000;
    expect(clock.now()).toBe(1_795_000_002);
    expect(clock.offsetSeconds).toBe(0);
  });

  test('advances by whole seconds and reports the offset', () => {
    const clock = new TestClock(() => real);
    clock.advance(3600);
    expect(clock.now()).toBe(1_795_003_600);
    expect(clock.nowMs()).toBe(real + 3_600_000);
    expect(clock.offsetSeconds).toBe(3600);
  });

  test.for([
    [-1, /only moves forward; advanceSeconds must be 0 or more/],
    [1.5, /whole number/],
    [Number.NaN, /whole number/],
    [1e300, /cannot pass 2038-01-12T02:14:07Z/],
  ] as const)('refuses to advance by %s', ([seconds, reason]) => {
    const clock = new TestClock(() => real);
    expect(() => clock.advance(seconds)).toThrow(reason);
    expect(clock.offsetSeconds).toBe(0);
  });

  test('goes up to latestClockTime and stays there, even as real time goes on', () => {
    let now = real;
    const clock = new TestClock(() => now);
    clock.set(latestClockTime);
    expect(clock.now()).toBe(latestClockTime);
    now += 10_000;
    expect(clock.now()).toBe(latestClockTime);
    expect(() => clock.advance(1)).toThrow(/at most 0 now/);
    expect(() => clock.set(latestClockTime + 1)).toThrow(/now may be at most 2146875247/);
  });

  test('moves to an absolute time not earlier than now, and not to an earlier one', () => {
    const clock = new TestClock(() => real);
    clock.set(1_795_000_100);
    expect(clock.now()).toBe(1_795_000_100);
    clock.set(1_795_000_100);
    expect(clock.now()).toBe(1_795_000_100);
    expect(() => clock.set(1_795_000_099)).toThrow(/only moves forward/);
    expect(clock.now()).toBe(1_795_000_100);
  });

  test('a frozen clock stands still as real time runs, moves when told, and runs on once released', () => {
    let now = real;
    const clock = new TestClock(() => now);
    clock.advance(60);
    clock.freeze(true);
    now += 5000;
    expect(clock.now()).toBe(1_795_000_060);
    expect(clock.offsetSeconds).toBe(55);
    clock.advance(10);
    expect(clock.now()).toBe(1_795_000_070);
    clock.freeze(false);
    now += 2000;
    expect(clock.now()).toBe(1_795_000_072);
  });
});
