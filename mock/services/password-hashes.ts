/**
 * Stored password hashes, tagged with their algorithm so that a snapshot moves
 * between the Node server (which hashes with scrypt) and a browser under MSW
 * (which hashes with PBKDF2 through WebCrypto): either side verifies both kinds
 * (spec/mock-control.yaml, Snapshot passwordHash).
 *
 *   scrypt$<salt>$<key>                    N=2^14, r=8, p=1 (the server's; unchanged since the first release)
 *   pbkdf2-sha256$<iterations>$<salt>$<key>
 *
 * Salt and key are base64. No Node built-in here: mock/services/passwords.ts adds Node's scrypt.
 */
import type { PasswordHasher } from './session-service.ts';

export const scryptCost = { N: 16384, r: 8, p: 1 } as const;
export const keyLength = 32;
/** OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about 120 ms a hash, near scrypt's cost here. */
export const pbkdf2Iterations = 600_000;
// As spec/mock-control.yaml allows: seven digits.
const maxPbkdf2Iterations = 9_999_999;

export type StoredHash =
  | { readonly algorithm: 'scrypt'; readonly salt: Uint8Array; readonly key: Uint8Array }
  | {
      readonly algorithm: 'pbkdf2-sha256';
      readonly iterations: number;
      readonly salt: Uint8Array;
      readonly key: Uint8Array;
    };

const base64 = /^[A-Za-z0-9+/=]+$/;

/** The stored value's parts, or undefined for anything not written by one of the two hashers. */
export function parseStoredHash(stored: string): StoredHash | undefined {
  const hash = readStoredHash(stored);
  return hash && hash.salt.length > 0 && hash.key.length > 0 ? hash : undefined;
}

function readStoredHash(stored: string): StoredHash | undefined {
  const parts = stored.split('$');
  if (parts[0] === 'scrypt' && parts.length === 3 && parts.slice(1).every((part) => base64.test(part))) {
    return { algorithm: 'scrypt', salt: fromBase64(parts[1]!), key: fromBase64(parts[2]!) };
  }
  if (parts[0] === 'pbkdf2-sha256' && parts.length === 4 && parts.slice(2).every((part) => base64.test(part))) {
    const iterations = Number(parts[1]);
    if (!/^[1-9][0-9]*$/.test(parts[1]!) || iterations > maxPbkdf2Iterations) return undefined;
    return { algorithm: 'pbkdf2-sha256', iterations, salt: fromBase64(parts[2]!), key: fromBase64(parts[3]!) };
  }
  return undefined;
}

export function formatStoredHash(hash: StoredHash): string {
  return hash.algorithm === 'scrypt'
    ? `scrypt$${toBase64(hash.salt)}$${toBase64(hash.key)}`
    : `pbkdf2-sha256$${hash.iterations}$${toBase64(hash.salt)}$${toBase64(hash.key)}`;
}

/** Passwords compare in NFC, so that "café" verifies however the keyboard composed it. */
export const normalised = (password: string): Uint8Array<ArrayBuffer> =>
  new TextEncoder().encode(password.normalize('NFC'));

/** Equal in time that depends on the lengths only, never on where the bytes differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b.length === 0 ? 0 : b[i % b.length]!);
  return difference === 0;
}

export async function pbkdf2Sha256(
  password: string,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey('raw', normalised(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    material,
    length * 8,
  );
  return new Uint8Array(bits);
}

/**
 * Hashing where only WebCrypto is there (a browser, a service worker, Node under MSW):
 * PBKDF2; a server's scrypt hash (from a snapshot) is verified with @noble/hashes' scrypt, pure code.
 */
export const webPasswords: PasswordHasher = {
  hash: async (password) => {
    const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
    const key = await pbkdf2Sha256(password, salt, pbkdf2Iterations, keyLength);
    return formatStoredHash({ algorithm: 'pbkdf2-sha256', iterations: pbkdf2Iterations, salt, key });
  },
  verify: async (password, stored) => {
    const hash = parseStoredHash(stored);
    if (!hash) return false;
    if (hash.algorithm === 'pbkdf2-sha256') {
      return constantTimeEqual(await pbkdf2Sha256(password, hash.salt, hash.iterations, hash.key.length), hash.key);
    }
    const { scryptAsync } = await import('@noble/hashes/scrypt.js');
    const key = await scryptAsync(normalised(password), hash.salt, { ...scryptCost, dkLen: hash.key.length });
    return constantTimeEqual(key, hash.key);
  },
};

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    // Not base64 after all (misplaced padding): a hash nothing verifies against.
    return new Uint8Array(0);
  }
}
