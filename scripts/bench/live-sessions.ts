import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from './load.ts';
import { mintWalletTokens } from './mock-client.ts';
import type { Started } from '../../contracts/runner/processes.ts';
import { readMemory } from '../process-memory.ts';
import type { LiveSessionsResult } from './results.ts';
import { createSessionRequests } from './workloads.ts';

/**
 * Fills a fresh mock with `count` live sessions through POST /v1/session (many
 * connections at once), then reads its RSS once the allocations settle.
 */
export async function measureLiveSessions(
  mock: Started,
  count: number,
  connections: number,
): Promise<LiveSessionsResult> {
  const wallets = await mintWalletTokens(mock.origin, 100);
  await sleep(500);
  const idle = readMemory(mock.pid);
  const started = performance.now();
  const load = await runLoad({
    origin: mock.origin,
    connections: Math.min(connections, count),
    duration: 0,
    amount: count,
    requests: createSessionRequests(wallets.map((wallet) => wallet.token)),
    // Generous: about 30 s at 3,000 creates/s for 100,000, bounded all the same.
    timeoutMs: 30_000 + count * 5,
  });
  const seconds = (performance.now() - started) / 1000;
  await sleep(1000);
  const after = readMemory(mock.pid);
  const created = load.statusCodes['200'] ?? 0;
  return {
    requested: count,
    created,
    unexpected: load.unexpected,
    errors: load.errors,
    seconds,
    createdPerSecond: created / seconds,
    rssIdleBytes: idle?.rss ?? Number.NaN,
    rssAfterBytes: after?.rss ?? Number.NaN,
    peakRssBytes: after?.peakRss ?? Number.NaN,
    statusCodes: load.statusCodes,
  };
}
