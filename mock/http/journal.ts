/** The recent API requests, for `GET /__mock/requests`: a ring of fixed size. */
import type { MockControlComponents } from '../../spec/index.ts';

export type JournalEntry = MockControlComponents['schemas']['JournalEntry'];

export class RequestJournal {
  private entries: JournalEntry[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  record(entry: JournalEntry): void {
    if (this.capacity === 0) return;
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  list(): JournalEntry[] {
    return this.entries.length < this.capacity ? [...this.entries] : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
  }
}
