/** The harness must be able to fail: a response that breaks the spec fails the test. */
import { describe, expect, test } from 'vitest';
import { harness, specViolations, type Answer, type Call } from './harness.ts';

const problem = (status: number) =>
  JSON.stringify({ type: 'urn:session-api:problem:x', title: 'X', status, detail: 'x' });

function answer(status: number, text: string, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': 'r-1', ...headers },
    text,
    body: text ? JSON.parse(text) : undefined,
    operationId: undefined,
  };
}

const current: Call = { method: 'GET', url: '/v1/session/current' };

describe('specViolations', () => {
  test('passes a documented answer', () => {
    expect(specViolations(current, answer(404, problem(404)))).toEqual([]);
  });

  test("judges the Session API by the mock's overlay: X-Request-Id is required", () => {
    const { 'x-request-id': _, ...withoutId } = answer(404, problem(404)).headers;
    expect(specViolations(current, { ...answer(404, problem(404)), headers: withoutId })).toEqual([
      'header x-request-id is required on 404 but missing',
    ]);
  });

  test.for([
    ['an undocumented status', answer(409, problem(409)), /not documented/],
    ['a 401 without WWW-Authenticate', answer(401, problem(401)), /www-authenticate/i],
    ['a problem whose status differs', answer(404, problem(400)), /differs/],
    ['a wrong content type', answer(404, problem(404), { 'content-type': 'application/json' }), /content-type/],
    ['a body that is no Problem', answer(404, JSON.stringify({ status: 404 })), /Problem|type/],
    [
      'a 200 body missing required fields',
      { ...answer(200, '{"id":"x"}'), headers: { 'content-type': 'application/json' } },
      /required|must have/,
    ],
  ] as const)('flags %s', ([, observed, message]) => {
    const violations = specViolations(current, observed);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.join('\n')).toMatch(message);
  });

  test('lets an undocumented status through when the call says why, but still checks its problem body', () => {
    expect(specViolations({ ...current, outsideSpec: 'outage' }, answer(502, problem(502)))).toEqual([]);
    expect(specViolations({ ...current, outsideSpec: 'outage' }, answer(502, problem(500))).length).toBeGreaterThan(0);
  });

  test('flags a 405 without Allow and an unknown path answered 200', () => {
    expect(specViolations({ method: 'PUT', url: '/v1/session' }, answer(405, problem(405)))).toEqual([
      'a 405 without Allow',
    ]);
    expect(
      specViolations(
        { method: 'GET', url: '/v1/nothing' },
        { ...answer(200, '{}'), headers: { 'content-type': 'application/json' } },
      ).length,
    ).toBeGreaterThan(0);
  });

  test('takes HEAD as GET without the body: a status GET documents, no body, a challenge on 401', () => {
    const head: Call = { method: 'HEAD', url: '/v1/session/current' };
    const bare = (status: number, headers: Record<string, string> = {}): Answer => ({
      status,
      headers,
      text: '',
      body: undefined,
      operationId: undefined,
    });
    expect(specViolations(head, bare(401, { 'www-authenticate': 'Bearer realm="session-api"' }))).toEqual([]);
    expect(specViolations(head, bare(401))).toEqual(['a 401 without WWW-Authenticate']);
    expect(specViolations(head, bare(409)).join('\n')).toMatch(/does not document/);
    expect(specViolations(head, answer(404, problem(404)))).toEqual(['a HEAD answer with a body']);
    expect(specViolations({ method: 'HEAD', url: '/v1/session' }, bare(405, { allow: 'POST' }))).toEqual([]);
  });

  test('with the control plane off, /__mock paths are no operations', () => {
    expect(specViolations({ method: 'GET', url: '/__mock/health' }, answer(404, problem(404)), false)).toEqual([]);
    expect(
      specViolations({ method: 'GET', url: '/__mock/health' }, answer(404, problem(404)), true).length,
    ).toBeGreaterThan(0);
  });
});

describe('Harness.request', () => {
  test('fails the test when the mock answers a status its operation does not document', async () => {
    const mock = harness();
    await mock.request({ method: 'POST', url: '/__mock/faults', json: { path: '/v1/session/current', status: 500 } });
    await expect(mock.request({ method: 'GET', url: '/v1/session/current' })).rejects.toThrow(
      /status 500 is not documented for getCurrentSession/,
    );
  });
});
