/**
 * Where session records live. One record per session, replaced whole and
 * atomically, so a shared store (for several mock replicas) can stand in for the
 * in-memory one without the domain noticing.
 */
import type { Change, Outcome, SessionRecord } from '../domain/index.ts';

export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  /** Adds a record unless the store already holds `limit` records; answers whether it did. */
  insert(record: SessionRecord, limit: number): Promise<boolean>;
  /**
   * Applies a pure change to the current record (undefined when there is none)
   * atomically: no other change to the same record interleaves with it.
   */
  update<T>(
    id: string,
    change: (current: SessionRecord | undefined) => Outcome<Change<T>>,
  ): Promise<Outcome<Change<T>>>;
  list(): Promise<SessionRecord[]>;
  /** Forgets the records `collectable` says may go; answers how many went. */
  sweep(collectable: (record: SessionRecord) => boolean): Promise<number>;
  clear(): Promise<void>;
  readonly size: number;
}

export class MemorySessionStore implements SessionStore {
  private readonly records = new Map<string, SessionRecord>();

  get size(): number {
    return this.records.size;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return this.records.get(id);
  }

  async insert(record: SessionRecord, limit: number): Promise<boolean> {
    if (this.records.size >= limit) return false;
    this.records.set(record.id, record);
    return true;
  }

  // Atomic because the change runs synchronously between reading and writing:
  // no other request can run on this thread in between.
  async update<T>(
    id: string,
    change: (current: SessionRecord | undefined) => Outcome<Change<T>>,
  ): Promise<Outcome<Change<T>>> {
    const outcome = change(this.records.get(id));
    if (outcome.ok) this.records.set(id, outcome.value.record);
    return outcome;
  }

  async list(): Promise<SessionRecord[]> {
    return [...this.records.values()];
  }

  async sweep(collectable: (record: SessionRecord) => boolean): Promise<number> {
    let swept = 0;
    for (const [id, record] of this.records) {
      if (collectable(record)) {
        this.records.delete(id);
        swept++;
      }
    }
    return swept;
  }

  async clear(): Promise<void> {
    this.records.clear();
  }
}
