/**
 * The command path of a Redis connection (command-path.ts), on a real redis-server: the commands of one turn
 * leave in one write, and a failure that means Redis is out of reach becomes a StoreUnavailableError.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedisServer, type RedisServer } from '../../testing/redis-server.ts';
import { StoreUnavailableError } from '../store-errors.ts';
import { shapeCommandPath } from './command-path.ts';

let server: RedisServer;
let observer: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  observer = new Redis(server.url);
});

afterAll(async () => {
  observer?.disconnect();
  await server?.stop();
});

/** The reads redis-server made from its clients so far: one per write that reached it, about. */
async function readsProcessed(): Promise<number> {
  const info = await observer.info('stats');
  return Number(/total_reads_processed:(\d+)/.exec(info)?.[1]);
}

/** The server's reads while `connection` sends 40 commands in one turn (then one more read for the observer). */
async function readsFor40Commands(connection: Redis): Promise<number> {
  await connection.ping();
  const before = await readsProcessed();
  await Promise.all(Array.from({ length: 40 }, (_, i) => connection.get(`key-${i}`)));
  return (await readsProcessed()) - before;
}

describe('the command path of a Redis connection', () => {
  test('sends the commands of one turn in one write, where a plain connection writes each', async () => {
    const plain = new Redis(server.url);
    const shaped = new Redis(server.url);
    shapeCommandPath(shaped);
    try {
      expect(await readsFor40Commands(plain)).toBeGreaterThanOrEqual(10);
      expect(await readsFor40Commands(shaped)).toBeLessThanOrEqual(3);
    } finally {
      plain.disconnect();
      shaped.disconnect();
    }
  });

  test('fails a command Redis cannot get with StoreUnavailableError, and leaves other errors as they are', async () => {
    const shaped = new Redis(server.url, { maxRetriesPerRequest: 0 });
    shapeCommandPath(shaped);
    await shaped.set('a-string', 'x');
    await expect(shaped.hget('a-string', 'field')).rejects.toThrow(/WRONGTYPE/);
    await expect(shaped.hget('a-string', 'field')).rejects.not.toBeInstanceOf(StoreUnavailableError);
    shaped.disconnect();
    await expect(shaped.get('a-string')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
