import { describe, expect, test } from 'vitest';
import { freePort } from '../runner/processes.ts';
import {
  createSessionClient,
  describeFailure,
  OptionsError,
  RateLimiter,
  RateLimitedError,
  retryAfterSeconds,
  TimeoutError,
  UnreachableError,
  type FetchLike,
} from './index.ts';

type Reply = { status: number; headers?: Record<string, string>; body?: string };

/** A fetch that answers from a script and records what it was asked. */
function scripted(replies: Reply[]) {
  const calls: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body: string | undefined;
    at: number;
  }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({
      url,
      method: init.method,
      headers: init.headers,
      body: init.body === undefined ? undefined : String(init.body),
      at: Date.now(),
    });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)]!;
    const headers = new Headers(reply.headers ?? {});
    return Promise.resolve({ status: reply.status, headers, text: () => Promise.resolve(reply.body ?? '') });
  };
  return { fetch, calls };
}

describe('createSessionClient', () => {
  test('answers { data, error, response } and never throws for an HTTP error status', async () => {
    const { fetch } = scripted([
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"nonce":1,"message":"sign me"}' },
      {
        status: 401,
        headers: { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer' },
        body: '{"type":"x","title":"t","status":401}',
      },
    ]);
    const client = createSessionClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch });
    const ok = await client.getNonce();
    expect(ok.data).toEqual({ nonce: 1, message: 'sign me' });
    const refused = await client.getCurrentSession('token');
    expect(refused.data).toBeUndefined();
    expect(refused.error).toMatchObject({ status: 401 });
    expect(client.exchangeOf(refused.response)?.headers['www-authenticate']).toBe('Bearer');
  });

  test('sends the bearer token, the API key on create, and the path below the base URL', async () => {
    const { fetch, calls } = scripted([
      { status: 422, headers: { 'content-type': 'application/problem+json' }, body: '{}' },
    ]);
    const client = createSessionClient({ baseUrl: 'http://127.0.0.1:9/v1/', apiKey: 'k', fetch });
    const result = await client.createSession('w', { rules: { userCapacity: 3 } });
    expect(calls[0]).toMatchObject({
      url: 'http://127.0.0.1:9/v1/session',
      method: 'POST',
      body: '{"rules":{"userCapacity":3}}',
    });
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer w', 'x-api-key': 'k' });
    expect(client.exchangeOf(result.response)?.path).toBe('/session');
  });

  test('sends its default headers on typed and raw calls, and a call of its own header wins', async () => {
    const { fetch, calls } = scripted([{ status: 404 }]);
    const client = createSessionClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch,
      headers: { 'X-Mock-Namespace': 'run.file' },
    });
    await client.getCurrentSession('t');
    const raw = await client.raw({ method: 'GET', path: '/nowhere' });
    await client.raw({ method: 'GET', path: '/nowhere', headers: { 'x-mock-namespace': 'other' } });
    expect(calls[0]!.headers).toMatchObject({ 'X-Mock-Namespace': 'run.file', authorization: 'Bearer t' });
    expect(calls[1]!.headers).toEqual({ 'X-Mock-Namespace': 'run.file' });
    expect(raw.requestHeaders).toEqual({ 'X-Mock-Namespace': 'run.file' });
    expect(calls[2]!.headers).toEqual({ 'x-mock-namespace': 'other' });
  });

  test('refuses an unknown option and a relative base URL', () => {
    expect(() => createSessionClient({ baseUrl: 'http://x/v1', retries: 3 } as never)).toThrow(OptionsError);
    expect(() => createSessionClient({ baseUrl: '/v1' })).toThrow(/not an absolute URL/);
  });

  test('waits out a 429 according to Retry-After, then answers the real response', async () => {
    const { fetch, calls } = scripted([
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"nonce":2,"message":"m"}' },
    ]);
    const client = createSessionClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch });
    const result = await client.getNonce();
    expect(calls).toHaveLength(2);
    expect(result.data).toEqual({ nonce: 2, message: 'm' });
  });

  test('gives up with RateLimitedError when the 429s do not stop', async () => {
    const { fetch, calls } = scripted([{ status: 429, headers: { 'retry-after': '0' } }]);
    const client = createSessionClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch, maxRateLimitRetries: 2 });
    await expect(client.getNonce()).rejects.toThrow(RateLimitedError);
    expect(calls).toHaveLength(3);
  });

  test('with waitOn429: false answers a 429 at once, Retry-After and problem body as they came', async () => {
    const problem = '{"type":"urn:session-api:problem:rate-limited","title":"Too many requests","status":429}';
    const { fetch, calls } = scripted([
      { status: 429, headers: { 'retry-after': '30', 'content-type': 'application/problem+json' }, body: problem },
    ]);
    const seen: number[] = [];
    const client = createSessionClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch,
      waitOn429: false,
      onExchange: (exchange) => seen.push(exchange.status),
    });
    const result = await client.getNonce();
    expect(calls).toHaveLength(1);
    expect(result.response.status).toBe(429);
    expect(result.response.headers.get('retry-after')).toBe('30');
    expect(result.error).toMatchObject({ type: 'urn:session-api:problem:rate-limited', status: 429 });
    expect(seen).toEqual([429]);
  });

  test('spaces requests to at most --rate per second', async () => {
    const { fetch, calls } = scripted([
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"nonce":1,"message":"m"}' },
    ]);
    const client = createSessionClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch, rate: 20 });
    await Promise.all(Array.from({ length: 5 }, () => client.getNonce()));
    const span = calls.at(-1)!.at - calls[0]!.at;
    expect(span).toBeGreaterThanOrEqual(4 * 50 - 10);
  });

  test('keeps several clients to one rate when they share a RateLimiter', async () => {
    const { fetch, calls } = scripted([
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"nonce":1,"message":"m"}' },
    ]);
    const rateLimiter = new RateLimiter(20);
    const clients = [0, 1].map(() => createSessionClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch, rateLimiter }));
    await Promise.all([...clients, ...clients].map((client) => client.getNonce()));
    expect(calls.at(-1)!.at - calls[0]!.at).toBeGreaterThanOrEqual(3 * 50 - 10);
  });

  test('times out a request that does not answer, naming method and URL', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)),
      );
    const client = createSessionClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch, timeoutMs: 50 });
    const failure = client.getNonce();
    await expect(failure).rejects.toThrow(TimeoutError);
    await expect(failure).rejects.toThrow('GET http://127.0.0.1:9/v1/wallet-proof/nonce timed out after 50 ms');
  });

  test('says plainly when the server cannot be reached', async () => {
    const client = createSessionClient({ baseUrl: `http://127.0.0.1:${await freePort()}/v1`, timeoutMs: 2000 });
    await expect(client.getNonce()).rejects.toThrow(UnreachableError);
    await expect(client.getNonce()).rejects.toThrow(/cannot reach the server.*ECONNREFUSED/);
  });
});

describe('retryAfterSeconds', () => {
  test.for([
    { value: '3', seconds: 3 },
    { value: undefined, seconds: 1 },
    { value: 'soon', seconds: 1 },
  ])('reads $value as $seconds s', ({ value, seconds }) => {
    expect(retryAfterSeconds(value)).toBe(seconds);
  });

  test('reads an HTTP date as the seconds until then', () => {
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterSeconds(inTen)).toBeGreaterThanOrEqual(9);
    expect(retryAfterSeconds(inTen)).toBeLessThanOrEqual(11);
  });
});

describe('describeFailure', () => {
  test('names the request, the status, a body excerpt and the rule', () => {
    const text = describeFailure(
      {
        method: 'POST',
        url: 'http://h/v1/session/join',
        path: '/session/join',
        requestHeaders: {},
        requestBody: '{"sessionId":"s"}',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(1000),
        durationMs: 1,
      },
      'expected 409',
      'join: the session is full -> 409',
    );
    expect(text).toContain('POST http://h/v1/session/join -> 200: expected 409');
    expect(text).toContain('rule: join: the session is full -> 409');
    expect(text).toContain('(1000 chars)');
  });
});
