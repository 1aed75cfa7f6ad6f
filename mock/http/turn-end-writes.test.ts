import { expect, test } from 'vitest';
import { sendAtTurnEnd, type Corkable } from './turn-end-writes.ts';

/** A socket that counts its corks and uncorks, as Node's do. */
function socket(): Corkable & { corks: number; uncorks: number } {
  return {
    corks: 0,
    uncorks: 0,
    get writableCorked() {
      return this.corks - this.uncorks;
    },
    cork() {
      this.corks++;
    },
    uncork() {
      this.uncorks++;
    },
  };
}

const turnEnd = () => new Promise((resolve) => setImmediate(resolve));

test('the answers of one turn are held until the turn ends, then sent, each socket once', async () => {
  const [a, b] = [socket(), socket()];
  sendAtTurnEnd(a);
  sendAtTurnEnd(b);
  sendAtTurnEnd(a);
  await Promise.resolve();
  expect([a.corks, a.uncorks, b.corks, b.uncorks]).toEqual([1, 0, 1, 0]);
  await turnEnd();
  expect([a.writableCorked, b.writableCorked]).toEqual([0, 0]);
  expect([a.corks, b.corks]).toEqual([1, 1]);
});

test('a socket written to again in a later turn is held again', async () => {
  const a = socket();
  sendAtTurnEnd(a);
  await turnEnd();
  sendAtTurnEnd(a);
  expect(a.writableCorked).toBe(1);
  await turnEnd();
  expect([a.corks, a.uncorks]).toEqual([2, 2]);
});
