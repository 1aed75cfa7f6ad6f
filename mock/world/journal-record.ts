/** Journal records that are already built, and their weight for the journals' byte budget. */
import type { JournalRecord, PendingJournalRecord } from './world.ts';

/** A record already built, as a pending one (tests, and stores handed a finished entry). */
export function readyJournalRecord(record: JournalRecord): PendingJournalRecord {
  return {
    method: record.method,
    status: record.status,
    operationId: record.operationId,
    receivedMs: Date.parse(record.time),
    // `,"sequence":N` is about 13 characters more.
    approximateBytes: approximateJsonLength(record) + 13,
    build: () => record,
  };
}

/**
 * About the length of `value` as JSON, without building the JSON: the journal
 * weighs every entry it keeps, and JSON.stringify per request showed in profiles.
 * Strings count their length plus quotes; escapes are not counted.
 */
export function approximateJsonLength(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value !== 'object' || value === null) return String(value).length;
  let length = 2;
  if (Array.isArray(value)) {
    for (const item of value) length += approximateJsonLength(item) + 1;
    return length;
  }
  // Keys, not entries: no pair arrays to allocate for every field of every entry.
  const fields = value as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    const inner = fields[name];
    if (inner !== undefined) length += name.length + 4 + approximateJsonLength(inner);
  }
  return length;
}
