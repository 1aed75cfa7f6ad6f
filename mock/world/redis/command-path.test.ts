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

/**
 * The writes `connection`'s socket makes (each a system call) while it sends 40 commands in one turn; and the
 * reads redis-server makes meanwhile (one per write that reached it, or fewer when a busy server reads late).
 */
async function writesFor40Commands(connection: Redis): Promise<{ writes: number; serverReads: number }> {
  await connection.ping();
  const socket = connection.stream as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...args) => {
      writes++;
      original(...args);
    };
  }
  const readsBefore = await readsProcessed();
  await Promise.all(Array.from({ length: 40 }, (_, i) => connection.get(`key-${i}`)));
  // Less the observer's own INFO command.
  return { writes, serverReads: (await readsProcessed()) - readsBefore - 1 };
}

async function readsProcessed(): Promise<number> {
  const info = await observer.info('stats');
  return Number(/total_reads_processed:(\d+)/.exec(info)?.[1]);
}

describe('the command path of a Redis connection', () => {
  test('sends the commands of one turn in one write, where a plain connection writes each', async () => {
    const plain = new Redis(server.url);
    const shaped = new Redis(server.url);
    shapeCommandPath(shaped);
    try {
      expect((await writesFor40Commands(plain)).writes).toBeGreaterThanOrEqual(10);
      const shapedSent = await writesFor40Commands(shaped);
      expect(shapedSent.writes).toBe(1);
      expect(shapedSent.serverReads).toBeLessThanOrEqual(2);
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
