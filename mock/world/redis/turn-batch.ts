/**
 * Calls for the same key made during one turn of the event loop, sent to Redis as
 * one. Under load many requests reach the same step of the same world at once
 * (every request touches its world, then journals itself); one script for all of
 * them costs Redis and this process a fraction of one script each
 * (scripts/bench/README.md, "Issue 15: Redis round trips").
 *
 * A batch is sent on `setImmediate`, after the I/O callbacks of the turn have run
 * (process.nextTick would send after each one). Nothing is kept across batches: a
 * call made after another call's answer is always in a later batch, so it sees
 * that call's effect, as the World contract asks.
 */
export type SendBatch<Item, Answer> = (key: string, items: readonly Item[]) => Promise<readonly Answer[]>;

interface Waiting<Item, Answer> {
  readonly items: Item[];
  readonly settles: { resolve: (answer: Answer) => void; reject: (error: Error) => void }[];
}

export class TurnBatch<Item, Answer> {
  private waiting = new Map<string, Waiting<Item, Answer>>();
  private scheduled = false;

  /** `send` answers one answer per item, in their order; when it fails, every call of the batch fails alike. */
  constructor(private readonly send: SendBatch<Item, Answer>) {}

  add(key: string, item: Item): Promise<Answer> {
    let batch = this.waiting.get(key);
    if (batch === undefined) this.waiting.set(key, (batch = { items: [], settles: [] }));
    batch.items.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return new Promise<Answer>((resolve, reject) => batch.settles.push({ resolve, reject }));
  }

  private flush(): void {
    const batches = this.waiting;
    this.waiting = new Map();
    this.scheduled = false;
    for (const [key, { items, settles }] of batches) {
      // A send that throws fails its batch as one that rejects does.
      new Promise<readonly Answer[]>((resolve) => resolve(this.send(key, items))).then(
        (answers) => settles.forEach((settle, i) => settle.resolve(answers[i]!)),
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error(String(error));
          settles.forEach((settle) => settle.reject(failure));
        },
      );
    }
  }
}
