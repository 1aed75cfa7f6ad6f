import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, test } from 'vitest';
import { createRandomSource } from './random.ts';
import { NonceBook, recoverSigner } from './wallet-proof.ts';

const t0 = 1_795_000_000;

describe('NonceBook', () => {
  test('issues a message that carries its nonce', () => {
    const book = new NonceBook(createRandomSource(1), 300, 10);
    const issued = book.issue(t0);
    expect(issued.message).toContain(`Nonce: ${issued.nonce}`);
    expect(Number.isInteger(issued.nonce)).toBe(true);
    expect(book.size).toBe(1);
  });

  test('consumes a message once: true the first time, false ever after', () => {
    const book = new NonceBook(createRandomSource(1), 300, 10);
    const { message } = book.issue(t0);
    expect(book.consume(message, t0 + 1)).toBe(true);
    expect(book.consume(message, t0 + 1)).toBe(false);
  });

  test('refuses a message at or after its expiry, and forgets it', () => {
    const book = new NonceBook(createRandomSource(1), 300, 10);
    const early = book.issue(t0);
    const late = book.issue(t0);
    expect(book.consume(early.message, t0 + 299)).toBe(true);
    expect(book.consume(late.message, t0 + 300)).toBe(false);
    expect(book.size).toBe(0);
  });

  test('refuses a message it never issued', () => {
    const book = new NonceBook(createRandomSource(1), 300, 10);
    expect(book.consume('Sign this message to prove you own this wallet.\nNonce: 1', t0)).toBe(false);
  });

  test('holds at most `limit` pending messages: when full, the oldest pending one makes room for the new one', () => {
    const book = new NonceBook(createRandomSource(1), 300, 2);
    const oldest = book.issue(t0);
    const middle = book.issue(t0);
    const newest = book.issue(t0 + 1);
    expect(book.size).toBe(2);
    expect(book.consume(oldest.message, t0 + 2)).toBe(false);
    expect(book.consume(middle.message, t0 + 2)).toBe(true);
    expect(book.consume(newest.message, t0 + 2)).toBe(true);
  });

  test('sweep forgets only expired messages; clear forgets all', () => {
    const book = new NonceBook(createRandomSource(1), 300, 10);
    book.issue(t0);
    book.issue(t0 + 100);
    expect(book.sweep(t0 + 300)).toBe(1);
    expect(book.size).toBe(1);
    book.clear();
    expect(book.size).toBe(0);
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
