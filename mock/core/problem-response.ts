/**
 * The one place that turns a Problem into an application/problem+json answer
 * (RFC 9457), with the WWW-Authenticate challenge every 401 must carry
 * (RFC 9110 §11.6.1) and Retry-After where waiting helps.
 */
import { problemType, type Challenge, type Problem } from '../domain/index.ts';
import { problemCatalogue } from './problem-catalogue.ts';
import type { CoreResponse } from './types.ts';

const realm = 'realm="session-api"';

const challenges: Record<Challenge, string> = {
  bearer: `Bearer ${realm}`,
  'api-key': `ApiKey ${realm}, header="X-API-KEY"`,
  'session-password': `SessionPassword ${realm}, field="password"`,
};

export function wwwAuthenticate(scheme: Challenge, tokenRefused = false): string {
  return tokenRefused ? `${challenges[scheme]}, error="invalid_token"` : challenges[scheme];
}

export function statusOf(problem: Problem): number {
  return problem.status ?? problemCatalogue[problem.code].status;
}

export function problemBody(problem: Problem, instance: string): Record<string, unknown> {
  return {
    type: problemType(problem.code),
    title: problemCatalogue[problem.code].title,
    status: statusOf(problem),
    detail: problem.detail,
    instance,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

/** The headers a problem's answer carries besides its body: its challenge and when to try again. */
export function problemHeaders(problem: Problem): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (statusOf(problem) === 401) {
    headers['www-authenticate'] = wwwAuthenticate(
      problem.challenge?.scheme ?? 'bearer',
      problem.challenge?.tokenRefused,
    );
  }
  if (problem.retryAfterSeconds !== undefined) headers['retry-after'] = String(problem.retryAfterSeconds);
  return headers;
}

function serialised(status: number, headers: Record<string, string>, value: unknown): CoreResponse {
  return { status, headers, body: JSON.stringify(value) };
}

/** `extensions`: members of this problem type beyond RFC 9457's (e.g. `dependencies` of a health answer). */
export function problemResponse(
  problem: Problem,
  instance: string,
  extensions: Record<string, unknown> = {},
): CoreResponse {
  return serialised(statusOf(problem), problemHeaders(problem), { ...problemBody(problem, instance), ...extensions });
}

export function jsonResponse(status: number, value: unknown): CoreResponse {
  return serialised(status, { 'content-type': 'application/json' }, value);
}

export function emptyResponse(status: number): CoreResponse {
  return { status, headers: {}, body: undefined };
}
