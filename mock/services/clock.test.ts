import { describe, expect, test } from 'vitest';
import { latestClockTime } from '../domain/index.ts';
import { VirtualClock } from './clock.ts';

const real = 1_795_000_000_500;

describe('VirtualClock', () => {
  test('follows the real clock it is built on, in Unix seconds', () => {
    let now = real;
    const clock = new VirtualClock(() => now);
    expect(clock.now()).toBe(1_795_000_000);
    now += 2000;
    expect(clock.now()).toBe(1_795_000_002);
    expect(clock.offsetSeconds).toBe(0);
  });

  test('advances by whole seconds and reports the offset', () => {
    const clock = new VirtualClock(() => real);
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
    const clock = new VirtualClock(() => real);
    expect(() => clock.advance(seconds)).toThrow(reason);
    expect(clock.offsetSeconds).toBe(0);
  });

  test('goes up to latestClockTime and stays there, even as real time goes on', () => {
    let now = real;
    const clock = new VirtualClock(() => now);
    clock.set(latestClockTime);
    expect(clock.now()).toBe(latestClockTime);
    now += 10_000;
    expect(clock.now()).toBe(latestClockTime);
    expect(() => clock.advance(1)).toThrow(/at most 0 now/);
    expect(() => clock.set(latestClockTime + 1)).toThrow(/now may be at most 2146875247/);
  });

  test('moves to an absolute time not earlier than now, and not to an earlier one', () => {
    const clock = new VirtualClock(() => real);
    clock.set(1_795_000_100);
    expect(clock.now()).toBe(1_795_000_100);
    clock.set(1_795_000_100);
    expect(clock.now()).toBe(1_795_000_100);
    expect(() => clock.set(1_795_000_099)).toThrow(/only moves forward/);
    expect(clock.now()).toBe(1_795_000_100);
  });

  test('reset goes back to real time', () => {
    const clock = new VirtualClock(() => real);
    clock.advance(99);
    clock.reset();
    expect(clock.now()).toBe(1_795_000_000);
    expect(clock.offsetSeconds).toBe(0);
  });

  test('tells onAdvance listeners after each move forward, until they unsubscribe', () => {
    const clock = new VirtualClock(() => real);
    const seen: number[] = [];
    const stop = clock.onAdvance(() => seen.push(clock.now()));
    clock.advance(10);
    clock.set(1_795_000_100);
    expect(() => clock.advance(-1)).toThrow();
    stop();
    clock.advance(5);
    expect(seen).toEqual([1_795_000_010, 1_795_000_100]);
  });
});
