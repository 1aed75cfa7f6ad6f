/**
 * The one place that turns a Problem into an application/problem+json answer
 * (RFC 9457), with the WWW-Authenticate challenge every 401 must carry
 * (RFC 9110 §11.6.1) and Retry-After where waiting helps.
 */
import type { FastifyReply } from 'fastify';
import { problemCatalogue, problemType, type Challenge, type Problem } from '../domain/index.ts';

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
  const status = statusOf(problem);
  return {
    type: problemType(problem.code),
    title: problemCatalogue[problem.code].title,
    status,
    detail: problem.detail,
    instance,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, instance: string): FastifyReply {
  const status = statusOf(problem);
  if (status === 401) {
    reply.header(
      'www-authenticate',
      wwwAuthenticate(problem.challenge?.scheme ?? 'bearer', problem.challenge?.tokenRefused),
    );
  }
  if (problem.retryAfterSeconds !== undefined) reply.header('retry-after', String(problem.retryAfterSeconds));
  return reply
    .code(status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(problem, instance)));
}
