/**
 * `--rate-limit N` (docs/rules.md §20): N API requests per minute of real time per
 * wallet (a valid wallet token) or else per client address, then 429 with
 * Retry-After and a problem body; off by default. Every answer is checked against
 * the spec by the harness, so each 429 here is one the spec documents.
 */
import { describe, expect, test } from 'vitest';
import { harness, type Harness } from '../testing/harness.ts';

const nonce = { method: 'GET', url: '/v1/wallet-proof/nonce' } as const;

/** A join of a session that does not exist: counted like any request, answered 404 while under the limit. */
async function joinWith(mock: Harness, token: string) {
  return mock.request({
    method: 'POST',
    url: '/v1/session/join',
    headers: { authorization: `Bearer ${token}` },
    json: { sessionId: 'no-such-session' },
  });
}

describe('--rate-limit', () => {
  test('is off by default: 200 nonce requests in one minute all get their nonce', async () => {
    const mock = harness();
    for (let i = 0; i < 200; i++) expect((await mock.request(nonce)).status).toBe(200);
  });

  test('past N requests in a minute a client gets 429, Retry-After and a problem that says what to do', async () => {
    const mock = harness({ config: { rateLimitPerMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await mock.request(nonce)).status).toBe(200);

    const refused = await mock.request(nonce);

    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'urn:session-api:problem:rate-limited',
      title: 'Too many requests',
      status: 429,
      instance: '/v1/wallet-proof/nonce',
    });
    expect(refused.body.detail).toMatch(/3 requests of this minute.*wait 60 seconds \(Retry-After\)/);
  });

  test('Retry-After counts down to the end of the window, and the next window admits N again', async () => {
    const mock = harness({ config: { rateLimitPerMinute: 1 } });
    expect((await mock.request(nonce)).status).toBe(200);
    mock.realMs += 20_500;
    expect((await mock.request(nonce)).headers['retry-after']).toBe('40');
    mock.realMs += 39_500;
    expect((await mock.request(nonce)).status).toBe(200);
    expect((await mock.request(nonce)).status).toBe(429);
  });

  test('every operation answers the documented 429, whatever else is wrong with the request', async () => {
    const mock = harness({ config: { rateLimitPerMinute: 1 } });
    expect((await mock.request(nonce)).status).toBe(200);
    const calls = [
      { method: 'POST', url: '/v1/wallet-proof/verify', json: {} },
      { method: 'POST', url: '/v1/session', json: {} },
      { method: 'POST', url: '/v1/session/join', json: { sessionId: 's' } },
      { method: 'GET', url: '/v1/session/current' },
      { method: 'DELETE', url: '/v1/session/current' },
      { method: 'POST', url: '/v1/session/current/kick', json: { userId: 'u' } },
      { method: 'POST', url: '/v1/session/disconnect' },
    ] as const;
    for (const call of calls) {
      const answer = await mock.request(call);
      expect(answer.status, `${call.method} ${call.url}`).toBe(429);
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
    }
  });

  test('counts each wallet on its own, and apart from requests without a wallet token', async () => {
    const mock = harness({ config: { rateLimitPerMinute: 2 } });
    const first = await mock.walletToken();
    const second = await mock.walletToken();
    expect((await joinWith(mock, first.token)).status).toBe(404);
    expect((await joinWith(mock, first.token)).status).toBe(404);

    const limited = await joinWith(mock, first.token);

    expect(limited.status).toBe(429);
    expect(limited.body.detail).toMatch(/^This wallet has made its 2 requests/);
    expect((await joinWith(mock, second.token)).status).toBe(404);
    expect((await mock.request(nonce)).status).toBe(200);
  });

  test('a refused wallet token counts against the client address, not a wallet', async () => {
    const mock = harness({ config: { rateLimitPerMinute: 1 } });
    expect((await joinWith(mock, 'not-a-token')).status).toBe(401);
    const limited = await mock.request(nonce);
    expect(limited.status).toBe(429);
    expect(limited.body.detail).toMatch(/^This client address has made its 1 requests/);
  });

  test('a reset forgets the counts (they live in the world)', async () => {
    const mock = harness({ config: { rateLimitPerMinute: 1 } });
    await mock.request(nonce);
    expect((await mock.request(nonce)).status).toBe(429);
    expect((await mock.request({ method: 'POST', url: '/__mock/reset' })).status).toBe(204);
    expect((await mock.request(nonce)).status).toBe(200);
  });

  test('each namespace counts on its own', async () => {
    const mock = harness({ config: { rateLimitPerMinute: 1 } });
    await mock.request(nonce);
    expect((await mock.request(nonce)).status).toBe(429);
    const elsewhere = await mock.request({ ...nonce, headers: { 'x-mock-namespace': 'other' } });
    expect(elsewhere.status).toBe(200);
  });

  test('the control plane is never limited', async () => {
    const mock = harness({ config: { rateLimitPerMinute: 1 } });
    for (let i = 0; i < 5; i++) expect((await mock.request({ method: 'GET', url: '/__mock/clock' })).status).toBe(200);
  });

  test('over a socket, the client address is the key: a second request of 127.0.0.1 gets 429', async () => {
    const mock = harness({ socket: true, config: { rateLimitPerMinute: 1 } });
    expect((await mock.request(nonce)).status).toBe(200);
    const limited = await mock.request(nonce);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.body.detail).toMatch(/^This client address/);
  });
});

describe('Prefer: code=429', () => {
  test.for([
    ['GET', '/v1/wallet-proof/nonce'],
    ['POST', '/v1/wallet-proof/verify'],
    ['POST', '/v1/session/disconnect'],
  ] as const)('previews the documented 429 of %s %s, with Retry-After, without a rate limit', async ([method, url]) => {
    const mock = harness();
    const answer = await mock.request({ method, url, headers: { prefer: 'code=429' } });
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('60');
    expect(answer.headers['preference-applied']).toBe('code=429');
    expect(answer.body).toMatchObject({ type: 'urn:session-api:problem:rate-limited', status: 429 });
  });
});
