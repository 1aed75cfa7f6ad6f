/**
 * Session passwords are stored as scrypt hashes even in the mock, so nothing a
 * mock's memory or logs reveal is a password a person reuses elsewhere.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// 2^14 is the cost OWASP names as scrypt's minimum; hashing runs in libuv's pool, off the event loop.
const cost: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const keyLength = 32;

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

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return inTurn(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, keyLength, cost, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await derive(password, salt)).toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  return timingSafeEqual(await derive(password, Buffer.from(salt, 'base64')), expected);
}

/** Node's password hashing, for the core's parts (mock/core/mock-core.ts). */
export const nodePasswords = { hash: hashPassword, verify: verifyPassword } as const;
