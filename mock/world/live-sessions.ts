/**
 * How many sessions of a world are live at its virtual time, and how long
 * (real seconds) until the last of them ends: the registry's reasons to keep a
 * world and its Retry-After when it cannot make room. Liveness is the domain's rule.
 */
import { isLive } from '../domain/index.ts';
import { virtualNowMs, type World, type WorldSummary } from './world.ts';

export interface Liveness {
  readonly liveSessions: number;
  /** Real seconds until no session is live, at the least 1; null while the world's clock is frozen. */
  readonly freeInSeconds: number | null;
  /** The world's virtual time minus real time, whole seconds. */
  readonly clockOffsetSeconds: number;
}

export async function worldLiveness(world: World, realNowMs: number): Promise<Liveness> {
  const [clock, records] = await Promise.all([world.clock.read(), world.sessions.list()]);
  const nowMs = virtualNowMs(clock, realNowMs);
  const clockOffsetSeconds = Math.floor((nowMs - realNowMs) / 1000);
  const ends = records.filter((record) => isLive(record, Math.floor(nowMs / 1000))).map((record) => record.expiry);
  if (ends.length === 0) return { liveSessions: 0, freeInSeconds: 0, clockOffsetSeconds };
  // A frozen clock never reaches an expiry by itself.
  const freeInSeconds =
    clock.frozenAtMs === null ? Math.max(1, Math.ceil((Math.max(...ends) * 1000 - nowMs) / 1000)) : null;
  return { liveSessions: ends.length, freeInSeconds, clockOffsetSeconds };
}

/** The summaries of `worlds` at `realNowMs`, by name (GET /__mock/namespaces): every registry lists alike. */
export async function worldSummaries(
  worlds: readonly World[],
  liveness: (world: World, realNowMs: number) => Promise<Liveness>,
  realNowMs: number,
): Promise<WorldSummary[]> {
  const summaries = await Promise.all(
    worlds.map(async (world) => {
      const [meta, { liveSessions, clockOffsetSeconds }] = await Promise.all([
        world.meta(),
        liveness(world, realNowMs),
      ]);
      return { ...meta, liveSessions, clockOffsetSeconds };
    }),
  );
  return summaries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
