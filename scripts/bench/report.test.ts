/** The bench's targets: each checked against the run's figures, PASS or FAIL, or "not measured" when left out. */
import { describe, expect, test } from 'vitest';
import { checkTargets, ratios } from './report.ts';
import type { WorkloadSummary } from './results.ts';
import type { ServerName } from './servers.ts';

function summary(server: ServerName, workload: string, requestsPerSecond: number, p99: number): WorkloadSummary {
  return {
    server,
    workload,
    rounds: 3,
    requestsPerSecond,
    bestRequestsPerSecond: requestsPerSecond,
    latencyP50Ms: 1,
    latencyP99Ms: p99,
    non2xx: 0,
    unexpected: 0,
    expectedStatus: 200,
    errors: 0,
    maxRss: 0,
    maxForeignCores: 0,
  };
}

function targets(summaries: WorkloadSummary[], redisRatio?: number) {
  const checks = checkTargets({
    summaries,
    ratios: ratios(summaries),
    startup: [],
    rounds: [],
    liveSessions: undefined,
    steadyLoad: undefined,
    redisRatios: redisRatio === undefined ? undefined : [{ workload: 'get-current', ratio: redisRatio, bestRatio: 1 }],
    connections: 50,
    sessionsTarget: 100_000,
  });
  return (start: string) => checks.find((check) => check.target.startsWith(start));
}

describe("the bench's targets", () => {
  test("checks issue 14's ratios against bare in the same run: GET 0.8x, join 0.5x, 422 0.7x", () => {
    const found = targets([
      summary('bare', 'get-current', 50_000, 2),
      summary('mock', 'get-current', 40_000, 4),
      summary('bare', 'join-rejoin', 40_000, 2),
      summary('mock', 'join-rejoin', 19_200, 5),
      summary('bare', 'invalid-422', 40_000, 1),
      summary('mock', 'invalid-422', 28_000, 3),
    ]);
    expect(found('GET current >= 0.8x bare')).toMatchObject({ measured: '0.80x', pass: true });
    expect(found('join (rejoin) >= 0.5x bare')).toMatchObject({ measured: '0.48x', pass: false });
    expect(found('invalid 422 >= 0.7x bare')).toMatchObject({ pass: true });
    expect(found('p99 of get-current <= 2x')).toMatchObject({ measured: '4.0 ms vs 2.0 ms', pass: true });
    expect(found('p99 of join-rejoin <= 2x')).toMatchObject({ pass: false });
    // A bare p99 of 1 ms (whole milliseconds) allows 2 ms, not less.
    expect(found('p99 of invalid-422 <= 2x')).toMatchObject({ pass: false });
    expect(found('lifecycle >= 1.5x')).toMatchObject({ pass: undefined });
  });

  test('says "not measured" for what the run left out, and checks Redis only when it ran', () => {
    const withoutBare = targets([summary('mock', 'get-current', 40_000, 4)]);
    expect(withoutBare('GET current >= 0.8x bare')).toMatchObject({ measured: 'not measured', pass: undefined });
    expect(withoutBare('GET current through the Redis store')).toMatchObject({ pass: undefined });
    expect(targets([], 0.61)('GET current through the Redis store')).toMatchObject({ measured: '0.61x', pass: true });
    expect(targets([], 0.31)('GET current through the Redis store')).toMatchObject({ pass: false });
  });
});
