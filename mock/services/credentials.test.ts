import { describe, expect, test } from 'vitest';
import { createApiKeyCheck } from './api-keys.ts';
import { parseStoredHash, webPasswords } from './password-hashes.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createRandomSource } from './random.ts';

describe('api-key check', () => {
  const check = createApiKeyCheck(['alpha', 'beta']);

  test.for([
    ['alpha', true],
    ['beta', true],
    ['gamma', false],
    ['', false],
    ['ALPHA', false],
    [undefined, false],
  ] as const)('%s is accepted: %s', ([key, accepted]) => {
    expect(check(key)).toBe(accepted);
  });
});

describe('passwords', () => {
  test('a hash verifies its password and no other, and is not the password', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).not.toContain('correct horse');
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse ', hash)).toBe(false);
  });

  test('two hashes of one password differ (salted)', async () => {
    expect(await hashPassword('pw')).not.toBe(await hashPassword('pw'));
  });

  test('a Unicode password verifies in either normal form', async () => {
    const hash = await hashPassword('caf\u00e9');
    expect(await verifyPassword('cafe\u0301', hash)).toBe(true);
  });

  test('a stored value of another scheme never verifies', async () => {
    expect(await verifyPassword('pw', 'plain$pw$pw')).toBe(false);
  });
});

describe('password hashes move between Node and a browser', () => {
  test('a PBKDF2 hash made with WebCrypto is tagged and verifies in Node, and only with its password', async () => {
    const hash = await webPasswords.hash('correct horse');
    expect(hash).toMatch(/^pbkdf2-sha256\$600000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsf', hash)).toBe(false);
    expect(await webPasswords.verify('correct horse', hash)).toBe(true);
  });

  test("the server's scrypt hash verifies where only WebCrypto and pure code run", async () => {
    const hash = await hashPassword('caf\u00e9');
    expect(await webPasswords.verify('cafe\u0301', hash)).toBe(true);
    expect(await webPasswords.verify('cafe', hash)).toBe(false);
  });

  test.for([
    'scrypt$$',
    'scrypt$c2FsdA==',
    'pbkdf2-sha256$0$c2FsdA==$a2V5',
    'pbkdf2-sha256$99999999$c2FsdA==$a2V5',
    'x',
  ])('a malformed stored value %s verifies nothing and never throws', async (stored) => {
    expect(parseStoredHash(stored)).toBeUndefined();
    expect(await verifyPassword('pw', stored)).toBe(false);
    expect(await webPasswords.verify('pw', stored)).toBe(false);
  });
});

describe('random source', () => {
  test('the same seed gives the same sequence, and reseed starts it again', () => {
    const a = createRandomSource(7);
    const b = createRandomSource(7);
    const first = [a.uuid(), a.pseudonym(), a.address(), a.int(100)];
    expect([b.uuid(), b.pseudonym(), b.address(), b.int(100)]).toEqual(first);
    a.reseed();
    expect([a.uuid(), a.pseudonym(), a.address(), a.int(100)]).toEqual(first);
  });

  test('addresses are lower-case Ethereum addresses and pseudonyms two capitalised words', () => {
    const random = createRandomSource(3);
    expect(random.address()).toMatch(/^0x[0-9a-f]{40}$/);
    expect(random.pseudonym()).toMatch(/^[A-Z]\S* [A-Z]/);
  });
});
