// Profiles the mock under load: starts it with --cpu-prof, drives one workload
// with autocannon, stops it gracefully (SIGTERM: the mock exits, V8 writes the
// profile) and prints where the time went.
// npx tsx scripts/bench/profile-mock.ts [--workload get-current] [--duration 10] [--mock-log-level info]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { runLoad } from './load.ts';
import { createSession, joinSession, mintWalletTokens } from './mock-client.ts';
import { repoRoot } from './repo-root.ts';
import { killAllNow, startServer } from './server-process.ts';
import { formatProfileSummary, summariseProfile } from './summarise-profile.ts';
import { workloads, type Fixture } from './workloads.ts';

const program = new Command('profile-mock')
  .description('CPU-profile the mock under one workload and summarise the profile.')
  .addOption(new Option('--workload <name>', 'workload to drive').choices(workloads.map((workload) => workload.name)).default('get-current'))
  .addOption(new Option('--duration <seconds>', 'seconds of load').default(10).argParser(Number))
  .addOption(new Option('--connections <count>', 'concurrent connections').default(50).argParser(Number))
  .addOption(new Option('--mock-log-level <level>', "the mock's --log-level").default('info'))
  .addOption(new Option('--out-dir <dir>', 'where the profile goes').default('reports/bench/profiles'));
program.parse();
const options = program.opts<{ workload: string; duration: number; connections: number; mockLogLevel: string; outDir: string }>();

process.on('exit', killAllNow);
process.once('SIGINT', () => process.exit(130));

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const dir = path.resolve(repoRoot, options.outDir, `${stamp}-${options.workload}-${options.mockLogLevel}`);
mkdirSync(dir, { recursive: true });
const mock = await startServer({
  name: 'mock',
  command: process.execPath,
  args: ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', 'mock/main.ts', '--port', '0', '--log-level', options.mockLogLevel],
  logFile: path.join(dir, 'mock.log'),
  listeningPattern: /listening on (http:\/\/\S+)/,
  probePath: '/v1/session/current',
  readyTimeoutMs: 30_000,
});
const [host, guest, ...pool] = await mintWalletTokens(mock.origin, 32);
const session = await createSession(mock.origin, host!.token, { rules: { userCapacity: 1000 } });
await joinSession(mock.origin, guest!.token, session.sessionId);
const fixture: Fixture = {
  sessionToken: session.token,
  guestWalletToken: guest!.token,
  hostWalletToken: host!.token,
  sessionId: session.sessionId,
  walletPool: pool.map((wallet) => wallet.token),
};
const workload = workloads.find((candidate) => candidate.name === options.workload)!;
const expectedStatus = workload.expectedStatus('mock');
const loadStartUs = Number(process.hrtime.bigint() / 1000n);
const load = await runLoad({
  origin: mock.origin,
  connections: options.connections,
  duration: options.duration,
  requests: workload.requests('mock', fixture),
  ...(expectedStatus !== undefined ? { expectedStatus } : {}),
  timeoutMs: (options.duration + 15) * 1000,
});
const loadEndUs = Number(process.hrtime.bigint() / 1000n);
console.log(`${workload.name}: ${Math.round(load.requestsPerSecond)} req/s, p50 ${load.latencyP50Ms} ms, p99 ${load.latencyP99Ms} ms, unexpected ${load.unexpected} (under --cpu-prof)`);
await mock.stop();
// CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (others: e.g. tsx's loader).
const file = readdirSync(dir).find((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name));
if (!file) {
  console.error(`No .cpuprofile in ${dir}: the mock did not exit through process.exit after SIGTERM within 3 s.`);
  process.exit(1);
}
// Only the samples taken under load: start-up (module loading, tsx) and shutdown are left out.
const summary = summariseProfile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), 30, { startUs: loadStartUs, endUs: loadEndUs });
const text = formatProfileSummary(summary);
writeFileSync(path.join(dir, 'summary.txt'), `${text}\n`);
writeFileSync(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(text);
console.log(`\nprofile: ${path.relative(repoRoot, path.join(dir, file))}`);
