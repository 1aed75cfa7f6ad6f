/**
 * What happens to API traffic around the operations: fault rules, the `Prefer`
 * header (as Prism reads it: code=NNN and latency=NNN), the request journal and
 * one log line per request.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDescription } from '../../spec/index.ts';
import type { Problem } from '../domain/index.ts';
import type { FaultRules } from './faults.ts';
import type { RequestJournal } from './journal.ts';
import { sendProblem, wwwAuthenticate } from './problem-response.ts';

export const maxLatencyMs = 10_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    operationId?: string;
    everyFailureIs400?: boolean;
    control?: boolean;
    /** Whether the operation reads a request body; others drain one unread. */
    takesBody?: boolean;
  }
}

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

interface TrafficOptions {
  api: ApiDescription;
  faults: FaultRules;
  journal: RequestJournal;
}

export function registerTraffic(app: FastifyInstance, { api, faults, journal }: TrafficOptions): void {
  // Callback-style hooks with a synchronous fast path: most requests meet no fault
  // rule and no Prefer header, and an async hook would cost them promise hops.
  // The cheap tests come first: `routeOptions` builds an object on each read.
  app.addHook('onRequest', (request, reply, done) => {
    if ((faults.empty && request.headers.prefer === undefined) || request.routeOptions.config.control) return done();
    disturb(request, reply).then(
      (answered) => {
        // A hook that answered (or dropped the connection) must not let the request go on.
        if (!answered) done();
      },
      (error: Error) => done(error),
    );
  });

  /** Applies fault rules and `Prefer`; answers whether it answered the request itself. */
  async function disturb(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const path = pathOf(request.url);

    if (!faults.empty) {
      const rule = faults.fire(request.method, path);
      if (rule) {
        if (rule.latencyMs > 0) await sleep(rule.latencyMs);
        if (rule.reset) {
          request.raw.socket.destroy();
          reply.hijack();
          return true;
        }
        if (rule.status !== undefined) {
          if (rule.status === 503 || rule.status === 429) reply.header('retry-after', '1');
          sendProblem(
            reply,
            { code: 'injected-fault', status: rule.status, detail: `Fault rule ${rule.id} answered ${rule.status}.` },
            path,
          );
          return true;
        }
      }
    }

    if (request.headers.prefer === undefined) return false;
    const preferences = parsePreferences(request.headers.prefer);
    if ('detail' in preferences) {
      sendProblem(reply, preferences, path);
      return true;
    }
    const applied: string[] = [];
    if (preferences.latencyMs !== undefined) {
      await sleep(preferences.latencyMs);
      applied.push(`latency=${preferences.latencyMs}`);
    }
    const operationId = request.routeOptions.config.operationId;
    const documented =
      operationId === undefined || preferences.code === undefined
        ? undefined
        : api.operation(operationId).responses.get(preferences.code);
    if (documented) applied.push(`code=${preferences.code}`);
    if (applied.length > 0) reply.header('preference-applied', applied.join(', '));
    if (!documented) return false;
    // Preview a documented answer without credentials: its first example, its required headers.
    const security = api.operation(operationId!).security;
    if (documented.requiredHeaders.includes('www-authenticate')) {
      reply.header('www-authenticate', wwwAuthenticate(security[0] === 'ApiKey' ? 'api-key' : 'bearer'));
    }
    if (documented.requiredHeaders.includes('retry-after')) reply.header('retry-after', '60');
    reply.code(documented.status);
    if (documented.contentType === undefined) reply.send();
    else reply.type(documented.contentType).send(JSON.stringify(documented.examples[0] ?? {}));
    return true;
  }

  app.addHook('onResponse', (request, reply, done) => {
    // Fastify times every request from routing to the end of the answer.
    const durationMs = Math.round(reply.elapsedTime * 100) / 100;
    const path = pathOf(request.url);
    // Only method, path (never the query: hub tokens travel there), status and time: no credential reaches a log.
    request.log.info(`${request.method} ${path} ${reply.statusCode} ${durationMs}ms`);
    const config = request.routeOptions.config;
    if (config.control) return done();
    journal.record({
      method: request.method,
      path,
      status: reply.statusCode,
      durationMs,
      operationId: config.operationId ?? null,
    });
    done();
  });
}

/** The path of a request target, without its query. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
