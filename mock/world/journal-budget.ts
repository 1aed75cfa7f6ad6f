/**
 * One byte budget for the journals of every world of a registry, so that a
 * thousand worlds cannot hold gigabytes between them, while one busy world may
 * use what idle ones leave. Past the budget, the journal holding the most bytes
 * gives up its oldest entries: a flood in one world trims that world's journal.
 */
import type { JournalBudget, MemoryJournal } from './memory-world.ts';

export class SharedJournalBudget implements JournalBudget {
  private total = 0;
  /** Journals holding at least one byte; the largest is looked up when over budget. */
  private readonly holders = new Set<MemoryJournal>();

  constructor(private readonly maxBytes: number) {}

  /** Bytes held by all journals together. */
  get bytesHeld(): number {
    return this.total;
  }

  changed(journal: MemoryJournal, deltaBytes: number): void {
    this.total += deltaBytes;
    this.track(journal);
    while (this.total > this.maxBytes) {
      const largest = this.largest();
      if (largest === undefined) break;
      this.total -= largest.dropOldest();
      this.track(largest);
    }
  }

  private track(journal: MemoryJournal): void {
    if (journal.bytesHeld > 0) this.holders.add(journal);
    else this.holders.delete(journal);
  }

  private largest(): MemoryJournal | undefined {
    let largest: MemoryJournal | undefined;
    for (const journal of this.holders) if (!largest || journal.bytesHeld > largest.bytesHeld) largest = journal;
    return largest;
  }
}
