// Prints the tables of a saved run again, recomputed from its rounds:
// npx tsx scripts/bench/show-report.ts reports/bench/<timestamp>.json
import { readFileSync } from 'node:fs';
import { checkTargets, formatReport, ratios, redisRatios, summarise } from './report.ts';
import type { BenchReport } from './results.ts';
import { workloads } from './workloads.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npx tsx scripts/bench/show-report.ts reports/bench/<timestamp>.json');
  process.exit(2);
}
const saved = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
const chosen = workloads.filter((workload) => saved.rounds.some((round) => round.workload === workload.name));
const rounds = saved.rounds.map((round) => ({ ...round, foreignCores: round.foreignCores ?? Number.NaN }));
const summaries = summarise(rounds, chosen);
const ratioList = ratios(summaries);
const redis = saved.redis ? { ...saved.redis, ratios: redisRatios(summaries) } : undefined;
const report: BenchReport = {
  ...saved,
  machine: {
    ...saved.machine,
    loadAverageAtStart: saved.machine.loadAverageAtStart ?? [],
    loadAverageAtEnd: saved.machine.loadAverageAtEnd ?? [],
  },
  rounds,
  summaries,
  ratios: ratioList,
  ...(redis ? { redis } : {}),
  targets: checkTargets({
    summaries,
    ratios: ratioList,
    startup: saved.startup,
    rounds,
    liveSessions: saved.liveSessions,
    steadyLoad: saved.steadyLoad,
    redisRatios: redis?.ratios,
    connections: Number(saved.options.connections),
    sessionsTarget: Number(saved.options.sessions),
  }),
};
console.log(formatReport(report, chosen));
