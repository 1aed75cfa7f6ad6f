// npm run bench -- --help
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllNow, liveGroups, startProcess, stopAll, type Started } from '../../contracts/runner/processes.ts';
import { repoRoot } from '../../contracts/runner/repo-root.ts';
import { startRedisServer, type RedisServer } from '../../mock/testing/redis-server.ts';
import { readMemory, RssSampler } from '../process-memory.ts';
import { runLoad } from './load.ts';
import { measureLiveSessions } from './live-sessions.ts';
import { benchNamespace, createSession, currentSessionBytes, joinSession, mintWalletTokens } from './mock-client.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import { countRedisCommands } from './redis-commands.ts';
import { measureReplicas } from './replicas.ts';
import { checkTargets, formatReport, namespaceCosts, ratios, redisRatios, summarise } from './report.ts';
import type { BenchReport, RedisResults, RoundResult, StartupSummary } from './results.ts';
import { ForeignCpuMeter, waitForQuiet } from './machine-load.ts';
import { serverCommand, serverKinds, serverNames, type ServerName } from './servers.ts';
import { median } from './stats.ts';
import { getCurrent, joinRejoin, placeholderFixture, workloads, type Fixture, type Workload } from './workloads.ts';

/** Size of Prism's GET current example answer: the bare body when the mock is left out. */
const defaultBodyBytes = 358;
/** `--store redis`: the workloads measured on 1 and 2 replicas, and the requests counted in Redis per workload. */
const replicaWorkloads: readonly Workload[] = [getCurrent, joinRejoin];
const countedRequests = (options: BenchOptions): number => (options.smoke ? 200 : 1000);

const progress = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

function machine(loadAverageAtStart: number[]): BenchReport['machine'] {
  return {
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg(),
    nproc: os.availableParallelism(),
    memoryGiB: os.totalmem() / 1024 ** 3,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** A bound on the whole run, so that nothing hangs CI: twice the expected time plus two minutes. */
function watchdogMs(options: BenchOptions, servers: readonly ServerName[], runsPerRound: number): number {
  const expected =
    servers.length * options.repeats * (4 + Math.min(options.quietWait, 20)) +
    runsPerRound * (options.warmup + options.repeats * (options.duration + options.quietWait + 1)) +
    3 * (options.duration + 1) +
    options.sessions / 1000 +
    (options.store === 'redis'
      ? replicaWorkloads.length *
          (2 * options.repeats * (options.duration + options.quietWait + 1) + countedRequests(options) / 100) +
        20
      : 0) +
    30;
  return (expected * 2 + 120) * 1000;
}

/** A host and a guest in a session of `namespace` (default when undefined), and spare wallets there. */
async function setUpSession(mock: Started, namespace: string | undefined) {
  const [host, guest, ...pool] = await mintWalletTokens(mock.origin, 32, namespace);
  const session = await createSession(mock.origin, host!.token, { rules: { userCapacity: 1000 } }, namespace);
  await joinSession(mock.origin, guest!.token, session.sessionId, namespace);
  return {
    sessionToken: session.token,
    guestWalletToken: guest!.token,
    hostWalletToken: host!.token,
    sessionId: session.sessionId,
    walletPool: pool.map((wallet) => wallet.token),
  };
}

async function setUpMockFixture(mock: Started): Promise<Fixture> {
  const inDefault = await setUpSession(mock, undefined);
  const named = await setUpSession(mock, benchNamespace);
  return {
    ...inDefault,
    named: { sessionToken: named.sessionToken, guestWalletToken: named.guestWalletToken, sessionId: named.sessionId },
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg();
  if (loadAverageAtStart[0]! > 0.5) {
    progress(
      `warning: load average ${loadAverageAtStart.map((value) => value.toFixed(2)).join(' ')} before the ` +
        `run: other work on this machine skews the figures (ratios from the same run suffer less).`,
    );
  }
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outDir = path.resolve(repoRoot, options.outDir);
  const logDir = path.join(outDir, 'logs', stamp);
  const servers = serverNames.filter((name) => {
    const group = serverKinds[name].group;
    return group === 'redis' ? options.store === 'redis' : options.only.includes(group);
  });
  if (options.store === 'redis' && !servers.includes('mock')) {
    throw new Error('--store redis sets the mock through Redis against the in-memory mock: keep mock in --only.');
  }
  const chosen = workloads.filter((workload) => workload.servers.some((server) => servers.includes(server)));
  const runsPerRound = chosen.reduce(
    (sum, workload) => sum + workload.servers.filter((server) => servers.includes(server)).length,
    0,
  );
  const watchdog = setTimeout(
    () => {
      progress(
        `The benchmark ran past its bound of ` +
          `${Math.round(watchdogMs(options, servers, runsPerRound) / 1000)} s: stopping every server and ` +
          `exiting.`,
      );
      killAllNow();
      process.exit(2);
    },
    watchdogMs(options, servers, runsPerRound),
  );
  watchdog.unref();

  const errors: string[] = [];
  // --store redis: one redis-server for the whole run (stopped with the servers), with no persistence.
  let redis: RedisServer | undefined;
  if (options.store === 'redis') {
    redis = await startRedisServer();
    progress(`redis-server at ${redis.url}`);
  }
  const settings = (label: string, bareBodyBytes: number) => ({
    logDir,
    label,
    mockLogLevel: options.mockLogLevel,
    bareBodyBytes,
    ...(redis ? { redisUrl: redis.url } : {}),
  });
  progress(
    `bench: servers ${servers.join(', ')}; ${options.duration} s x ${options.repeats} repeats x ` +
      `${runsPerRound} runs, ${options.connections} connections; logs in ${path.relative(repoRoot, logDir)}`,
  );

  // 1. Start-up time, on an otherwise idle machine, each server spawned `repeats` times.
  const startup: StartupSummary[] = [];
  for (const server of servers) {
    const samples: number[] = [];
    for (let repeat = 1; repeat <= options.repeats; repeat += 1) {
      if (options.quietWait > 0) await waitForQuiet(liveGroups, Math.min(options.quietWait, 20));
      const command = await serverCommand(server, settings(`start-${repeat}`, defaultBodyBytes));
      const running = await startProcess(command);
      samples.push(running.startMs);
      await running.stop();
      progress(`start ${server} #${repeat}: ${Math.round(running.startMs)} ms`);
    }
    startup.push({ server, samplesMs: samples, medianMs: median(samples) });
  }

  // 2. The serving instances, all up at once so that rounds can interleave; the mock first, to size the bare body.
  const running = new Map<ServerName, Started>();
  const fixtures = new Map<ServerName, Fixture>();
  let bareBodyBytes = defaultBodyBytes;
  if (servers.includes('mock')) {
    const mock = await startProcess(await serverCommand('mock', settings('serve', bareBodyBytes)));
    running.set('mock', mock);
    const fixture = await setUpMockFixture(mock);
    fixtures.set('mock', fixture);
    bareBodyBytes = await currentSessionBytes(mock.origin, fixture.sessionToken);
    progress(`mock fixture ready at ${mock.origin}: GET current answers ${bareBodyBytes} bytes`);
  }
  for (const server of servers.filter((name) => name !== 'mock')) {
    const started = await startProcess(await serverCommand(server, settings('serve', bareBodyBytes)));
    running.set(server, started);
    // The mock through Redis gets the in-memory mock's set-up, made through its own API.
    fixtures.set(server, server === 'mock-redis' ? await setUpMockFixture(started) : placeholderFixture);
  }

  const measure = async (
    server: ServerName,
    workload: Workload,
    seconds: number,
  ): Promise<Omit<RoundResult, 'repeat'>> => {
    const target = running.get(server)!;
    const loadAverageBefore = os.loadavg()[0]!;
    const meter = new ForeignCpuMeter(liveGroups);
    meter.start();
    const sampler = new RssSampler(target.pid);
    const rssStart = readMemory(target.pid)?.rss ?? Number.NaN;
    sampler.start();
    const expectedStatus = workload.expectedStatus(server);
    const load = await runLoad({
      origin: target.origin,
      connections: options.connections,
      duration: seconds,
      requests: workload.requests(server, fixtures.get(server)!),
      ...(expectedStatus !== undefined ? { expectedStatus } : {}),
      timeoutMs: (seconds + 15) * 1000,
    });
    const memory = sampler.stop();
    const foreignCores = meter.stop();
    if (readMemory(target.pid) === undefined)
      throw new Error(`${server} died during ${workload.name}; see ${target.logFile}`);
    return {
      server,
      workload: workload.name,
      load,
      rssStart,
      rssEnd: memory.rss,
      maxRss: memory.maxRss,
      peakRss: memory.peakRss,
      loadAverageBefore,
      foreignCores,
    };
  };

  // 3. Warm-up (unmeasured), then interleaved rounds: every workload on every server, the order rotated each repeat.
  if (options.warmup > 0) {
    for (const workload of chosen) {
      for (const server of workload.servers.filter((name) => servers.includes(name))) {
        progress(`warm-up ${workload.name} ${server} (${options.warmup} s)`);
        await measure(server, workload, options.warmup);
      }
    }
  }
  const rounds: RoundResult[] = [];
  let done = 0;
  const total = runsPerRound * options.repeats;
  for (let repeat = 1; repeat <= options.repeats; repeat += 1) {
    for (const workload of chosen) {
      const order = workload.servers.filter((name) => servers.includes(name));
      const rotated = [...order.slice((repeat - 1) % order.length), ...order.slice(0, (repeat - 1) % order.length)];
      for (const server of rotated) {
        if (options.quietWait > 0) {
          const quiet = await waitForQuiet(liveGroups, options.quietWait);
          if (quiet.foreignCores >= 0.25)
            progress(
              `machine still busy after ${Math.round(quiet.waitedSeconds)} s (other work: ` +
                `${quiet.foreignCores.toFixed(2)} cores); measuring anyway`,
            );
        }
        const result = await measure(server, workload, options.duration);
        rounds.push({ ...result, repeat });
        done += 1;
        const load = result.load;
        progress(
          `[${String(done).padStart(2)}/${total}] repeat ${repeat} ${workload.name.padEnd(11)} ${server.padEnd(12)} ` +
            (`${Math.round(load.requestsPerSecond).toLocaleString('en-US').padStart(7)} req/s  p50 ` +
              `${load.latencyP50Ms} ms  p99 ${load.latencyP99Ms} ms  `) +
            (`unexpected ${load.unexpected}  errors ${load.errors}  RSS ` +
              `${Math.round(result.maxRss / 2 ** 20)} MiB  other CPU ${result.foreignCores.toFixed(2)}`),
        );
        if (load.unexpected > 0) {
          const codes = JSON.stringify(load.statusCodes);
          if (!errors.some((error) => error.startsWith(`${server} ${workload.name}`))) {
            errors.push(
              `${server} ${workload.name}: unexpected statuses ${codes} (see ` +
                `${path.relative(repoRoot, running.get(server)!.logFile ?? repoRoot)})`,
            );
          }
        }
      }
    }
  }
  // 4. RSS under steady load: the mock alone, GET current, stretches back to back.
  let steadyLoad: BenchReport['steadyLoad'];
  if (running.has('mock')) {
    const mock = running.get('mock')!;
    steadyLoad = { stretchSeconds: options.duration, rssAfterStretch: [], requestsPerSecond: [] };
    for (let stretch = 1; stretch <= 3; stretch += 1) {
      const load = await runLoad({
        origin: mock.origin,
        connections: options.connections,
        duration: options.duration,
        requests: getCurrent.requests('mock', fixtures.get('mock')!),
        timeoutMs: (options.duration + 15) * 1000,
      });
      const rss = readMemory(mock.pid)?.rss ?? Number.NaN;
      steadyLoad.rssAfterStretch.push(rss);
      steadyLoad.requestsPerSecond.push(load.requestsPerSecond);
      progress(
        `steady load ${stretch}/3: mock ${Math.round(load.requestsPerSecond).toLocaleString('en-US')} ` +
          `req/s, RSS ${Math.round(rss / 2 ** 20)} MiB`,
      );
      if (load.unexpected > 0)
        errors.push(`mock steady get-current: unexpected statuses ${JSON.stringify(load.statusCodes)}`);
    }
  }
  // 5. --store redis: 1 vs 2 replicas on the one Redis, then the Redis commands of each request.
  let redisResults: Omit<RedisResults, 'ratios'> | undefined;
  if (redis && running.has('mock-redis')) {
    const first = running.get('mock-redis')!;
    const second = await startProcess(await serverCommand('mock-redis', settings('replica-2', bareBodyBytes)));
    progress(`replicas: a second mock on ${redis.url} at ${second.origin}`);
    const replicas = await measureReplicas({
      replicas: [first, second],
      fixture: fixtures.get('mock-redis')!,
      workloads: replicaWorkloads,
      connections: options.connections,
      duration: options.duration,
      repeats: options.repeats,
      quietWait: options.quietWait,
      progress,
    });
    await second.stop();
    for (const summary of replicas.summaries) {
      if (summary.unexpected > 0)
        errors.push(`mock-redis replicas ${summary.workload}: ${summary.unexpected} unexpected statuses`);
    }
    const counted = await countRedisCommands(
      redis.url,
      { started: first, server: 'mock-redis', fixture: fixtures.get('mock-redis')! },
      { started: running.get('mock')!, server: 'mock', fixture: fixtures.get('mock')! },
      replicaWorkloads,
      countedRequests(options),
    );
    for (const count of counted.counts) {
      const cpu = count.cpuMicroseconds;
      progress(
        `redis work of ${count.workload}: ${count.readsPerRequest.toFixed(2)} round trips, ` +
          `${count.sentPerRequest.toFixed(2)} commands sent per request ${JSON.stringify(count.sent)}; CPU µs ` +
          `per request: mock ${Math.round(cpu.mock)} + redis ${Math.round(cpu.redis)} (in memory ` +
          `${Math.round(cpu.inMemory)})`,
      );
      if (count.unexpected > 0)
        errors.push(`mock-redis counting ${count.workload}: ${count.unexpected} unexpected answers or errors`);
    }
    redisResults = {
      redisVersion: counted.redisVersion,
      replicaRounds: replicas.rounds,
      replicas: replicas.summaries,
      commands: counted.counts,
    };
  }
  await stopAll();
  running.clear();

  // 6. RSS with many live sessions, on a fresh mock.
  let liveSessions: BenchReport['liveSessions'];
  if (servers.includes('mock')) {
    progress(`live sessions: creating ${options.sessions.toLocaleString('en-US')} sessions on a fresh mock`);
    const mock = await startProcess(await serverCommand('mock', settings('sessions', bareBodyBytes)));
    try {
      liveSessions = await measureLiveSessions(mock, options.sessions, options.connections);
      progress(
        `live sessions: ${liveSessions.created} created in ${liveSessions.seconds.toFixed(1)} s, RSS ` +
          `${Math.round(liveSessions.rssAfterBytes / 2 ** 20)} MiB`,
      );
      if (liveSessions.unexpected > 0)
        errors.push(`live sessions: unexpected statuses ${JSON.stringify(liveSessions.statusCodes)}`);
    } finally {
      await mock.stop();
    }
  }

  const summaries = summarise(rounds, chosen);
  const ratioList = ratios(summaries);
  const redisReport: RedisResults | undefined = redisResults
    ? { ...redisResults, ratios: redisRatios(summaries) }
    : undefined;
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machine(loadAverageAtStart),
    options: { ...options },
    bareBodyBytes,
    startup,
    rounds,
    summaries,
    ratios: ratioList,
    namespaceCosts: namespaceCosts(summaries),
    ...(liveSessions ? { liveSessions } : {}),
    ...(steadyLoad ? { steadyLoad } : {}),
    ...(redisReport ? { redis: redisReport } : {}),
    targets: checkTargets({
      summaries,
      ratios: ratioList,
      startup,
      rounds,
      liveSessions,
      steadyLoad,
      redisRatios: redisReport?.ratios,
      connections: options.connections,
      sessionsTarget: options.sessions,
    }),
    errors,
  };
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report, chosen)}\n\nJSON: ${path.relative(repoRoot, file)}\n`);
  // Figures are never asserted; answers with the wrong status mean a workload no
  // longer fits the API (or a server broke), which a CI smoke run must catch.
  if (errors.length > 0) {
    process.stderr.write(
      `bench: ${errors.length} workload(s) got unexpected statuses (listed under "errors" above); exiting 3.\n`,
    );
    process.exitCode = 3;
  }
}

main().catch((error: unknown) => {
  killAllNow();
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
