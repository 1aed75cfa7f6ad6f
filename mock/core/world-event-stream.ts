/**
 * `GET /__mock/events`: a world's changes as Server-Sent Events, for the
 * dashboard (spec/mock-control.yaml, streamEvents). Each event names what
 * changed; the page reads the changed part again through the control plane, so
 * it never polls. Journal entries travel whole, as the journal keeps them: the
 * world announces an entry's number, and the stream reads the entry then.
 */
import { defaultWorldName, worldNamePattern, type WorldEvent, type WorldRegistry } from '../world/world.ts';
import type { AnswerStream, CoreRequest } from './types.ts';

/** A comment line this often keeps proxies from closing an idle stream and shows a dead client. */
const keepAliveMs = 15_000;

/** The SSE event (name and data) a world event becomes, or undefined for one the page does not show. */
export function streamEventOf(event: WorldEvent): { name: string; data: unknown } | undefined {
  switch (event.kind) {
    case 'session-created':
    case 'session-deleted':
      return { name: 'session', data: { kind: event.kind, sessionId: event.sessionId } };
    case 'member-added':
    case 'member-removed':
      return {
        name: 'session',
        data: { kind: event.kind, sessionId: event.sessionId, userId: event.member.userId, state: event.member.state },
      };
    case 'clock-moved':
      return { name: 'clock', data: {} };
    case 'faults-changed':
      return { name: 'faults', data: {} };
    case 'scenario-loaded':
      return { name: 'scenario', data: {} };
    case 'reset':
    case 'restored':
      return { name: 'reset', data: { kind: event.kind } };
    // The page learns of expiries from the clock's event (it reads the sessions again then).
    case 'session-expired':
    case 'nonces-changed':
    case 'journal-appended':
      return undefined;
  }
}

/**
 * The world a stream shows: its `namespace` query parameter (EventSource cannot
 * send X-Mock-Namespace), else the header's world; undefined for a name that breaks the rule.
 */
export function streamWorldName(request: CoreRequest): string | undefined {
  const named = new URLSearchParams(request.query).get('namespace');
  if (named === null) return request.headers['x-mock-namespace'] ?? defaultWorldName;
  return worldNamePattern.test(named) ? named : undefined;
}

/** One SSE message (the data is one line of JSON, so it never needs splitting). */
export function sseMessage(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Open streams, so that closing the mock ends them (a server waits for open answers otherwise). */
export class OpenStreams {
  private readonly ends = new Set<() => void>();

  track(end: () => void): () => void {
    this.ends.add(end);
    return () => this.ends.delete(end);
  }

  endAll(): void {
    for (const end of [...this.ends]) end();
  }
}

/** The entry `sequence` of a world's journal as the SSE event `journal` (none if it is gone already). */
async function journalMessage(
  registry: WorldRegistry,
  name: string,
  sequence: number,
): Promise<{ name: string; data: unknown } | undefined> {
  const world = await registry.find(name);
  const entries = world ? await world.journal.list({ after: sequence - 1 }) : [];
  const entry = entries.find((candidate) => candidate.sequence === sequence);
  return entry && { name: 'journal', data: entry };
}

/** The events of the world called `world`, of its later incarnations too (after a delete, a new one). */
export function worldEventStream(registry: WorldRegistry, world: string, open: OpenStreams): AnswerStream {
  return {
    open(send, end) {
      let stopped = false;
      // Messages leave in the order their events came, though a journal entry is read before it is sent.
      let sent = Promise.resolve();
      const unwatch = registry.watch((name, event) => {
        if (name !== world) return;
        const message =
          event.kind === 'journal-appended'
            ? journalMessage(registry, name, event.sequence)
            : Promise.resolve(streamEventOf(event));
        sent = sent
          .then(async () => {
            const ready = await message;
            if (ready && !stopped) send(sseMessage(ready.name, ready.data));
          })
          .catch(() => undefined);
      });
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), keepAliveMs);
      (keepAlive as { unref?: () => void }).unref?.();
      const stop = () => {
        if (stopped) return;
        stopped = true;
        unwatch();
        clearInterval(keepAlive);
        untrack();
      };
      const untrack = open.track(() => {
        stop();
        end();
      });
      // The browser retries after 2 s when the connection drops; `ready` tells the page to read everything once.
      send(`retry: 2000\n${sseMessage('ready', { namespace: world })}`);
      return stop;
    },
  };
}
