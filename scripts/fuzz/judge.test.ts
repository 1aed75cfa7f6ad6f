/**
 * The fuzzer's verdict on outcomes that are no answer, and on `Prefer: latency`
 * at the mock's own bound: only a connection the mock closed while a request past
 * a limit was still being written is forgiven.
 */
import { describe, expect, test } from 'vitest';
import { maxLatencyMs } from '../../mock/core/index.ts';
import { ApiDescription } from '../../spec/index.ts';
import type { FuzzCase } from './cases.ts';
import { judge, maxHeaderBytes, type Observed } from './judge.ts';

const api = ApiDescription.mockFromFile();
const join = api.operations.findIndex((operation) => operation.operationId === 'joinSession');

function joinCase(changes: Partial<FuzzCase> = {}): FuzzCase {
  return {
    target: { kind: 'operation', operation: join },
    body: { kind: 'none' },
    contentType: 'application/json',
    authorization: [],
    apiKey: [],
    headers: [],
    oversizedHeader: 0,
    query: '',
    prefer: undefined,
    namespace: { kind: 'none' },
    ...changes,
  };
}

const hugeBody = joinCase({ body: { kind: 'huge', extraBytes: 1 } });
const smallHeaders = 300;
const writeFailed = (code: string): Observed => ({
  kind: 'error',
  message: `Error: write ${code}`,
  code,
  syscall: 'write',
});

describe('a request that got no answer', () => {
  test.for(['EPIPE', 'ECONNRESET'])(
    'is forgiven when a body past the limit was still being written: write %s',
    (code) => {
      expect(judge(api, api.operations, hugeBody, writeFailed(code), smallHeaders)).toEqual([]);
    },
  );

  test('is forgiven when headers past the limit were still being written', () => {
    expect(
      judge(api, api.operations, joinCase({ oversizedHeader: 20_000 }), writeFailed('EPIPE'), maxHeaderBytes + 4000),
    ).toEqual([]);
  });

  test.for<[string, Observed]>([
    [
      'a connection closed while reading the answer',
      { kind: 'error', message: 'SocketError: other side closed', code: 'UND_ERR_SOCKET' },
    ],
    [
      'a reset while reading the answer',
      { kind: 'error', message: 'Error: read ECONNRESET', code: 'ECONNRESET', syscall: 'read' },
    ],
    [
      'a timeout',
      { kind: 'error', message: 'TimeoutError: The operation was aborted due to timeout', code: 'UND_ERR_ABORTED' },
    ],
    ['an error without a code', { kind: 'error', message: 'Error: something else' }],
  ])('is a failure after a body past the limit when it is %s', ([, observed]) => {
    expect(judge(api, api.operations, hugeBody, observed, smallHeaders)).toEqual([
      expect.stringMatching(/^no answer to a request past a limit/),
    ]);
  });

  test('is a failure for a request within every limit, even a write that failed', () => {
    expect(judge(api, api.operations, joinCase(), writeFailed('EPIPE'), smallHeaders)).toEqual([
      'no answer: Error: write EPIPE (write EPIPE)',
    ]);
  });
});

describe('Prefer: latency at the mock bound', () => {
  const answer = (status: number): Observed => ({
    kind: 'answer',
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({
      type: 'urn:session-api:problem:invalid-preference',
      title: 'Invalid preference',
      status,
      detail: 'x',
    }),
  });

  test(`latency=${maxLatencyMs} is no reason for a 400, one millisecond more must be a 400`, () => {
    const within = judge(
      api,
      api.operations,
      joinCase({ prefer: `latency=${maxLatencyMs}` }),
      answer(401),
      smallHeaders,
    );
    expect(within.join('; ')).not.toMatch(/expected 400/);
    const beyond = joinCase({ prefer: `latency=${maxLatencyMs + 1}` });
    expect(judge(api, api.operations, beyond, answer(400), smallHeaders)).toEqual([]);
    expect(judge(api, api.operations, beyond, answer(401), smallHeaders)).toEqual([
      `Prefer: latency=${maxLatencyMs + 1} got 401, expected 400`,
    ]);
  });
});

describe('an invalid X-Mock-Namespace', () => {
  const invalid = joinCase({ namespace: { kind: 'invalid', value: 'has space' } });
  const problem = (status: number, detail: string): Observed => ({
    kind: 'answer',
    status,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': 'r' },
    body: JSON.stringify({ type: 'urn:session-api:problem:invalid-namespace', title: 'Invalid', status, detail }),
  });

  test('passes as a 400 problem+json naming the header', () => {
    expect(judge(api, api.operations, invalid, problem(400, 'X-Mock-Namespace is bad'), smallHeaders)).toEqual([]);
  });

  test('fails as a 400 that does not name the header, or as any other status', () => {
    expect(judge(api, api.operations, invalid, problem(400, 'bad request'), smallHeaders)).toEqual([
      'the 400 does not name X-Mock-Namespace',
    ]);
    expect(judge(api, api.operations, invalid, problem(401, 'X-Mock-Namespace'), smallHeaders)).toEqual([
      'X-Mock-Namespace "has space" got 401, expected 400',
    ]);
  });
});
