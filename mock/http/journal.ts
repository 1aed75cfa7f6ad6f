/** The recent API requests, for `GET /__mock/requests`: a ring of fixed size. */
import type { MockControlComponents } from '../../spec/index.ts';

export type JournalEntry = MockControlComponents['schemas']['JournalEntry'];
export type JournalRecord = Omit<JournalEntry, 'time'>;

export class RequestJournal {
  private entries: JournalRecord[] = [];
  // Times stay numbers until someone reads the journal: formatting one per request costs.
  private timesMs: number[] = [];
  private next = 0;

  constructor(
    private readonly capacity: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  record(entry: JournalRecord): void {
    if (this.capacity === 0) return;
    this.entries[this.next] = entry;
    this.timesMs[this.next] = this.nowMs();
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  list(): JournalEntry[] {
    const full = this.entries.length === this.capacity;
    const order = full
      ? [...indexes(this.next, this.capacity), ...indexes(0, this.next)]
      : indexes(0, this.entries.length);
    return order.map((index) => ({ time: new Date(this.timesMs[index]!).toISOString(), ...this.entries[index]! }));
  }

  clear(): void {
    this.entries = [];
    this.timesMs = [];
    this.next = 0;
  }
}

function indexes(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, offset) => from + offset);
}
