/**
 * The wallet proof: single-use messages to sign, and EIP-191 signature recovery.
 */
import type { RandomSource } from './random.ts';

export interface IssuedNonce {
  readonly nonce: number;
  readonly message: string;
}

const int32Max = 2_147_483_647;

/**
 * Nonce messages waiting to be verified, each at most once and before it expires.
 * Never more than `limit`: when full, the oldest pending message makes room, so a
 * flood of requests only loses its own oldest messages and never locks others out
 * (docs/reliability.md, "Limits and their answers").
 */
export class NonceBook {
  /** Message to expiry, in the order issued: the first entry is the oldest, and expires first. */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly random: RandomSource,
    private readonly ttlSeconds: number,
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /** A fresh message; when `limit` are pending already, the oldest is dropped for it. */
  issue(now: number): IssuedNonce {
    while (this.pending.size >= this.limit) this.pending.delete(this.pending.keys().next().value!);
    let nonce: number;
    let message: string;
    do {
      nonce = this.random.int(int32Max);
      message = `Sign this message to prove you own this wallet.\nNonce: ${nonce}`;
    } while (this.pending.has(message));
    this.pending.set(message, now + this.ttlSeconds);
    return { nonce, message };
  }

  /**
   * Uses up a message: true once for a pending, unexpired message, false ever
   * after. Synchronous, so two concurrent verifications cannot both succeed.
   */
  consume(message: string, now: number): boolean {
    const expiresAt = this.pending.get(message);
    if (expiresAt === undefined) return false;
    this.pending.delete(message);
    return now < expiresAt;
  }

  sweep(now: number): number {
    let swept = 0;
    for (const [message, expiresAt] of this.pending) {
      if (now >= expiresAt) {
        this.pending.delete(message);
        swept++;
      }
    }
    return swept;
  }

  clear(): void {
    this.pending.clear();
  }
}

/** The lower-case address that signed `message` (EIP-191 personal_sign), or undefined. */
export async function recoverSigner(message: string, signature: `0x${string}`): Promise<string | undefined> {
  // viem is loaded on first use: it is large, and most mock runs never verify a proof.
  const { recoverMessageAddress } = await import('viem');
  try {
    return (await recoverMessageAddress({ message, signature })).toLowerCase();
  } catch {
    return undefined;
  }
}
