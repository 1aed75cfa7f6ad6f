/**
 * `npx tsx scripts/soak/burst.ts [--sessions N] [--rounds R]`
 *
 * Does memory come back after a burst? Starts the mock with --max-sessions N and
 * --max-nonces N, then R times: fills it with N sessions (expiring after 60 s)
 * and N nonces, moves the virtual clock past expiry plus the token grace hour,
 * and gives the 30-s sweeper a turn to forget them (a full refill in the next
 * round proves they went). Prints the mock's RSS at start, after each burst and
 * after each sweep: if records leaked, each round would need more memory than
 * the one before; if they are collected, the rounds level off. Exit 1 when the
 * last round's peak is more than 25% above the first's.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { call, createPool, expectJson } from '../fuzz/http.ts';
import { readRss, startMock } from '../fuzz/mock-process.ts';

const whole = (name: string, min: number, max: number) => (value: string) => {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
  return parsed;
};
const options = new Command('burst')
  .addOption(new Option('--sessions <n>', 'sessions (and nonces) per burst').default(5000).argParser(whole('--sessions', 10, 1_000_000)))
  .addOption(new Option('--rounds <n>', 'bursts').default(3).argParser(whole('--rounds', 1, 20)))
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{ sessions: number; rounds: number }>();

const mib = (bytes: number | undefined) => (bytes === undefined ? Number.NaN : Math.round((bytes / 1024 / 1024) * 10) / 10);

async function main(): Promise<number> {
  const mock = await startMock({ args: ['--max-sessions', String(options.sessions), '--max-nonces', String(options.sessions)] });
  const pool = createPool(mock.origin, 16);
  try {
    const rss = () => mib(readRss(mock.pid)?.rss);
    console.log(`burst: mock pid ${mock.pid}; RSS at start ${rss()} MiB`);
    const peaks: number[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const wallet = (await expectJson<{ token: string }>(pool, 'POST', '/__mock/wallet-token', 200, { json: { ttlSeconds: 86_400 } })).token;
      let next = 0;
      const refused: number[] = [];
      const worker = async () => {
        while (next < options.sessions) {
          next++;
          const created = await call(pool, 'POST', '/v1/session', { headers: { authorization: `Bearer ${wallet}`, 'x-api-key': 'mock-api-key' }, json: { rules: { expiryDurationInSeconds: 60 } } });
          const nonce = await call(pool, 'GET', '/v1/wallet-proof/nonce');
          if (created.status !== 200) refused.push(created.status);
          if (nonce.status !== 200) refused.push(nonce.status);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      if (refused.length > 0) throw new Error(`round ${round}: ${refused.length} creates or nonces refused (first: ${refused[0]}); the previous burst was not collected`);
      const full = await call(pool, 'GET', '/v1/wallet-proof/nonce');
      const afterBurst = rss();
      peaks.push(afterBurst);
      await expectJson(pool, 'POST', '/__mock/clock', 200, { json: { advanceSeconds: 60 + 3600 + 1 } });
      // The sweeper runs every 30 s: give it one turn.
      await new Promise((resolve) => setTimeout(resolve, 31_000));
      const health = await expectJson<{ sessions: number }>(pool, 'GET', '/__mock/health', 200);
      const swept = health.sessions === 0;
      console.log(`burst: round ${round}: ${options.sessions} sessions and nonces in (next nonce: ${full.status}); RSS ${afterBurst} MiB; swept: ${swept}; RSS after the sweep ${rss()} MiB`);
    }
    const growth = peaks.length > 1 ? (peaks[peaks.length - 1]! - peaks[0]!) / peaks[0]! : 0;
    console.log(`burst: peaks ${peaks.join(', ')} MiB; last vs first ${Math.round(growth * 100)}%`);
    return growth > 0.25 ? 1 : 0;
  } finally {
    await pool.close().catch(() => {});
    await mock.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`burst: failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
