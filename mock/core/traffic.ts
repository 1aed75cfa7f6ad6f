/**
 * What happens to API traffic before its operation (docs/rules.md §19, §20): the
 * world's fault rules (simulated outages, latency, dropped connections), the rate
 * limit, then the `Prefer` header as Prism reads it (code=NNN and latency=NNN).
 */
import type { OperationDescription } from '../../spec/index.ts';
import type { Problem } from '../domain/index.ts';
import type { SessionService } from '../services/index.ts';
import type { World } from '../world/world.ts';
import type { CoreRequest } from './types.ts';
import { problemResponse, wwwAuthenticate } from './problem-response.ts';
import type { CoreResponse } from './types.ts';

export const maxLatencyMs = 10_000;

interface Preferences {
  code?: number;
  latencyMs?: number;
}

/** Parses RFC 7240 `Prefer` preferences this mock honours; others are ignored. */
export function parsePreferences(header: string | string[] | undefined): Preferences | Problem {
  const preferences: Preferences = {};
  for (const token of [header ?? []].flat().join(',').split(/[,;]/)) {
    const [rawName, rawValue] = token.split('=').map((part) => part?.trim().replace(/^"|"$/g, ''));
    const name = rawName?.toLowerCase();
    if (name === 'code' && rawValue !== undefined && /^\d{3}$/.test(rawValue)) preferences.code = Number(rawValue);
    if (name === 'latency') {
      const latency = Number(rawValue);
      if (rawValue === undefined || !/^\d+$/.test(rawValue) || latency > maxLatencyMs) {
        return {
          code: 'invalid-preference',
          detail: `Prefer: latency must be a whole number of milliseconds from 0 to ${maxLatencyMs}.`,
        };
      }
      preferences.latencyMs = latency;
    }
  }
  return preferences;
}

export interface TrafficTools {
  /** A draw in [0, 1) for a rule's probability. */
  readonly chance: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A fault rule of the world that fires for this request: its answer, or undefined to go on. */
export async function applyFault(
  world: World,
  method: string,
  path: string,
  tools: TrafficTools,
): Promise<CoreResponse | undefined> {
  if (await world.faults.isEmpty()) return undefined;
  const rule = await world.faults.fire(method, path, tools.chance);
  if (!rule) return undefined;
  // A counted rule used up one of its firings: a change of the world's state (saved with --state-file).
  if (rule.remaining != null) await world.events.publish({ kind: 'faults-changed' });
  if (rule.latencyMs > 0) await tools.sleep(rule.latencyMs);
  if (rule.reset) return { status: 0, headers: {}, body: undefined, drop: true };
  if (rule.status === undefined) return undefined;
  const answer = problemResponse(
    { code: 'injected-fault', status: rule.status, detail: `Fault rule ${rule.id} answered ${rule.status}.` },
    path,
  );
  // The wait the simulated outage announces, as its rule says (spec/mock-control.yaml, addFault).
  if (rule.status === 503 || rule.status === 429) answer.headers['retry-after'] = String(rule.retryAfterSeconds ?? 1);
  return answer;
}

/** `--rate-limit` counts requests in windows of one minute of real time (docs/rules.md §20). */
export const rateLimitWindowMs = 60_000;

/**
 * `--rate-limit`: counts the request against its caller, its wallet when it carries a valid wallet token, else its
 * client address; answers the 429 of a caller past its limit, or undefined to go on.
 */
export async function applyRateLimit(
  request: CoreRequest,
  world: World,
  service: SessionService,
  limitPerMinute: number,
  nowMs: number,
): Promise<CoreResponse | undefined> {
  const wallet =
    request.headers.authorization === undefined
      ? undefined
      : await service.authenticateWallet(request.headers.authorization);
  const key = wallet?.ok ? `wallet ${wallet.value.wallet}` : `client ${request.remoteAddress ?? 'unknown'}`;
  const verdict = await world.rateLimits.hit(key, nowMs, limitPerMinute, rateLimitWindowMs);
  if (verdict.admitted) return undefined;
  const retryAfterSeconds = Math.max(1, Math.ceil(verdict.resetInMs / 1000));
  const caller = wallet?.ok ? 'This wallet' : 'This client address';
  const detail =
    `${caller} has made its ${limitPerMinute} requests of this minute (the mock's --rate-limit); ` +
    `wait ${retryAfterSeconds} seconds (Retry-After) and try again.`;
  return problemResponse({ code: 'rate-limited', detail, retryAfterSeconds }, request.path);
}

/**
 * `Prefer`: waits for `latency`, and for a `code` the operation documents answers
 * its first example with its required headers, without credentials. Answers the
 * answer (when it answers) and the `Preference-Applied` value (when any applied).
 */
export async function applyPreferences(
  header: string,
  operation: OperationDescription,
  path: string,
  tools: TrafficTools,
): Promise<{ answer?: CoreResponse; applied?: string }> {
  const preferences = parsePreferences(header);
  if ('detail' in preferences) return { answer: problemResponse(preferences, path) };
  const applied: string[] = [];
  if (preferences.latencyMs !== undefined) {
    await tools.sleep(preferences.latencyMs);
    applied.push(`latency=${preferences.latencyMs}`);
  }
  const documented = preferences.code === undefined ? undefined : operation.responses.get(preferences.code);
  if (documented) applied.push(`code=${preferences.code}`);
  const appliedHeader = applied.length > 0 ? { applied: applied.join(', ') } : {};
  if (!documented) return appliedHeader;
  const headers: Record<string, string> = {};
  if (documented.requiredHeaders.includes('www-authenticate'))
    headers['www-authenticate'] = wwwAuthenticate(operation.security[0] === 'ApiKey' ? 'api-key' : 'bearer');
  if (documented.requiredHeaders.includes('retry-after')) headers['retry-after'] = '60';
  if (documented.contentType === undefined)
    return { ...appliedHeader, answer: { status: documented.status, headers, body: undefined } };
  headers['content-type'] = documented.contentType;
  const body = JSON.stringify(documented.examples[0] ?? {});
  return { ...appliedHeader, answer: { status: documented.status, headers, body } };
}
