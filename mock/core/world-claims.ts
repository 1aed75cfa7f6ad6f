/**
 * World tokens: with `--control-token`, `POST /__mock/namespaces/{name}` claims a world and answers a token
 * for it alone (spec/mock-control.yaml, `claimNamespace`), so that teams sharing one mock cannot read, reset
 * or delete each other's worlds. The store keeps only the token's SHA-256 (`WorldMeta.claimTokenHash`).
 * WebCrypto, no node:crypto: the core also runs in a browser.
 */
import type { World } from '../world/world.ts';

/** 32 random bytes, base64url, behind a prefix that says what the token is for. */
export function newWorldToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `world_${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The SHA-256 of a token, hex: what the store keeps. */
export async function worldTokenHash(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether `presented` is `world`'s token. The hashes are compared, not the tokens: equal-length digests of a
 * secret the caller does not know, so the comparison's timing tells nothing about the token.
 */
export async function holdsWorldToken(world: World, presented: string): Promise<boolean> {
  const { claimTokenHash } = await world.meta();
  return claimTokenHash !== null && claimTokenHash === (await worldTokenHash(presented));
}
