import type {
  BenchReport,
  LiveSessionsResult,
  RedisResults,
  RoundResult,
  StartupSummary,
  SteadyLoadResult,
  TargetCheck,
  WorkloadSummary,
} from './results.ts';
import type { ServerName } from './servers.ts';
import { median, ratio } from './stats.ts';
import { namedWorkloads, type Workload } from './workloads.ts';

const mb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : 'n/a');
const int = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
const ms = (value: number): string =>
  Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value)} ms` : 'n/a';
const times = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');

export function summarise(rounds: readonly RoundResult[], workloads: readonly Workload[]): WorkloadSummary[] {
  const summaries: WorkloadSummary[] = [];
  for (const workload of workloads) {
    for (const server of workload.servers) {
      const mine = rounds.filter((round) => round.workload === workload.name && round.server === server);
      if (mine.length === 0) continue;
      summaries.push({
        server,
        workload: workload.name,
        rounds: mine.length,
        requestsPerSecond: median(mine.map((round) => round.load.requestsPerSecond)),
        bestRequestsPerSecond: Math.max(...mine.map((round) => round.load.requestsPerSecond)),
        latencyP50Ms: median(mine.map((round) => round.load.latencyP50Ms)),
        latencyP99Ms: median(mine.map((round) => round.load.latencyP99Ms)),
        non2xx: mine.reduce((sum, round) => sum + round.load.non2xx, 0),
        unexpected: mine.reduce((sum, round) => sum + round.load.unexpected, 0),
        expectedStatus: workload.expectedStatus(server),
        errors: mine.reduce((sum, round) => sum + round.load.errors, 0),
        maxRss: Math.max(...mine.map((round) => round.maxRss)),
        maxForeignCores: Math.max(...mine.map((round) => round.foreignCores)),
      });
    }
  }
  return summaries;
}

export function ratios(summaries: readonly WorkloadSummary[]): BenchReport['ratios'] {
  const out: BenchReport['ratios'] = [];
  for (const mock of summaries.filter((summary) => summary.server === 'mock')) {
    // The mock through Redis is set against the in-memory mock instead (redisRatios).
    for (const other of summaries.filter(
      (summary) => summary.workload === mock.workload && summary.server !== 'mock' && summary.server !== 'mock-redis',
    )) {
      out.push({
        workload: mock.workload,
        against: other.server,
        ratio: ratio(mock.requestsPerSecond, other.requestsPerSecond),
        bestRatio: ratio(mock.bestRequestsPerSecond, other.bestRequestsPerSecond),
      });
    }
  }
  return out;
}

/** The mock through Redis over the in-memory mock, for each workload run on both. */
export function redisRatios(summaries: readonly WorkloadSummary[]): RedisResults['ratios'] {
  return summaries
    .filter((summary) => summary.server === 'mock-redis')
    .flatMap((redis) => {
      const memory = summaries.find((summary) => summary.server === 'mock' && summary.workload === redis.workload);
      if (!memory) return [];
      return [
        {
          workload: redis.workload,
          ratio: ratio(redis.requestsPerSecond, memory.requestsPerSecond),
          bestRatio: ratio(redis.bestRequestsPerSecond, memory.bestRequestsPerSecond),
        },
      ];
    });
}

/** The mock's req/s in the named world over its req/s in default, for each workload run in both. */
export function namespaceCosts(summaries: readonly WorkloadSummary[]): NonNullable<BenchReport['namespaceCosts']> {
  const mock = summaries.filter((summary) => summary.server === 'mock');
  return namedWorkloads.flatMap(({ workload, original }) => {
    const named = mock.find((summary) => summary.workload === workload.name);
    const inDefault = mock.find((summary) => summary.workload === original);
    if (!named || !inDefault) return [];
    return [
      {
        workload: original,
        ratio: ratio(named.requestsPerSecond, inDefault.requestsPerSecond),
        bestRatio: ratio(named.bestRequestsPerSecond, inDefault.bestRequestsPerSecond),
      },
    ];
  });
}

interface TargetInputs {
  summaries: readonly WorkloadSummary[];
  ratios: BenchReport['ratios'];
  startup: readonly StartupSummary[];
  rounds: readonly RoundResult[];
  liveSessions: LiveSessionsResult | undefined;
  steadyLoad: SteadyLoadResult | undefined;
  redisRatios: RedisResults['ratios'] | undefined;
  connections: number;
  sessionsTarget: number;
}

function ratioCheck(
  inputs: TargetInputs,
  workload: string,
  against: ServerName,
  minimum: number,
  label: string,
  aim?: number,
): TargetCheck {
  const found = inputs.ratios.find((entry) => entry.workload === workload && entry.against === against);
  if (!found) return { target: label, measured: 'not measured', pass: undefined };
  const aimNote = aim !== undefined ? (found.ratio >= aim ? `aim ${aim}x reached; ` : `aim ${aim}x not reached; `) : '';
  return {
    target: label,
    measured: times(found.ratio),
    pass: found.ratio >= minimum,
    note: `${aimNote}best rounds: ${times(found.bestRatio)}`,
  };
}

/** The mock's p99 against bare's in the same run (issue 14: at most twice). */
function p99Check(inputs: TargetInputs, workload: string): TargetCheck {
  const label = `p99 of ${workload} <= 2x bare's p99 at ${inputs.connections} connections (issue 14)`;
  const mock = inputs.summaries.find((entry) => entry.server === 'mock' && entry.workload === workload);
  const bare = inputs.summaries.find((entry) => entry.server === 'bare' && entry.workload === workload);
  if (!mock || !bare) return { target: label, measured: 'not measured', pass: undefined };
  return {
    target: label,
    measured: `${ms(mock.latencyP99Ms)} vs ${ms(bare.latencyP99Ms)}`,
    // autocannon's latencies are whole milliseconds: bare's 1 ms may be anything up to 2.
    pass: mock.latencyP99Ms <= 2 * Math.max(bare.latencyP99Ms, 1),
  };
}

/**
 * The targets of issues 14 (speed), 15 (Redis) and 7 (the rest of the first benchmark), each checked against
 * this run's figures.
 */
export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [
    ratioCheck(inputs, 'get-current', 'bare', 0.8, 'GET current >= 0.8x bare node:http GET (issue 14)'),
    ratioCheck(inputs, 'join-rejoin', 'bare', 0.5, 'join (rejoin) >= 0.5x bare node:http POST (issue 14)'),
    ratioCheck(inputs, 'invalid-422', 'bare', 0.7, 'invalid 422 >= 0.7x bare node:http POST (issue 14)'),
    {
      target: "lifecycle >= 1.5x issue 14's starting commit, in the same run (issue 14)",
      measured: 'not measured',
      pass: undefined,
      note: 'the bench runs no build of an older commit beside this one',
    },
    p99Check(inputs, 'get-current'),
    p99Check(inputs, 'join-rejoin'),
    p99Check(inputs, 'invalid-422'),
    ratioCheck(inputs, 'get-current', 'prism', 15, 'GET current >= 15x Prism (default logging) (issue 7)'),
    ratioCheck(inputs, 'get-current', 'prism-silent', 6, 'GET current >= 6x Prism (-v silent) (issue 7)'),
  ];
  const throughRedis = inputs.redisRatios?.find((entry) => entry.workload === 'get-current');
  checks.push(
    throughRedis
      ? {
          target: 'GET current through the Redis store >= 0.5x the in-memory mock (issues 14, 15)',
          measured: times(throughRedis.ratio),
          pass: throughRedis.ratio >= 0.5,
          note: `best rounds: ${times(throughRedis.bestRatio)}`,
        }
      : {
          target: 'GET current through the Redis store >= 0.5x the in-memory mock (issues 14, 15)',
          measured: 'not measured',
          pass: undefined,
          note: 'run with --store redis',
        },
  );
  for (const summary of inputs.summaries.filter((entry) => entry.server === 'mock')) {
    checks.push({
      target: `p99 < 10 ms at ${inputs.connections} connections (${summary.workload}) (issue 7)`,
      measured: ms(summary.latencyP99Ms),
      pass: summary.latencyP99Ms < 10,
    });
  }
  const mockStart = inputs.startup.find((entry) => entry.server === 'mock');
  checks.push(
    mockStart
      ? {
          target: 'start (spawn to first answer) < 400 ms (issue 7)',
          measured: ms(mockStart.medianMs),
          pass: mockStart.medianMs < 400,
        }
      : { target: 'start (spawn to first answer) < 400 ms (issue 7)', measured: 'not measured', pass: undefined },
  );
  const live = inputs.liveSessions;
  if (live) {
    const full = live.created >= 100_000;
    checks.push({
      target: '100,000 live sessions in < 300 MiB RSS',
      measured: `${mb(live.rssAfterBytes)} with ${int(live.created)} sessions`,
      pass: full ? live.rssAfterBytes < 300 * 1024 * 1024 : undefined,
      ...(full
        ? {}
        : {
            note:
              `needs 100,000 live sessions; ${int(live.created)} created of ${int(inputs.sessionsTarget)} ` +
              `asked for`,
          }),
    });
  } else {
    checks.push({ target: '100,000 live sessions in < 300 MiB RSS', measured: 'not measured', pass: undefined });
  }
  const steady = inputs.steadyLoad;
  if (steady && steady.rssAfterStretch.length >= 2) {
    // The first stretch absorbs warm-up growth (JIT, heap sizing); from then on RSS should hold.
    const first = steady.rssAfterStretch[0]!;
    const last = steady.rssAfterStretch[steady.rssAfterStretch.length - 1]!;
    const growth = ratio(last - first, first);
    checks.push({
      target:
        `RSS flat under steady load (GET current, ${steady.rssAfterStretch.length} x ` +
        `${steady.stretchSeconds} s: growth <= 10%)`,
      measured: `${steady.rssAfterStretch.map(mb).join(' -> ')} (${(growth * 100).toFixed(1)}%)`,
      pass: growth <= 0.1,
    });
  } else {
    checks.push({ target: 'RSS flat under steady load', measured: 'not measured', pass: undefined });
  }
  return checks;
}

/** A plain-text table; columns listed in `left` are left-aligned, the others (figures) right-aligned. */
function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  left: readonly number[] = [0],
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (left.includes(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const perRequest = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');

function formatRedis(redis: RedisResults): string[] {
  const out: string[] = [`== through Redis (redis-server ${redis.redisVersion}, on this machine)`];
  out.push(
    table(
      ['workload', 'Redis / in-memory', 'best rounds'],
      redis.ratios.map((entry) => [entry.workload, times(entry.ratio), times(entry.bestRatio)]),
    ),
  );
  if (redis.replicas.length > 0) {
    out.push(
      '',
      '1 vs 2 replicas on one Redis (the connections split over both; on 2 cores this shows contention, ' +
        'not scaling)',
    );
    out.push(
      table(
        ['workload', '1 replica', '2 replicas', '2 / 1', 'unexpected', 'errors', 'other CPU'],
        redis.replicas.map((entry) => [
          entry.workload,
          int(entry.oneReplica),
          int(entry.twoReplicas),
          times(entry.ratio),
          int(entry.unexpected),
          int(entry.errors),
          Number.isFinite(entry.maxForeignCores) ? `${entry.maxForeignCores.toFixed(2)} cores` : 'n/a',
        ]),
      ),
    );
  }
  if (redis.commands.length > 0) {
    const names = (counts: Record<string, number>): string =>
      Object.entries(counts)
        .sort(([, a], [, b]) => b - a)
        .map(([name, count]) => `${name} ${perRequest(count)}`)
        .join(', ');
    out.push(
      '',
      'Redis work per request (sent one at a time; round trips from INFO total_reads_processed, commands from MONITOR)',
    );
    out.push(
      table(
        ['workload', 'requests', 'round trips', 'commands sent', 'sent', 'run inside scripts'],
        redis.commands.map((entry) => [
          entry.workload,
          int(entry.requests),
          perRequest(entry.readsPerRequest),
          perRequest(entry.sentPerRequest),
          names(entry.sent) + (entry.unexpected > 0 ? ` (${entry.unexpected} unexpected answers)` : ''),
          names(entry.inScripts),
        ]),
        [0, 4, 5],
      ),
      '',
      'CPU per request (µs, user + system; requests one at a time): the mock on Redis plus redis-server, against ' +
        'the in-memory mock',
      table(
        ['workload', 'mock on Redis', 'redis-server', 'together', 'in-memory mock', 'together / in-memory'],
        redis.commands.map(({ workload, cpuMicroseconds: cpu }) => [
          workload,
          int(cpu.mock),
          int(cpu.redis),
          int(cpu.mock + cpu.redis),
          int(cpu.inMemory),
          times(ratio(cpu.mock + cpu.redis, cpu.inMemory)),
        ]),
      ),
    );
  }
  return out;
}

const mark = (pass: boolean | undefined): string => (pass === undefined ? 'n/a ' : pass ? 'PASS' : 'FAIL');

export function formatReport(report: BenchReport, workloads: readonly Workload[]): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(`Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGiB.toFixed(0)} GiB, Node ${m.node}, ${m.platform}`);
  out.push(
    `Load average (1/5/15 min) at start ` +
      `${m.loadAverageAtStart.map((value) => value.toFixed(2)).join(' ')}, at end ` +
      `${m.loadAverageAtEnd.map((value) => value.toFixed(2)).join(' ')}`,
  );
  out.push(
    'req/s, p50 and p99 are medians of the rounds, "best" the best round; "other CPU" is the most CPU ' +
      'that other work on the machine took during a round (near 0 on a quiet machine).',
  );
  out.push(`Options: ${JSON.stringify(report.options)}; bare body ${report.bareBodyBytes} bytes`);
  for (const workload of workloads) {
    const rows = report.summaries.filter((summary) => summary.workload === workload.name);
    if (rows.length === 0) continue;
    out.push('', `== ${workload.name}: ${workload.description}`);
    out.push(
      table(
        ['server', 'req/s', 'best', 'p50', 'p99', 'non-2xx', 'unexpected', 'errors', 'peak RSS', 'other CPU'],
        rows.map((row) => [
          row.server,
          int(row.requestsPerSecond),
          int(row.bestRequestsPerSecond),
          ms(row.latencyP50Ms),
          ms(row.latencyP99Ms),
          int(row.non2xx),
          `${int(row.unexpected)} (non-${row.expectedStatus ?? '2xx'})`,
          int(row.errors),
          mb(row.maxRss),
          Number.isFinite(row.maxForeignCores) ? `${row.maxForeignCores.toFixed(2)} cores` : 'n/a',
        ]),
      ),
    );
  }
  if (report.startup.length > 0) {
    out.push('', '== start: spawn to first HTTP answer (median)');
    out.push(
      table(
        ['server', 'start', 'samples'],
        report.startup.map((entry) => [
          entry.server,
          ms(entry.medianMs),
          entry.samplesMs.map((value) => Math.round(value)).join(', '),
        ]),
        [0, 2],
      ),
    );
  }
  if (report.liveSessions) {
    const live = report.liveSessions;
    out.push(
      '',
      `== live sessions: ${int(live.created)} of ${int(live.requested)} created in ` +
        `${live.seconds.toFixed(1)} s (${int(live.createdPerSecond)}/s), ${int(live.unexpected)} non-2xx, ` +
        `${int(live.errors)} errors`,
    );
    out.push(
      `   mock RSS idle ${mb(live.rssIdleBytes)}, after ${mb(live.rssAfterBytes)}, peak ${mb(live.peakRssBytes)}`,
    );
  }
  if (report.steadyLoad) {
    const steady = report.steadyLoad;
    out.push(
      '',
      `== steady load: mock, GET current, ${steady.rssAfterStretch.length} stretches of ` +
        `${steady.stretchSeconds} s back to back`,
    );
    out.push(
      `   RSS after each: ${steady.rssAfterStretch.map(mb).join(', ')}; req/s: ` +
        `${steady.requestsPerSecond.map(int).join(', ')}`,
    );
  }
  if (report.ratios.length > 0) {
    out.push('', "== ratios (mock req/s / other req/s in this run: of the medians, and of each one's best round)");
    out.push(
      table(
        ['workload', 'against', 'median', 'best'],
        report.ratios.map((entry) => [entry.workload, entry.against, times(entry.ratio), times(entry.bestRatio)]),
        [0, 1],
      ),
    );
  }
  if (report.namespaceCosts && report.namespaceCosts.length > 0) {
    out.push('', '== a named world (X-Mock-Namespace) against default: mock req/s named / default, in this run');
    for (const cost of report.namespaceCosts) {
      const change = ((cost.ratio - 1) * 100).toFixed(1);
      out.push(`   ${cost.workload}: ${times(cost.ratio)} (${change}%), best rounds ${times(cost.bestRatio)}`);
    }
  }
  if (report.redis) out.push('', ...formatRedis(report.redis));
  out.push('', '== targets (issue 14: speed; issue 15: Redis; issue 7: the first benchmark)');
  out.push(
    table(
      ['', 'target', 'measured', 'note'],
      report.targets.map((check) => [mark(check.pass), check.target, check.measured, check.note ?? '']),
      [0, 1, 2, 3],
    ),
  );
  if (report.errors.length > 0) out.push('', '== errors', ...report.errors.map((error) => `- ${error}`));
  return out.join('\n');
}
