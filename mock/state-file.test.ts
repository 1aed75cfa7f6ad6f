/**
 * The state file in process (mock/state-file.ts): what makes a file unreadable,
 * and what makes the saver write (world events, never the journal alone).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ApiDescription, mockControlFile } from '../spec/index.ts';
import { readyJournalRecord } from './world/journal-record.ts';
import { createMemoryRegistry } from './world/memory-registry.ts';
import { journalRecord, seededRandomSource, sessionRecord } from './world/world-contract.ts';
import { readStateFile, restoreWorlds, StateFileError, StateSaver } from './state-file.ts';

const control = ApiDescription.fromFile(mockControlFile, 'mock-control');
const limits = { maxSessions: 100, maxNonces: 100 };
const directory = mkdtempSync(path.join(tmpdir(), 'mock-state-unit-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const fileWith = (text?: string) => {
  const file = path.join(directory, `state-${++files}.json`);
  if (text !== undefined) writeFileSync(file, text);
  return file;
};

const registry = () =>
  createMemoryRegistry({
    journalSize: 100,
    newRandom: () => seededRandomSource(1),
    newGeneration: () => crypto.randomUUID(),
    nowMs: Date.now(),
  });

function saverOf(worlds: ReturnType<typeof registry>, file: string) {
  const lines: string[] = [];
  const saver = new StateSaver({
    file,
    registry: worlds,
    tokenSecret: new Uint8Array(32).fill(7),
    realNowMs: Date.now,
    log: (line) => lines.push(line),
  });
  return { saver, lines };
}

describe('readStateFile', () => {
  test('answers undefined when there is no file yet', () => {
    expect(readStateFile(path.join(directory, 'none.json'), control, limits)).toBeUndefined();
  });

  test.for([
    ['not JSON', '{"format":', /is not JSON/],
    ['another format', '{"format":"something-else","version":1,"worlds":[]}', /no state file of this mock/],
    ['a version it does not read', '{"format":"session-api-mock/state","version":9,"worlds":[]}', /version 9/],
    [
      'a world that breaks the snapshot format',
      '{"format":"session-api-mock/state","version":1,"worlds":[{"version":2}]}',
      /world 0 breaks the snapshot format: \/namespace is required/,
    ],
  ] as const)('refuses a file with %s, saying so', ([, text, message]) => {
    expect(() => readStateFile(fileWith(text), control, limits)).toThrow(StateFileError);
    expect(() => readStateFile(fileWith(text), control, limits)).toThrow(message);
  });
});

describe('StateSaver', () => {
  test('a world event leads to a save; what it saved restores every world and the secret', async () => {
    const worlds = registry();
    const file = fileWith();
    const { saver, lines } = saverOf(worlds, file);
    const world = await worlds.open('other', Date.now());
    if ('reason' in world) throw new Error('full');
    await world.sessions.insert(sessionRecord('s', 1_800_000_000), 10);
    await world.events.publish({ kind: 'session-created', sessionId: 's' });
    await expect.poll(() => lines, { timeout: 6000 }).toContain(`state: saved ${file}`);
    await saver.close();

    const stored = readStateFile(file, control, limits)!;
    expect(stored.tokenSecret).toEqual(new Uint8Array(32).fill(7));
    const again = registry();
    await restoreWorlds(again, stored, Date.now());
    const restored = await again.find('other');
    expect(await restored!.capture()).toEqual(await world.capture());
  });

  test('a request that only adds to the journal saves nothing; close saves', async () => {
    const worlds = registry();
    const file = fileWith();
    const { saver, lines } = saverOf(worlds, file);
    const world = (await worlds.find('default'))!;
    await world.journal.append(readyJournalRecord(journalRecord(1)));
    await world.touch(Date.now());
    // Longer than the batching of a save (250 ms) after the change it would follow.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lines).toEqual([]);
    await saver.close();
    expect(lines).toContain(`state: saved ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, worlds: [{ namespace: 'default' }] });
  });
});
