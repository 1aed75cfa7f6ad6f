/**
 * Connection tokens handed out by the negotiate step, each good for one WebSocket
 * connection within a short time. Bounded: the oldest pending token makes room.
 */
import { randomBytes } from 'node:crypto';

export interface Negotiation {
  readonly connectionId: string;
  readonly connectionToken: string;
}

export class NegotiationBook {
  /** connectionToken -> real time (ms) until which it may be used. */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly limit = 10_000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  issue(): Negotiation {
    if (this.pending.size >= this.limit) this.sweep();
    // Map order is insertion order: the first key is the oldest pending token.
    if (this.pending.size >= this.limit) this.pending.delete(this.pending.keys().next().value!);
    const negotiation = {
      connectionId: randomBytes(16).toString('base64url'),
      connectionToken: randomBytes(16).toString('base64url'),
    };
    this.pending.set(negotiation.connectionToken, this.nowMs() + this.ttlMs);
    return negotiation;
  }

  /** True once for a pending, unexpired token. */
  consume(connectionToken: string): boolean {
    const until = this.pending.get(connectionToken);
    if (until === undefined) return false;
    this.pending.delete(connectionToken);
    return this.nowMs() < until;
  }

  private sweep(): void {
    const now = this.nowMs();
    for (const [token, until] of this.pending) if (now >= until) this.pending.delete(token);
  }

  clear(): void {
    this.pending.clear();
  }
}
