/**
 * Snapshots of a world (spec/mock-control.yaml, `getSnapshot` and
 * `restoreSnapshot`): the document of a world's state, and the way back, fully
 * checked before anything changes. Documents of the older version 1 are read
 * through `migrateSnapshot`; the state file (mock/state-file.ts) reads its worlds here too.
 */
import type { ApiContract, FieldError, MockControlComponents } from '../../spec/index.ts';
import { worldStateErrors } from '../world/world-state.ts';
import type { WorldState } from '../world/world.ts';

type Schemas = MockControlComponents['schemas'];
export type Snapshot = Schemas['Snapshot'];
export type SnapshotV1 = Schemas['SnapshotV1'];

/** The format GET /__mock/snapshot answers. */
export const snapshotVersion: Snapshot['version'] = 2;

/** How much a world may hold (`--max-sessions`, `--max-nonces`). */
export interface SnapshotLimits {
  readonly maxSessions: number;
  readonly maxNonces: number;
}

/** The document of a world's state: copies, so that it never shares an object with the stores. */
export function toSnapshot(name: string, state: WorldState, takenAtMs: number): Snapshot {
  return {
    version: snapshotVersion,
    namespace: name,
    generation: state.generation,
    takenAt: new Date(takenAtMs).toISOString(),
    clock: { offsetMs: state.clock.offsetMs, frozenAtMs: state.clock.frozenAtMs },
    sessions: state.sessions.map((record) => ({
      ...record,
      whiteList: [...record.whiteList],
      members: record.members.map((member) => ({ ...member })),
    })),
    nonces: state.nonces.map((nonce) => ({ ...nonce })),
    faults: state.faults.map((rule) => ({ ...rule })),
    scenario: state.scenario === null ? null : structuredClone(state.scenario),
  };
}

/**
 * A version 1 document as version 2: version 1 knew no frozen clock (its clock
 * runs) and kept no fault counters (its rules fire without limit).
 */
export function migrateSnapshot(older: SnapshotV1): Snapshot {
  return {
    ...older,
    version: snapshotVersion,
    clock: { offsetMs: older.clock.offsetMs, frozenAtMs: null },
    faults: older.faults.map((rule) => ({ ...rule, remaining: null })),
  };
}

export type SnapshotReading =
  | { readonly ok: true; readonly snapshot: Snapshot; readonly state: WorldState }
  | { readonly ok: false; readonly errors: FieldError[] };

/**
 * A parsed document as a world's state, or every reason it is not one: the schema
 * of its version, then the world's invariants, then the limits.
 */
export function readSnapshot(control: ApiContract, value: unknown, limits: SnapshotLimits): SnapshotReading {
  const older = typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1;
  const schemaErrors = control.checkSchema(older ? 'SnapshotV1' : 'Snapshot', value);
  if (schemaErrors.length > 0) return { ok: false, errors: schemaErrors };
  const snapshot = older ? migrateSnapshot(value as SnapshotV1) : (value as Snapshot);
  const state: WorldState = {
    generation: snapshot.generation,
    clock: snapshot.clock,
    sessions: snapshot.sessions,
    nonces: snapshot.nonces,
    faults: snapshot.faults,
    scenario: snapshot.scenario,
  };
  const errors: FieldError[] = [...worldStateErrors(state)];
  if (state.sessions.length > limits.maxSessions)
    errors.push({
      pointer: '/sessions',
      message: `holds ${state.sessions.length} sessions; the mock holds at most ${limits.maxSessions} (--max-sessions)`,
    });
  if (state.nonces.length > limits.maxNonces)
    errors.push({
      pointer: '/nonces',
      message: `holds ${state.nonces.length} nonces; the mock holds at most ${limits.maxNonces} (--max-nonces)`,
    });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, snapshot, state };
}

/** The `detail` of a refused snapshot. */
export function brokenSnapshotDetail(errors: readonly FieldError[]): string {
  const places = errors.length === 1 ? '1 place' : `${errors.length} places`;
  return (
    `The snapshot is broken in ${places}; the world was left as it was. ` +
    'Fix the fields `errors` points at (GET /__mock/snapshot answers a valid one).'
  );
}
