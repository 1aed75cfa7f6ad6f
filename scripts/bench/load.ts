import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';

export interface LoadSpec {
  origin: string;
  connections: number;
  /** Seconds of load; ignored when `amount` is set. */
  duration: number;
  /** Send exactly this many requests, then stop. */
  amount?: number;
  /** The requests each connection sends in turn (autocannon's `requests`). */
  requests: AutocannonRequest[];
  /** The status every answer should have; default: any 2xx. */
  expectedStatus?: number;
  /** Hard stop, whatever autocannon does. */
  timeoutMs: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  totalRequests: number;
  durationSeconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  latencyMaxMs: number;
  non2xx: number;
  /** Answers other than the expected status (non-2xx when none is expected). */
  unexpected: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

function summarise(result: AutocannonResult, expectedStatus: number | undefined): LoadResult {
  const statusCodes: Record<string, number> = {};
  let answered = 0;
  for (const [code, stats] of Object.entries(result.statusCodeStats)) {
    statusCodes[code] = stats.count;
    answered += stats.count;
  }
  const totalRequests = result.requests.total;
  return {
    requestsPerSecond: result.duration > 0 ? totalRequests / result.duration : 0,
    totalRequests,
    durationSeconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    latencyMaxMs: result.latency.max,
    non2xx: result.non2xx,
    unexpected: expectedStatus === undefined ? result.non2xx : answered - (statusCodes[String(expectedStatus)] ?? 0),
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

/** Drives one server with autocannon: pipelining off, bounded by duration (or amount) and a hard timeout. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        pipelining: 1,
        timeout: 10,
        requests: spec.requests,
        ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration }),
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) reject(new Error(`Failed to drive ${spec.origin} with autocannon: ${error.message}`));
        else resolve(summarise(result, spec.expectedStatus));
      },
    );
    timer = setTimeout(() => instance.stop(), spec.timeoutMs);
  });
}
