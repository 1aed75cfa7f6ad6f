import type { LoadResult } from './load.ts';
import type { RedisCommandCount } from './redis-commands.ts';
import type { ReplicaRound, ReplicaSummary } from './replicas.ts';
import type { ServerName } from './servers.ts';

export interface RoundResult {
  server: ServerName;
  workload: string;
  repeat: number;
  load: LoadResult;
  /** RSS of the server (bytes) when the round began and ended, the highest sampled during it, and VmHWM after it. */
  rssStart: number;
  rssEnd: number;
  maxRss: number;
  peakRss: number;
  /** 1-minute load average just before the round: above ~1 on 2 cores, something else was running. */
  loadAverageBefore: number;
  /** Cores' worth of CPU that other work on the machine used during the round (0 on a quiet machine). */
  foreignCores: number;
}

export interface WorkloadSummary {
  server: ServerName;
  workload: string;
  rounds: number;
  requestsPerSecond: number;
  /** The best round: on a shared machine other work only ever slows a round down. */
  bestRequestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  unexpected: number;
  expectedStatus: number | undefined;
  errors: number;
  maxRss: number;
  /** The highest foreign CPU of its rounds: above ~0.2 cores the figures are skewed. */
  maxForeignCores: number;
}

export interface StartupSummary {
  server: ServerName;
  samplesMs: number[];
  medianMs: number;
}

export interface LiveSessionsResult {
  requested: number;
  created: number;
  unexpected: number;
  errors: number;
  seconds: number;
  createdPerSecond: number;
  rssIdleBytes: number;
  rssAfterBytes: number;
  peakRssBytes: number;
  statusCodes: Record<string, number>;
}

/** The mock under uninterrupted GET current load: RSS after each of consecutive stretches. */
export interface SteadyLoadResult {
  stretchSeconds: number;
  rssAfterStretch: number[];
  requestsPerSecond: number[];
}

/** `--store redis`: the mock through a Redis store against the in-memory mock of the same run. */
export interface RedisResults {
  redisVersion: string;
  /** mock-redis req/s over mock req/s, per workload (medians, and best rounds). */
  ratios: { workload: string; ratio: number; bestRatio: number }[];
  replicaRounds: ReplicaRound[];
  replicas: ReplicaSummary[];
  commands: RedisCommandCount[];
}

export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined: not measured in this run (a server or phase left out). */
  pass: boolean | undefined;
  note?: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: {
    nproc: number;
    memoryGiB: number;
    cpu: string;
    node: string;
    platform: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  options: Record<string, unknown>;
  bareBodyBytes: number;
  startup: StartupSummary[];
  rounds: RoundResult[];
  summaries: WorkloadSummary[];
  /** mock/other from medians (what the targets use) and from each one's best round. */
  ratios: { workload: string; against: ServerName; ratio: number; bestRatio: number }[];
  /** The mock in a named world / the mock in default, per workload (medians, and best rounds). */
  namespaceCosts?: { workload: string; ratio: number; bestRatio: number }[];
  liveSessions?: LiveSessionsResult;
  steadyLoad?: SteadyLoadResult;
  redis?: RedisResults;
  targets: TargetCheck[];
  errors: string[];
}
