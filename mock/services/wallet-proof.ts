/**
 * The wallet proof: single-use messages to sign, and EIP-191 signature recovery.
 */
import type { World } from '../world/world.ts';

export interface IssuedNonce {
  readonly nonce: number;
  readonly message: string;
}

const int32Max = 2_147_483_647;

/**
 * A fresh message to sign, kept by the world until `expiresAt` (Unix seconds).
 * Never more than `limit` wait: the oldest makes room, so a flood of requests only
 * loses its own oldest messages and never locks others out (docs/reliability.md,
 * "Limits and their answers"). Each message is used at most once (NonceStore.consume).
 */
export async function issueNonce(world: World, expiresAt: number, limit: number): Promise<IssuedNonce> {
  for (;;) {
    const nonce = world.random.int(int32Max);
    const message = `Sign this message to prove you own this wallet.\nNonce: ${nonce}`;
    if (await world.nonces.issue(message, expiresAt, limit)) return { nonce, message };
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
