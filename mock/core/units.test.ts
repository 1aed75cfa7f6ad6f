/** The core's small parts: Prefer and body reading. */
import { describe, expect, test } from 'vitest';
import { readJsonBody } from './request-body.ts';
import { parsePreferences } from './traffic.ts';

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
  const request = (body: string | undefined, contentType: string | undefined) => ({
    bytes: body === undefined ? undefined : new Uint8Array(Buffer.from(body, 'latin1')),
    contentType,
    limitBytes: 1024,
  });
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
