import { Command, InvalidArgumentError, Option } from 'commander';
import { wholeNumber } from '../../mock/whole-number-option.ts';
import { serverGroups, type ServerGroup } from './servers.ts';

export interface BenchOptions {
  duration: number;
  connections: number;
  repeats: number;
  /** Seconds of load per server and workload before the first measured round. */
  warmup: number;
  /** Live sessions created for the RSS measurement. */
  sessions: number;
  /** Seconds to wait, before each round, for other work on the machine to calm down. */
  quietWait: number;
  only: readonly ServerGroup[];
  mockLogLevel: string;
  /** memory: the mock as `npm start` runs it; redis: also through a Redis store (mock-redis, replicas, round trips). */
  store: BenchStore;
  smoke: boolean;
  outDir: string;
}

export const benchStores = ['memory', 'redis'] as const;
export type BenchStore = (typeof benchStores)[number];

function parseStore(value: string): BenchStore {
  if (!(benchStores as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      `unknown store "${value}"; choose memory (the default) or redis (adds the mock on a redis-server the ` +
        'benchmark starts, against the in-memory mock in the same run).',
    );
  }
  return value as BenchStore;
}

function parseOnly(value: string): ServerGroup[] {
  const groups = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const group of groups) {
    if (!(serverGroups as readonly string[]).includes(group)) {
      throw new InvalidArgumentError(
        `unknown server "${group}"; choose from ${serverGroups.join(', ')} (prism covers both Prism settings).`,
      );
    }
  }
  if (groups.length === 0) throw new InvalidArgumentError(`name at least one of ${serverGroups.join(', ')}.`);
  return groups as ServerGroup[];
}

/** Parses argv once; the smoke preset applies where an option was not given explicitly; the result is frozen. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const program = new Command('bench')
    .description(
      'Benchmark the Session API mock against a bare node:http server and Prism 5.14.2 (loopback only, ' +
        'bounded in time).\n' +
        'Prints requests/s, p50/p99 latency, unexpected statuses and peak RSS per server and workload, the ratios\n' +
        'mock/bare and mock/Prism from the same run and the targets of issues 14, 15 and 7; writes JSON to\n' +
        'reports/bench/.\n' +
        'Exit status: 0 done (targets are reported, never asserted); 1 a server failed to start or died;\n' +
        '2 the run passed its time bound; 3 a workload got answers with unexpected statuses.',
    )
    .addOption(
      new Option('--duration <seconds>', 'seconds of load per server, workload and repeat')
        .default(10)
        .argParser(wholeNumber('--duration', 1, 3600)),
    )
    .addOption(
      new Option('--connections <count>', 'concurrent connections (pipelining is always off)')
        .default(50)
        .argParser(wholeNumber('--connections', 1, 10_000)),
    )
    .addOption(
      new Option('--repeats <count>', 'rounds of every server and workload, interleaved; figures are medians')
        .default(3)
        .argParser(wholeNumber('--repeats', 1, 100)),
    )
    .addOption(
      new Option('--warmup <seconds>', 'unmeasured load per server and workload before the first round')
        .default(2)
        .argParser(wholeNumber('--warmup', 0, 3600)),
    )
    .addOption(
      new Option('--sessions <count>', "live sessions created for the mock's RSS measurement")
        .default(100_000)
        .argParser(wholeNumber('--sessions', 1, 10_000_000)),
    )
    .addOption(
      new Option(
        '--quiet-wait <seconds>',
        'before each round, wait up to this long for other work on the machine to use < 0.25 cores',
      )
        .default(15)
        .argParser(wholeNumber('--quiet-wait', 0, 3600)),
    )
    .addOption(
      new Option('--only <servers>', `comma-separated subset of ${serverGroups.join(',')}`)
        .default([...serverGroups], serverGroups.join(','))
        .argParser(parseOnly),
    )
    .addOption(new Option('--mock-log-level <level>', "the mock's --log-level").default('info'))
    .addOption(
      new Option(
        '--store <store>',
        'redis: also measure the mock with --store redis:// on its own redis-server (GET current and join against ' +
          'the in-memory mock, 1 vs 2 replicas, Redis commands per request); needs /usr/bin/redis-server',
      )
        .default('memory')
        .argParser(parseStore),
    )
    .addOption(
      new Option(
        '--smoke',
        'CI preset: 1 s per workload, 1 repeat, no warm-up, no quiet wait, 2000 sessions (explicit options still win)',
      ).default(false),
    )
    .addOption(new Option('--out-dir <dir>', 'where the JSON report and server logs go').default('reports/bench'))
    .showHelpAfterError();
  program.parse([...argv], { from: 'user' });
  const raw = program.opts<BenchOptions>();
  const given = (name: string): boolean => program.getOptionValueSource(name) === 'cli';
  const smoke = raw.smoke;
  return Object.freeze({
    ...raw,
    duration: smoke && !given('duration') ? 1 : raw.duration,
    repeats: smoke && !given('repeats') ? 1 : raw.repeats,
    warmup: smoke && !given('warmup') ? 0 : raw.warmup,
    sessions: smoke && !given('sessions') ? 2000 : raw.sessions,
    quietWait: smoke && !given('quietWait') ? 0 : raw.quietWait,
    only: Object.freeze([...raw.only]),
  });
}
