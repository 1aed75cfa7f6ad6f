/** TurnBatch: the calls for one key made in one turn of the event loop are sent as one, and answered each. */
import { describe, expect, test } from 'vitest';
import { TurnBatch } from './turn-batch.ts';

/** A batch whose sends are recorded; each item is answered doubled. */
function recorded() {
  const sends: { key: string; items: number[] }[] = [];
  const batch = new TurnBatch<number, number>((key, items) => {
    sends.push({ key, items: [...items] });
    return Promise.resolve(items.map((item) => item * 2));
  });
  return { batch, sends };
}

describe('TurnBatch', () => {
  test('sends the calls of one turn for one key once, and answers each call its own answer', async () => {
    const { batch, sends } = recorded();
    const answers = await Promise.all([1, 2, 3].map((item) => batch.add('a', item)));
    expect(answers).toEqual([2, 4, 6]);
    expect(sends).toEqual([{ key: 'a', items: [1, 2, 3] }]);
  });

  test('takes calls made later in the same turn too, after awaits (as the requests of one turn do)', async () => {
    const { batch, sends } = recorded();
    const later = async () => {
      await Promise.resolve();
      await new Promise<void>((resolve) => process.nextTick(resolve));
      return batch.add('a', 2);
    };
    await Promise.all([batch.add('a', 1), later()]);
    expect(sends).toEqual([{ key: 'a', items: [1, 2] }]);
  });

  test('sends each key on its own, and a call made after an answer in a later batch', async () => {
    const { batch, sends } = recorded();
    await Promise.all([batch.add('a', 1), batch.add('b', 2), batch.add('a', 3)]);
    await batch.add('a', 4);
    expect(sends).toEqual([
      { key: 'a', items: [1, 3] },
      { key: 'b', items: [2] },
      { key: 'a', items: [4] },
    ]);
  });

  test('fails every call of a batch whose send fails, whether it rejects or throws', async () => {
    const failure = new Error('store down');
    const rejecting = new TurnBatch<number, number>(() => Promise.reject(failure));
    const throwing = new TurnBatch<number, number>(() => {
      throw failure;
    });
    for (const batch of [rejecting, throwing]) {
      const calls = [batch.add('a', 1), batch.add('a', 2)];
      for (const call of calls) await expect(call).rejects.toBe(failure);
    }
  });
});
