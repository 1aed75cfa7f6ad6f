/**
 * `--store memory|redis` of the scripts that check the mock from outside (fuzz, soak): with `redis`,
 * the script starts its own redis-server (Debian's, mock/testing/redis-server.ts) on a free port and
 * the mock with `--store redis://...` on it, so that the same checks run against a Redis-backed mock.
 */
import { Option } from 'commander';
import { startRedisServer } from '../mock/testing/redis-server.ts';

export type StoreChoice = 'memory' | 'redis';

export function storeOption(): Option {
  return new Option('--store <kind>', 'where the mock keeps its worlds: memory, or a redis-server the script starts')
    .choices(['memory', 'redis'])
    .default('memory');
}

export interface StartedStore {
  /** The mock's arguments for it (none for memory). */
  readonly mockArgs: readonly string[];
  /** What to print, e.g. "redis at redis://127.0.0.1:40123". */
  readonly description: string;
  stop(): Promise<void>;
}

export async function startStore(kind: StoreChoice): Promise<StartedStore> {
  if (kind === 'memory') return { mockArgs: [], description: 'memory', stop: () => Promise.resolve() };
  const redis = await startRedisServer();
  return { mockArgs: ['--store', redis.url], description: `redis at ${redis.url}`, stop: () => redis.stop() };
}
