import { describe, expect, test } from 'vitest';
import type { NegotiationStore } from '../world/world.ts';
import { EventTickets, ticketTtlMs } from './event-tickets.ts';

/** Single-use tokens with a time to live, as a shared store keeps them (one Map: one store). */
function sharedStore(nowMs: () => number): NegotiationStore {
  const kept = new Map<string, number>();
  return {
    put: (token, ttlMs) => Promise.resolve(void kept.set(token, nowMs() + ttlMs)),
    take: (token) => {
      const until = kept.get(token);
      kept.delete(token);
      return Promise.resolve(until !== undefined && nowMs() < until);
    },
  };
}

describe('event tickets over a store the replicas share', () => {
  test('a ticket bought from one replica opens its world on another, once', async () => {
    let now = 1_000;
    const store = sharedStore(() => now);
    const [a, b] = [new EventTickets(() => now, store), new EventTickets(() => now, store)];
    const { ticket } = await a.issue('team-a');
    expect(await b.redeem(ticket, 'team-b')).toBe(false);
    const again = (await a.issue('team-a')).ticket;
    expect(await b.redeem(again, 'team-a')).toBe(true);
    expect(await a.redeem(again, 'team-a')).toBe(false);
    const late = (await a.issue('team-a')).ticket;
    now += ticketTtlMs;
    expect(await b.redeem(late, 'team-a')).toBe(false);
  });

  test('without a shared store a ticket opens its world on the replica that issued it only', async () => {
    const [a, b] = [new EventTickets(() => 0), new EventTickets(() => 0)];
    const { ticket } = await a.issue('team-a');
    expect(await b.redeem(ticket, 'team-a')).toBe(false);
    expect(await a.redeem(ticket, 'team-a')).toBe(true);
  });
});
