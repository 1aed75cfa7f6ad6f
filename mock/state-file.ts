/**
 * `--state-file PATH` (README, "Snapshots and the state file"): every world of
 * the mock kept in one JSON file, read at start and written after changes of
 * state and at shutdown. A write goes to a temporary file beside it, is synced,
 * renamed over the file and the directory synced: a process killed at any moment
 * leaves the previous file or the new one, never a torn one. The worlds are
 * snapshots (mock/core/snapshot.ts), checked as PUT /__mock/snapshot checks them.
 */
import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiDescription } from '../spec/index.ts';
import { readSnapshot, toSnapshot, type Snapshot, type SnapshotLimits } from './core/index.ts';
import type { WorldRegistry, WorldState } from './world/world.ts';

export const stateFileFormat = 'session-api-mock/state';
/** The version of the file's own layout; each world in it carries its snapshot version. */
export const stateFileVersion = 1;

interface StateFileDocument {
  readonly format: typeof stateFileFormat;
  readonly version: typeof stateFileVersion;
  readonly savedAt: string;
  /** Base64; absent when the mock was started with --token-secret (it is not written then). */
  readonly tokenSecret?: string;
  readonly worlds: Snapshot[];
}

/** A state file that cannot be read or is broken: the mock refuses to start (and leaves the file alone). */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

export interface StoredState {
  readonly tokenSecret: Uint8Array<ArrayBuffer> | undefined;
  readonly worlds: readonly { readonly name: string; readonly state: WorldState }[];
}

/** The file's worlds and secret; undefined when there is no file yet. Throws StateFileError. */
export function readStateFile(file: string, control: ApiDescription, limits: SnapshotLimits): StoredState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(`cannot read the state file ${file}: ${(error as Error).message}`);
  }
  const broken = (why: string) =>
    new StateFileError(
      `the state file ${file} is broken: ${why}. It was left as it is: move it away or delete it to start afresh.`,
    );
  let document: Partial<StateFileDocument>;
  try {
    document = JSON.parse(text) as Partial<StateFileDocument>;
  } catch (error) {
    throw broken(`it is not JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || document.format !== stateFileFormat)
    throw broken(`it is no state file of this mock (no "format": "${stateFileFormat}")`);
  if (document.version !== stateFileVersion)
    throw broken(`its version ${JSON.stringify(document.version)} is not ${stateFileVersion}, the one this mock reads`);
  if (!Array.isArray(document.worlds)) throw broken('"worlds" is not a list');
  let tokenSecret: Uint8Array<ArrayBuffer> | undefined;
  if (document.tokenSecret !== undefined) {
    const bytes = typeof document.tokenSecret === 'string' ? Buffer.from(document.tokenSecret, 'base64') : undefined;
    if (!bytes || bytes.length < 32) throw broken('"tokenSecret" is not 32 or more bytes in base64');
    tokenSecret = new Uint8Array(bytes);
  }
  const names = new Set<string>();
  const worlds = document.worlds.map((snapshot: unknown, index) => {
    const reading = readSnapshot(control, snapshot, limits);
    if (!reading.ok) {
      const errors = reading.errors.map((error) => `${error.pointer || '/'} ${error.message}`).join('; ');
      throw broken(`world ${index} breaks the snapshot format: ${errors}`);
    }
    const name = reading.snapshot.namespace;
    if (names.has(name)) throw broken(`world ${index} repeats the name "${name}"`);
    names.add(name);
    return { name, state: reading.state };
  });
  return { tokenSecret, worlds };
}

/** Puts the file's worlds into the registry (before the port opens). */
export async function restoreWorlds(registry: WorldRegistry, stored: StoredState, nowMs: number): Promise<void> {
  for (const { name, state } of stored.worlds) {
    const world = await registry.open(name, nowMs);
    if ('reason' in world) throw new StateFileError(`the state file holds more worlds than the mock may keep`);
    await world.restore(state);
  }
}

export interface StateSaverOptions {
  readonly file: string;
  readonly registry: WorldRegistry;
  /** Written into the file; undefined when it came from --token-secret. */
  readonly tokenSecret: Uint8Array | undefined;
  readonly realNowMs: () => number;
  /** "state: saving" and "state: saved" (debug), failures (always). */
  readonly log: (line: string, level: 'debug' | 'error') => void;
  /** Test-only: a pause in the middle of writing the temporary file, so that a kill can land there. */
  readonly writePauseMs?: number;
}

/** Changes within this much of the first are saved together; never more than the 5 s the README promises. */
const batchMs = { least: 250, most: 5000 };

/** Saves every world after changes of state (world events: the journal is not state) and on `close`. */
export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private dirty = false;
  private lastSaveMs = 0;
  private readonly stopWatching: () => void;

  constructor(private readonly options: StateSaverOptions) {
    // The journal is no part of the state file: a request that changed nothing writes nothing.
    this.stopWatching = options.registry.watch((_world, event) => {
      if (event.kind !== 'journal-appended') this.changed();
    });
  }

  /** Stops watching and writes the last state (SIGTERM, SIGINT). */
  async close(): Promise<void> {
    this.stopWatching();
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.saving;
    await this.save();
  }

  private changed(): void {
    this.dirty = true;
    if (this.timer !== undefined || this.saving !== undefined) return;
    // A slow save (a large state) spaces the saves out, up to the promised bound.
    const delay = Math.min(batchMs.most, Math.max(batchMs.least, this.lastSaveMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saving = this.save().finally(() => {
        this.saving = undefined;
        if (this.dirty) this.changed();
      });
    }, delay);
  }

  private async save(): Promise<void> {
    this.dirty = false;
    const started = performance.now();
    const { registry, realNowMs, file, log } = this.options;
    try {
      const nowMs = realNowMs();
      const worlds: Snapshot[] = [];
      for (const { name } of await registry.list(nowMs)) {
        const world = await registry.find(name);
        if (world) worlds.push(toSnapshot(name, await world.capture(), nowMs));
      }
      const document: StateFileDocument = {
        format: stateFileFormat,
        version: stateFileVersion,
        savedAt: new Date(nowMs).toISOString(),
        ...(this.options.tokenSecret ? { tokenSecret: Buffer.from(this.options.tokenSecret).toString('base64') } : {}),
        worlds,
      };
      log(`state: saving ${worlds.length} worlds to ${file}`, 'debug');
      await writeAtomically(file, `${JSON.stringify(document)}\n`, this.options.writePauseMs ?? 0);
      log(`state: saved ${file}`, 'debug');
    } catch (error) {
      // The previous file stays; the next change tries again.
      this.dirty = true;
      log(`state: cannot save ${file}: ${(error as Error).message}`, 'error');
    }
    this.lastSaveMs = performance.now() - started;
  }
}

/** Temporary file beside the target, synced, renamed over it, the directory synced. */
async function writeAtomically(file: string, text: string, pauseMs: number): Promise<void> {
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    if (pauseMs > 0) {
      const half = Math.floor(text.length / 2);
      await handle.writeFile(text.slice(0, half));
      await handle.sync();
      await sleep(pauseMs);
      await handle.writeFile(text.slice(half));
    } else {
      await handle.writeFile(text);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const directory = await open(path.dirname(path.resolve(file)), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
