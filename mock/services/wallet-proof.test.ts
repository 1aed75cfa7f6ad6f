import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, test } from 'vitest';
import { createRandomSource } from './random.ts';
import { createMemoryWorld } from '../world/memory-world.ts';
import { issueNonce, recoverSigner } from './wallet-proof.ts';

const t0 = 1_795_000_000;

/** A world's nonce store with the service's issuing: messages live 300 s and at most `limit` wait. */
function nonceBook(limit: number) {
  const world = createMemoryWorld({
    name: 'default',
    random: createRandomSource(1),
    newGeneration: () => 'g',
    journalSize: 0,
    nowMs: t0 * 1000,
  });
  return {
    issue: (now: number) => issueNonce(world, now + 300, limit),
    consume: (message: string, now: number) => world.nonces.consume(message, now),
    sweep: (now: number) => world.nonces.sweep(now),
    size: () => world.nonces.count(),
    clear: () => world.nonces.clear(),
  };
}

describe("wallet-proof nonces (issueNonce on a world's NonceStore)", () => {
  test('issues a message that carries its nonce', async () => {
    const book = nonceBook(10);
    const issued = await book.issue(t0);
    expect(issued.message).toContain(`Nonce: ${issued.nonce}`);
    expect(Number.isInteger(issued.nonce)).toBe(true);
    expect(await book.size()).toBe(1);
  });

  test('consumes a message once: true the first time, false ever after', async () => {
    const book = nonceBook(10);
    const { message } = await book.issue(t0);
    expect(await book.consume(message, t0 + 1)).toBe(true);
    expect(await book.consume(message, t0 + 1)).toBe(false);
  });

  test('refuses a message at or after its expiry, and forgets it', async () => {
    const book = nonceBook(10);
    const early = await book.issue(t0);
    const late = await book.issue(t0);
    expect(await book.consume(early.message, t0 + 299)).toBe(true);
    expect(await book.consume(late.message, t0 + 300)).toBe(false);
    expect(await book.size()).toBe(0);
  });

  test('refuses a message it never issued', async () => {
    const book = nonceBook(10);
    expect(await book.consume('Sign this message to prove you own this wallet.\nNonce: 1', t0)).toBe(false);
  });

  test('holds at most `limit` pending messages: when full, the oldest one makes room for the new one', async () => {
    const book = nonceBook(2);
    const oldest = await book.issue(t0);
    const middle = await book.issue(t0);
    const newest = await book.issue(t0 + 1);
    expect(await book.size()).toBe(2);
    expect(await book.consume(oldest.message, t0 + 2)).toBe(false);
    expect(await book.consume(middle.message, t0 + 2)).toBe(true);
    expect(await book.consume(newest.message, t0 + 2)).toBe(true);
  });

  test('sweep forgets only expired messages; clear forgets all', async () => {
    const book = nonceBook(10);
    await book.issue(t0);
    await book.issue(t0 + 100);
    expect(await book.sweep(t0 + 300)).toBe(1);
    expect(await book.size()).toBe(1);
    await book.clear();
    expect(await book.size()).toBe(0);
  });
});

describe('recoverSigner', () => {
  test('recovers the lower-case address of an EIP-191 signature', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signMessage({ message: 'hello' });
    expect(await recoverSigner('hello', signature)).toBe(account.address.toLowerCase());
  });

  test('recovers another address when the message differs', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signMessage({ message: 'hello' });
    expect(await recoverSigner('hello!', signature)).not.toBe(account.address.toLowerCase());
  });

  test('answers undefined for a signature that is not one', async () => {
    expect(await recoverSigner('hello', `0x${'00'.repeat(65)}`)).toBeUndefined();
  });
});
