/** The HTTP layer's small parts, without Fastify: fault rules, the journal, Prefer, body reading. */
import type { FastifyRequest } from 'fastify';
import { describe, expect, test } from 'vitest';
import { FaultRules } from './faults.ts';
import { RequestJournal, type JournalRecord } from './journal.ts';
import { readJsonBody } from './request-body.ts';
import { parsePreferences } from './traffic.ts';

describe('FaultRules', () => {
  test('a rule without method and path matches everything; the first matching rule fires', () => {
    const rules = new FaultRules(() => 0);
    const first = rules.add({ path: '/v1/session', status: 500 });
    const second = rules.add({ status: 503 });
    expect(rules.fire('POST', '/v1/session')?.id).toBe(first.id);
    expect(rules.fire('GET', '/v1/session/current')?.id).toBe(second.id);
  });

  test('matches the method case-insensitively as given and the path exactly', () => {
    const rules = new FaultRules(() => 0);
    rules.add({ method: 'get', path: '/v1/session/current', status: 503 });
    expect(rules.fire('GET', '/v1/session/current')).toBeDefined();
    expect(rules.fire('DELETE', '/v1/session/current')).toBeUndefined();
    expect(rules.fire('GET', '/v1/session/current/kick')).toBeUndefined();
  });

  test('`times` limits the firings, and a used-up rule disappears', () => {
    const rules = new FaultRules(() => 0);
    rules.add({ status: 500, times: 2 });
    expect(rules.list()[0]!.remaining).toBe(2);
    expect(rules.fire('GET', '/x')).toBeDefined();
    expect(rules.list()[0]!.remaining).toBe(1);
    expect(rules.fire('GET', '/x')).toBeDefined();
    expect(rules.fire('GET', '/x')).toBeUndefined();
    expect(rules.empty).toBe(true);
  });

  test.for([
    [0.5, 0.49, true],
    [0.5, 0.5, false],
    [0, 0, false],
    [1, 0.999, true],
  ] as const)('with probability %s and a draw of %s it fires: %s', ([probability, draw, fires]) => {
    const rules = new FaultRules(() => draw);
    rules.add({ status: 500, probability });
    expect(rules.fire('GET', '/x') !== undefined).toBe(fires);
  });

  test('a rule that does not fire by chance keeps its remaining firings', () => {
    const rules = new FaultRules(() => 0.9);
    rules.add({ status: 500, probability: 0.5, times: 1 });
    expect(rules.fire('GET', '/x')).toBeUndefined();
    expect(rules.list()[0]!.remaining).toBe(1);
  });

  test('defaults: no latency, no reset, probability 1, unlimited; clear removes all', () => {
    const rules = new FaultRules();
    expect(rules.add({ status: 418 })).toEqual({
      id: 1,
      status: 418,
      latencyMs: 0,
      reset: false,
      probability: 1,
      remaining: null,
    });
    rules.clear();
    expect(rules.list()).toEqual([]);
  });

  test('list answers copies, so callers cannot change the rules', () => {
    const rules = new FaultRules();
    rules.add({ status: 500, times: 1 });
    rules.list()[0]!.remaining = 99;
    expect(rules.list()[0]!.remaining).toBe(1);
  });
});

describe('RequestJournal', () => {
  const entry = (n: number): JournalRecord => ({
    method: 'GET',
    path: `/${n}`,
    status: 200,
    durationMs: 1,
    operationId: null,
  });

  test('keeps the newest `capacity` entries, oldest first', () => {
    const journal = new RequestJournal(3);
    for (let n = 1; n <= 5; n++) journal.record(entry(n));
    expect(journal.list().map((e) => e.path)).toEqual(['/3', '/4', '/5']);
  });

  test('each entry carries the time it was recorded, as an ISO timestamp', () => {
    let nowMs = Date.UTC(2026, 10, 25, 20, 0, 0);
    const journal = new RequestJournal(2, () => nowMs);
    for (let n = 1; n <= 3; n++) {
      journal.record(entry(n));
      nowMs += 1000;
    }
    expect(journal.list().map((e) => [e.path, e.time])).toEqual([
      ['/2', '2026-11-25T20:00:01.000Z'],
      ['/3', '2026-11-25T20:00:02.000Z'],
    ]);
  });

  test('below capacity keeps all in order; clear empties it', () => {
    const journal = new RequestJournal(3);
    journal.record(entry(1));
    journal.record(entry(2));
    expect(journal.list().map((e) => e.path)).toEqual(['/1', '/2']);
    journal.clear();
    expect(journal.list()).toEqual([]);
    journal.record(entry(3));
    expect(journal.list().map((e) => e.path)).toEqual(['/3']);
  });

  test('a journal of size 0 keeps nothing', () => {
    const journal = new RequestJournal(0);
    journal.record(entry(1));
    expect(journal.list()).toEqual([]);
  });
});

describe('parsePreferences', () => {
  test.for([
    ['code=404', { code: 404 }],
    ['code=404, latency=25', { code: 404, latencyMs: 25 }],
    ['latency=0', { latencyMs: 0 }],
    ['latency=10000', { latencyMs: 10000 }],
    ['Code="401"', { code: 401 }],
    ['respond-async, wait=5', {}],
    ['code=abc', {}],
    ['code=4040', {}],
  ] as const)('"%s" gives %o', ([header, expected]) => {
    expect(parsePreferences(header)).toEqual(expected);
  });

  test('joins repeated Prefer headers', () => {
    expect(parsePreferences(['code=409', 'latency=1'])).toEqual({ code: 409, latencyMs: 1 });
  });

  test.for(['latency=10001', 'latency=-1', 'latency=1.5', 'latency=soon', 'latency'])(
    '"%s" is an invalid-preference (400)',
    (header) => {
      expect(parsePreferences(header)).toMatchObject({ code: 'invalid-preference' });
    },
  );

  test('no header gives no preferences', () => {
    expect(parsePreferences(undefined)).toEqual({});
  });
});

describe('readJsonBody', () => {
  const request = (body: string | undefined, contentType: string | undefined) =>
    ({
      body: body === undefined ? undefined : Buffer.from(body, 'latin1'),
      headers: contentType === undefined ? {} : { 'content-type': contentType },
    }) as unknown as FastifyRequest;
  const outcome = (body: string | undefined, contentType: string | undefined) => {
    const read = readJsonBody(request(body, contentType));
    return read.ok ? { value: read.value } : { problem: read.problem.code };
  };

  test.for([
    ['{"a":1}', 'application/json', { value: { a: 1 } }],
    ['{"a":1}', 'application/json; charset=utf-8', { value: { a: 1 } }],
    ['{"a":1}', 'application/json; charset=UTF-8', { value: { a: 1 } }],
    ['{"a":1}', 'application/merge-patch+json', { value: { a: 1 } }],
    ['{"a":1}', 'application/vnd.api+json; charset="utf-8"', { value: { a: 1 } }],
    ['{"a":1}', 'text/plain', { problem: 'unsupported-media-type' }],
    ['{"a":1}', 'application/json; charset=latin1', { problem: 'unsupported-media-type' }],
    ['{"a":1}', 'application/jsonx', { problem: 'unsupported-media-type' }],
    ['{"a":1}', undefined, { problem: 'unsupported-media-type' }],
    ['{"a":', 'application/json', { problem: 'malformed-json' }],
    ['{"a":"\xff"}', 'application/json', { problem: 'malformed-json' }],
    [undefined, undefined, { value: undefined }],
    ['', 'application/json', { value: undefined }],
    ['', 'text/plain', { problem: 'unsupported-media-type' }],
  ] as const)('%j as %s reads as %o', ([body, contentType, expected]) => {
    expect(outcome(body, contentType)).toEqual(expected);
  });
});
