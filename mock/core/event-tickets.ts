/**
 * Short-lived, single-use tickets that open a world's event stream where the
 * control token is required: EventSource cannot send an Authorization header,
 * so the page trades its token for a ticket (POST /__mock/events/ticket) and
 * puts the ticket in the stream's URL, where a leaked one is worth little
 * (spec/mock-control.yaml, streamEvents). Held by this process, or, when the
 * worlds live in a shared store, by that store's single-use tokens (the hub's
 * negotiation tokens' store), so that a page may buy its ticket from one replica
 * and open its stream on another.
 */
import type { NegotiationStore } from '../world/world.ts';

/** How long a ticket may wait before it opens a stream. */
export const ticketTtlMs = 60_000;
/** More pending tickets than this: the oldest go first. */
const maxPending = 1000;

export class EventTickets {
  /** Ticket -> its world and real expiry (ms), oldest first. */
  private readonly pending = new Map<string, { world: string; expiresMs: number }>();

  constructor(
    private readonly realNowMs: () => number,
    private readonly shared?: NegotiationStore,
  ) {}

  async issue(world: string): Promise<{ ticket: string; namespace: string; expiresAt: string }> {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const ticket = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    const expiresMs = this.realNowMs() + ticketTtlMs;
    if (this.shared) {
      await this.shared.put(sharedKey(ticket, world), ticketTtlMs);
      return { ticket, namespace: world, expiresAt: new Date(expiresMs).toISOString() };
    }
    this.pending.set(ticket, { world, expiresMs });
    for (const oldest of this.pending.keys()) {
      if (this.pending.size <= maxPending) break;
      this.pending.delete(oldest);
    }
    return { ticket, namespace: world, expiresAt: new Date(expiresMs).toISOString() };
  }

  /** True once for a pending, unexpired ticket of `world`; used up either way it is presented. */
  redeem(ticket: string, world: string): Promise<boolean> {
    if (this.shared) return this.shared.take(sharedKey(ticket, world));
    const held = this.pending.get(ticket);
    if (!held) return Promise.resolve(false);
    this.pending.delete(ticket);
    return Promise.resolve(held.world === world && this.realNowMs() < held.expiresMs);
  }
}

/** A ticket as the shared store keeps it: with its world, so that it opens that world's stream only. */
const sharedKey = (ticket: string, world: string) => `event-ticket:${world}:${ticket}`;
