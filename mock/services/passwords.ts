/**
 * Session passwords are stored as scrypt hashes even in the mock, so nothing a
 * mock's memory or logs reveal is a password a person reuses elsewhere. Node's
 * hasher: it also verifies the PBKDF2 hashes a browser under MSW made
 * (mock/services/password-hashes.ts), so snapshots move both ways.
 */
import { pbkdf2, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { formatStoredHash, keyLength, parseStoredHash, scryptCost } from './password-hashes.ts';

// 2^14 is the cost OWASP names as scrypt's minimum; hashing runs in libuv's pool, off the event loop.
const cost: ScryptOptions = { ...scryptCost, maxmem: 64 * 1024 * 1024 };

/**
 * At most this many hashes run at once; the rest wait here, in order. libuv's
 * pool (4 threads unless UV_THREADPOOL_SIZE says otherwise) also signs and
 * verifies every token, so two threads stay free for that: a flood of
 * wrong-password joins slows only password checks, not every request
 * (docs/reliability.md, "Password hashing and the thread pool").
 */
const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const concurrentHashes = Math.max(1, threadPoolSize - 2);

let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= concurrentHashes) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, so `running` never drops in between.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Uint8Array, length = keyLength): Promise<Buffer> {
  return inTurn(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, length, cost, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

function derivePbkdf2(password: string, salt: Uint8Array, iterations: number, length: number): Promise<Buffer> {
  return inTurn(
    () =>
      new Promise((resolve, reject) =>
        pbkdf2(password.normalize('NFC'), salt, iterations, length, 'sha256', (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return formatStoredHash({ algorithm: 'scrypt', salt, key: await derive(password, salt) });
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parseStoredHash(stored);
  if (!hash) return false;
  const key =
    hash.algorithm === 'scrypt'
      ? await derive(password, hash.salt, hash.key.length)
      : await derivePbkdf2(password, hash.salt, hash.iterations, hash.key.length);
  return timingSafeEqual(key, hash.key);
}

/** Node's password hashing, for the core's parts (mock/core/mock-core.ts). */
export const nodePasswords = { hash: hashPassword, verify: verifyPassword } as const;
