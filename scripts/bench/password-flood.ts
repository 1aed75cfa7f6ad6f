/**
 * `npx tsx scripts/bench/password-flood.ts [--flood N] [--probes N]`
 *
 * Can a flood of wrong-password joins (each one scrypt hash) starve unrelated
 * requests? Starts the bundled mock, creates a password-protected session and an
 * open one, then times joins to the open session and creates (without a
 * password) idle, and again while N concurrent wrong-password joins are in
 * flight. Prints the median and the worst of each (docs/reliability.md quotes them).
 */
import { Command, Option } from 'commander';
import { wholeNumber as whole } from '../../mock/whole-number-option.ts';
import { call, createPool, expectJson } from '../fuzz/http.ts';
import { startMock } from '../mock-process.ts';

const options = new Command('password-flood')
  .addOption(
    new Option('--flood <n>', 'concurrent wrong-password joins').default(200).argParser(whole('--flood', 1, 2000)),
  )
  .addOption(
    new Option('--probes <n>', 'timed joins and creates, each').default(5).argParser(whole('--probes', 1, 100)),
  )
  .parse(process.argv.slice(2), { from: 'user' })
  .opts<{ flood: number; probes: number }>();

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms`;
};

async function main(): Promise<void> {
  const mock = await startMock();
  const pool = createPool(mock.origin, options.flood + 16);
  try {
    let wallets = 0;
    const walletToken = async () =>
      (
        await expectJson<{ token: string }>(pool, 'POST', '/__mock/wallet-token', 200, {
          json: { address: address(++wallets), ttlSeconds: 86_400 },
        })
      ).token;
    const create = async (token: string, json: unknown) =>
      call(pool, 'POST', '/v1/session', {
        headers: { authorization: `Bearer ${token}`, 'x-api-key': 'mock-api-key' },
        json,
      });
    const join = (token: string, json: unknown) =>
      call(pool, 'POST', '/v1/session/join', {
        headers: { authorization: `Bearer ${token}` },
        json,
        timeoutMs: 120_000,
      });
    const sessionIdOf = (body: string) => (JSON.parse(body) as { sessionId: string }).sessionId;
    const guarded = sessionIdOf(
      (await create(await walletToken(), { rules: { password: 'right', userCapacity: 1000 } })).body,
    );
    const open = sessionIdOf((await create(await walletToken(), { rules: { userCapacity: 1000 } })).body);
    const attacker = await walletToken();

    // Minted beforehand: minting signs too, and would wait out the flood untimed.
    const probeTokens: string[] = [];
    for (let i = 0; i < 4 * options.probes; i++) probeTokens.push(await walletToken());
    const probe = async () => {
      const joins: number[] = [];
      const creates: number[] = [];
      for (let i = 0; i < options.probes; i++) {
        const [joiner, creator] = [probeTokens.pop()!, probeTokens.pop()!];
        let started = performance.now();
        const joined = await join(joiner, { sessionId: open });
        joins.push(performance.now() - started);
        started = performance.now();
        const created = await create(creator, {});
        creates.push(performance.now() - started);
        if (joined.status !== 200 || created.status !== 200)
          throw new Error(`probe answered ${joined.status} and ${created.status}`);
      }
      return { joins, creates };
    };

    const idle = await probe();
    console.log(`idle: join ${summary(idle.joins)}; create ${summary(idle.creates)}`);
    const started = performance.now();
    let refused = 0;
    const flood = Promise.all(
      Array.from({ length: options.flood }, async () => {
        if ((await join(attacker, { sessionId: guarded, password: 'wrong' })).status === 401) refused++;
      }),
    );
    // Give every flood request time to connect and reach the mock before the probes start.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const busy = await probe();
    await flood;
    console.log(
      `during ${options.flood} wrong-password joins: join ${summary(busy.joins)}; create ${summary(busy.creates)}`,
    );
    console.log(
      `the flood: ${refused} of ${options.flood} answered 401 within ${(performance.now() - started).toFixed(0)} ms`,
    );
  } finally {
    await pool.close();
    await mock.stop();
  }
}

await main();
