/**
 * `--store redis`: the same load on one mock replica, then split over two
 * replicas on the same Redis (half the connections each, at the same time).
 * On a 2-core machine the client, both replicas and Redis share the cores, so
 * this shows contention, not scaling: the figures are reported as measured.
 */
import { liveGroups, type Started } from '../../contracts/runner/processes.ts';
import { runLoad, type LoadResult } from './load.ts';
import { ForeignCpuMeter, waitForQuiet } from './machine-load.ts';
import { median, ratio } from './stats.ts';
import type { Fixture, Workload } from './workloads.ts';

export interface ReplicaRound {
  workload: string;
  repeat: number;
  replicas: 1 | 2;
  /** Summed over the replicas. */
  requestsPerSecond: number;
  perReplica: number[];
  latencyP99Ms: number;
  unexpected: number;
  errors: number;
  /** Cores' worth of CPU other work on the machine took during the round. */
  foreignCores: number;
}

export interface ReplicaSummary {
  workload: string;
  /** Medians of the rounds. */
  oneReplica: number;
  twoReplicas: number;
  /** twoReplicas / oneReplica. */
  ratio: number;
  unexpected: number;
  errors: number;
  maxForeignCores: number;
}

export interface ReplicaSpec {
  /** The replicas, on one Redis; the first takes the whole load in the 1-replica rounds. */
  replicas: readonly [Started, Started];
  /** Set up through the first replica: the replicas share the worlds and the token secret. */
  fixture: Fixture;
  workloads: readonly Workload[];
  connections: number;
  duration: number;
  repeats: number;
  /** Before each round, wait up to this long for other work to calm down (as the main rounds do). */
  quietWait: number;
  progress: (line: string) => void;
}

function load(target: Started, workload: Workload, fixture: Fixture, connections: number, seconds: number) {
  const expectedStatus = workload.expectedStatus('mock-redis');
  return runLoad({
    origin: target.origin,
    connections,
    duration: seconds,
    requests: workload.requests('mock-redis', fixture),
    ...(expectedStatus !== undefined ? { expectedStatus } : {}),
    timeoutMs: (seconds + 15) * 1000,
  });
}

function round(workload: Workload, repeat: number, results: readonly LoadResult[], foreignCores: number): ReplicaRound {
  return {
    workload: workload.name,
    repeat,
    replicas: results.length === 1 ? 1 : 2,
    requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0),
    perReplica: results.map((result) => result.requestsPerSecond),
    latencyP99Ms: Math.max(...results.map((result) => result.latencyP99Ms)),
    unexpected: results.reduce((sum, result) => sum + result.unexpected, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    foreignCores,
  };
}

/** Interleaved rounds (1 then 2 replicas, the order swapped each repeat) of every workload. */
export async function measureReplicas(
  spec: ReplicaSpec,
): Promise<{ rounds: ReplicaRound[]; summaries: ReplicaSummary[] }> {
  const [first, second] = spec.replicas;
  const rounds: ReplicaRound[] = [];
  for (let repeat = 1; repeat <= spec.repeats; repeat += 1) {
    for (const workload of spec.workloads) {
      const order: (1 | 2)[] = repeat % 2 === 1 ? [1, 2] : [2, 1];
      for (const count of order) {
        if (spec.quietWait > 0) await waitForQuiet(liveGroups, spec.quietWait);
        const meter = new ForeignCpuMeter(liveGroups);
        meter.start();
        const results =
          count === 1
            ? [await load(first, workload, spec.fixture, spec.connections, spec.duration)]
            : await Promise.all([
                load(first, workload, spec.fixture, Math.ceil(spec.connections / 2), spec.duration),
                load(second, workload, spec.fixture, Math.max(1, Math.floor(spec.connections / 2)), spec.duration),
              ]);
        const result = round(workload, repeat, results, meter.stop());
        rounds.push(result);
        spec.progress(
          `replicas: repeat ${repeat} ${workload.name} on ${count}: ` +
            `${Math.round(result.requestsPerSecond).toLocaleString('en-US')} req/s ` +
            `(${result.perReplica.map((value) => Math.round(value).toLocaleString('en-US')).join(' + ')}), ` +
            `unexpected ${result.unexpected}, errors ${result.errors}, other CPU ${result.foreignCores.toFixed(2)}`,
        );
      }
    }
  }
  const summaries = spec.workloads.map((workload): ReplicaSummary => {
    const mine = rounds.filter((entry) => entry.workload === workload.name);
    const of = (count: 1 | 2) =>
      median(mine.filter((entry) => entry.replicas === count).map((e) => e.requestsPerSecond));
    return {
      workload: workload.name,
      oneReplica: of(1),
      twoReplicas: of(2),
      ratio: ratio(of(2), of(1)),
      unexpected: mine.reduce((sum, entry) => sum + entry.unexpected, 0),
      errors: mine.reduce((sum, entry) => sum + entry.errors, 0),
      maxForeignCores: Math.max(...mine.map((entry) => entry.foreignCores)),
    };
  });
  return { rounds, summaries };
}
