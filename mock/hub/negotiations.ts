/**
 * Connection tokens handed out by the negotiate step, each good for one WebSocket
 * connection within a short time. The tokens are kept by a NegotiationStore
 * (mock/world/world.ts): this process's memory unless a shared store (Redis) keeps
 * them, so that a client may negotiate on one replica and connect on another.
 */
import { randomBytes } from 'node:crypto';
import type { NegotiationStore } from '../world/world.ts';

export interface Negotiation {
  readonly connectionId: string;
  readonly connectionToken: string;
}

/** How long a negotiated connection token may wait for its WebSocket (real time). */
export const negotiationTtlMs = 60_000;

/** A fresh connection id and token, the token kept in `store` for `ttlMs`. */
export async function issueNegotiation(store: NegotiationStore, ttlMs = negotiationTtlMs): Promise<Negotiation> {
  const negotiation = {
    connectionId: randomBytes(16).toString('base64url'),
    connectionToken: randomBytes(16).toString('base64url'),
  };
  await store.put(negotiation.connectionToken, ttlMs);
  return negotiation;
}

/** The tokens in this process's memory: the default. Bounded: the oldest pending token makes room. */
export class NegotiationBook implements NegotiationStore {
  /** connectionToken -> real time (ms) until which it may be used. */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly limit = 10_000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  put(token: string, ttlMs: number): Promise<void> {
    if (this.pending.size >= this.limit) this.sweep();
    // Map order is insertion order: the first key is the oldest pending token.
    if (this.pending.size >= this.limit) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(token, this.nowMs() + ttlMs);
    return Promise.resolve();
  }

  take(token: string): Promise<boolean> {
    const until = this.pending.get(token);
    if (until === undefined) return Promise.resolve(false);
    this.pending.delete(token);
    return Promise.resolve(this.nowMs() < until);
  }

  private sweep(): void {
    const now = this.nowMs();
    for (const [token, until] of this.pending) if (now >= until) this.pending.delete(token);
  }
}
