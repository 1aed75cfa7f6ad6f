/**
 * The invariants of a world's state that its stores rely on and a snapshot
 * (spec/mock-control.yaml, `restoreSnapshot`) may break: ids unique where the
 * stores key by them, and a session's creator among its members. Pure: pointers
 * name the field as a snapshot document spells it (its fields are WorldState's).
 */
import type { WorldState } from './world.ts';

export interface StateError {
  readonly pointer: string;
  readonly message: string;
}

/** Why a world refuses a state in `restore`; nothing was changed. */
export class WorldStateError extends Error {
  override readonly name = 'WorldStateError';
  constructor(readonly errors: readonly StateError[]) {
    super(`The state breaks the world's rules: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}.`);
  }
}

/** Every broken invariant of `state`, in document order (empty: the state is consistent). */
export function worldStateErrors(state: WorldState): StateError[] {
  const errors: StateError[] = [];
  const unique = <T>(
    items: readonly T[],
    key: (item: T) => string,
    pointer: (index: number) => string,
    what: string,
  ) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(key(item));
      if (first === undefined) seen.set(key(item), index);
      else errors.push({ pointer: pointer(index), message: `repeats the ${what} of ${pointer(first)}` });
    });
  };
  unique(
    state.sessions,
    (session) => session.id,
    (i) => `/sessions/${i}/id`,
    'id',
  );
  state.sessions.forEach((session, i) => {
    const members = session.members;
    unique(
      members,
      (member) => member.userId,
      (j) => `/sessions/${i}/members/${j}/userId`,
      'user id',
    );
    unique(
      members,
      (member) => member.wallet,
      (j) => `/sessions/${i}/members/${j}/wallet`,
      'wallet',
    );
    if (!members.some((member) => member.userId === session.creatorId))
      errors.push({ pointer: `/sessions/${i}/creatorId`, message: 'names no member of the session' });
  });
  unique(
    state.nonces,
    (nonce) => nonce.message,
    (i) => `/nonces/${i}/message`,
    'message',
  );
  unique(
    state.faults,
    (rule) => String(rule.id),
    (i) => `/faults/${i}/id`,
    'id',
  );
  return errors;
}
