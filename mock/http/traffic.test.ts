/**
 * Around the operations: routing (404, 405), unreadable bodies (400, 413, 415),
 * Prefer, fault rules, the journal, CORS and --seed. Every answer is checked
 * against the spec by the harness, except the outages a fault rule simulates
 * and refused preferences, which docs/rules.md §19 lets go undocumented.
 */
import { describe, expect, test } from 'vitest';
import { apiKey, harness, randomAddress, sessionApi, type Harness } from '../testing/harness.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * A delay long enough that an answer without it (a millisecond or so, far more on
 * a loaded machine) cannot reach it; only a lower bound is checked, never an upper
 * one. Node may fire a timer up to a millisecond early (it rounds), hence the slack.
 */
const latencyMs = 400;
const timerSlackMs = 5;

async function timed<T>(send: () => Promise<T>): Promise<{ answer: T; elapsedMs: number }> {
  const started = performance.now();
  const answer = await send();
  return { answer, elapsedMs: performance.now() - started };
}

describe('routing', () => {
  test.for(['/v1/nothing', '/', '/session', '/v1/session/current/extra', '/v2/session'])(
    'an unknown path %s is a 404 problem',
    async (url) => {
      const mock = harness();
      const answer = await mock.request({ method: 'GET', url });
      expect(answer.status).toBe(404);
      expect(answer.body.type).toBe('urn:session-api:problem:not-found');
    },
  );

  test.for([
    ['PUT', '/v1/session', 'POST'],
    ['GET', '/v1/session', 'POST'],
    ['GET', '/v1/session/join', 'POST'],
    ['PATCH', '/v1/session/current', 'GET, HEAD, DELETE'],
    ['GET', '/v1/session/current/kick', 'POST'],
    ['DELETE', '/v1/session/disconnect', 'POST'],
    ['POST', '/v1/wallet-proof/nonce', 'GET, HEAD'],
    ['GET', '/v1/wallet-proof/verify', 'POST'],
    ['PUT', '/__mock/faults', 'GET, HEAD, POST, DELETE'],
    ['DELETE', '/__mock/health', 'GET, HEAD'],
  ] as const)('%s %s is a 405 with Allow: %s', async ([method, url, allow]) => {
    const mock = harness();
    const answer = await mock.request({ method, url });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow!.split(', ').sort()).toEqual(allow.split(', ').sort());
  });

  test('HEAD, which Allow lists wherever GET is, is answered like GET without a body', async () => {
    const mock = harness();
    const get = await mock.request({ method: 'GET', url: '/v1/session/current' });
    const head = await mock.request({ method: 'HEAD', url: '/v1/session/current' });
    expect(head.status).toBe(get.status);
    expect(head.headers['www-authenticate']).toBe(get.headers['www-authenticate']);
    expect(head.text).toBe('');
  });

  test('a query string does not change the routing', async () => {
    const mock = harness();
    expect((await mock.request({ method: 'PUT', url: '/v1/session?x=1' })).status).toBe(405);
    expect((await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce?x=1' })).status).toBe(200);
  });
});

describe('unreadable bodies', () => {
  const operations = [
    ['createSession', '/v1/session'],
    ['joinSession', '/v1/session/join'],
    ['kickUser', '/v1/session/current/kick'],
  ] as const;

  test.for(operations)('%s: invalid JSON is a 400', async ([, url]) => {
    const mock = harness();
    const answer = await mock.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: '{"a": }',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('urn:session-api:problem:malformed-json');
  });

  test.for(
    operations.flatMap(([operation, url]) =>
      ['text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded'].map(
        (type) => [operation, type, url] as const,
      ),
    ),
  )('%s: Content-Type %s is a 415', async ([, contentType, url]) => {
    const mock = harness();
    const answer = await mock.request({ method: 'POST', url, headers: { 'content-type': contentType }, payload: '{}' });
    expect(answer.status).toBe(415);
    expect(answer.body.type).toBe('urn:session-api:problem:unsupported-media-type');
  });

  test.for(operations)('%s: a body over --body-limit is a 413', async ([, url]) => {
    const mock = harness({ config: { bodyLimitBytes: 1024 } });
    const answer = await mock.request({ method: 'POST', url, json: { padding: 'x'.repeat(1100) } });
    expect(answer.status).toBe(413);
    expect(answer.body.type).toBe('urn:session-api:problem:content-too-large');
  });

  test('the default limit is 1 MiB: a body of 1 MiB is read, one byte more is a 413', async () => {
    const mock = harness();
    const { token } = await mock.walletToken();
    const body = (size: number) => {
      const shell = '{"sessionId":""}';
      return `{"sessionId":"${'x'.repeat(size - shell.length)}"}`;
    };
    const call = (payload: string) =>
      mock.request({
        method: 'POST',
        url: '/v1/session/join',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload,
      });
    expect((await call(body(1024 * 1024))).status).toBe(422);
    expect((await call(body(1024 * 1024 + 1))).status).toBe(413);
  });

  test('another +json type in UTF-8 is read as JSON', async () => {
    const mock = harness();
    const { token } = await mock.walletToken();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session',
      headers: { ...bearer(token), 'x-api-key': apiKey, 'content-type': 'application/vnd.session+json; charset=utf-8' },
      payload: '{}',
    });
    expect(answer.status).toBe(200);
  });

  test('a body over the limit sent to an operation that takes none is ignored', async () => {
    const mock = harness({ config: { bodyLimitBytes: 1024 } });
    const host = await mock.create();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session/disconnect',
      headers: bearer(host.token),
      json: { padding: 'x'.repeat(1100) },
    });
    expect(answer.status).toBe(200);
  });

  test('a body of any type sent to an operation that takes none is ignored', async () => {
    const mock = harness();
    const host = await mock.create();
    const answer = await mock.request({
      method: 'DELETE',
      url: '/v1/session/current',
      headers: { ...bearer(host.token), 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expect(answer.status).toBe(200);
  });
});

describe('Prefer: code=NNN', () => {
  const previews = sessionApi.operations.flatMap((operation) =>
    [...operation.responses.keys()].map(
      (status) => [operation.operationId, operation.method, operation.path, status] as const,
    ),
  );

  test.for(previews)('%s (%s %s) previews its documented %i without credentials', async ([, method, path, status]) => {
    const mock = harness();
    const answer = await mock.request({ method, url: `/v1${path}`, headers: { prefer: `code=${status}` } });
    expect(answer.status).toBe(status);
    expect(answer.headers['preference-applied']).toBe(`code=${status}`);
  });

  test('a status the operation does not document is ignored: the request runs normally', async () => {
    const mock = harness();
    const answer = await mock.request({ method: 'GET', url: '/v1/session/current', headers: { prefer: 'code=409' } });
    expect(answer.status).toBe(401);
    expect(answer.headers['preference-applied']).toBeUndefined();
  });

  test('a preview changes nothing: no session is created', async () => {
    const mock = harness();
    await mock.request({ method: 'POST', url: '/v1/session', headers: { prefer: 'code=200' } });
    expect((await mock.request({ method: 'GET', url: '/__mock/sessions' })).body.sessions).toEqual([]);
  });

  test('applies before every other check, even an unreadable body', async () => {
    const mock = harness();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { prefer: 'code=404', 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(answer.status).toBe(404);
  });

  test('on an unknown path it is ignored', async () => {
    const mock = harness();
    const answer = await mock.request({ method: 'GET', url: '/v1/unknown', headers: { prefer: 'code=200' } });
    expect(answer.status).toBe(404);
  });
});

describe('Prefer: latency=NNN', () => {
  test('delays the real answer and says so in Preference-Applied', async () => {
    const mock = harness();
    const { answer, elapsedMs } = await timed(() =>
      mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce', headers: { prefer: `latency=${latencyMs}` } }),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['preference-applied']).toBe(`latency=${latencyMs}`);
    expect(elapsedMs).toBeGreaterThanOrEqual(latencyMs - timerSlackMs);
  });

  test('combines with code', async () => {
    const mock = harness();
    const answer = await mock.request({
      method: 'GET',
      url: '/v1/session/current',
      headers: { prefer: 'code=404, latency=0' },
    });
    expect(answer.status).toBe(404);
    expect(answer.headers['preference-applied']!.split(', ').sort()).toEqual(['code=404', 'latency=0']);
  });

  test.for(['latency=10001', 'latency=-5', 'latency=fast'])('"%s" is a 400 problem', async (prefer) => {
    const mock = harness();
    const answer = await mock.request({
      method: 'GET',
      url: '/v1/session/current',
      headers: { prefer },
      outsideSpec: 'a refused preference is a mock control answer',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('urn:session-api:problem:invalid-preference');
  });
});

describe('fault rules', () => {
  const addFault = async (mock: Harness, rule: Record<string, unknown>) => {
    const answer = await mock.request({ method: 'POST', url: '/__mock/faults', json: rule });
    expect(answer.status).toBe(201);
    return answer.body;
  };

  test('a status rule answers a problem with that status, `times` times, then the real answer comes back', async () => {
    const mock = harness();
    await addFault(mock, { method: 'GET', path: '/v1/wallet-proof/nonce', status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const answer = await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' });
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer.body.type).toBe('urn:session-api:problem:injected-fault');
    }
    expect((await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' })).status).toBe(200);
    expect((await mock.request({ method: 'GET', url: '/__mock/faults' })).body.faults).toEqual([]);
  });

  test('a 503 or 429 of a rule announces the wait its rule sets in Retry-After (1 second by default)', async () => {
    const mock = harness();
    await addFault(mock, { path: '/v1/wallet-proof/nonce', status: 503, times: 1, retryAfterSeconds: 120 });
    await addFault(mock, { path: '/v1/wallet-proof/nonce', status: 503, times: 1 });
    const announced = await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' });
    expect(announced.headers['retry-after']).toBe('120');
    expect((await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' })).headers['retry-after']).toBe('1');
  });

  test('any 4xx or 5xx may be simulated, documented or not', async () => {
    const mock = harness();
    await addFault(mock, { path: '/v1/session/current', status: 502 });
    const answer = await mock.request({ method: 'GET', url: '/v1/session/current', outsideSpec: 'a simulated outage' });
    expect(answer.status).toBe(502);
    expect(answer.body.status).toBe(502);
  });

  test('a rule fires only on its method and path', async () => {
    const mock = harness();
    await addFault(mock, { method: 'DELETE', path: '/v1/session/current', status: 500 });
    expect((await mock.request({ method: 'GET', url: '/v1/session/current' })).status).toBe(401);
    expect((await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' })).status).toBe(200);
    expect(
      (await mock.request({ method: 'DELETE', url: '/v1/session/current', outsideSpec: 'a simulated outage' })).status,
    ).toBe(500);
  });

  test('a rule with probability 0 never fires, one with probability 1 always does', async () => {
    const mock = harness();
    await addFault(mock, { path: '/v1/wallet-proof/nonce', status: 500, probability: 0 });
    for (let i = 0; i < 5; i++)
      expect((await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' })).status).toBe(200);
    await mock.request({ method: 'DELETE', url: '/__mock/faults' });
    await addFault(mock, { path: '/v1/wallet-proof/nonce', status: 500, probability: 1 });
    for (let i = 0; i < 5; i++)
      expect((await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce', outsideSpec: 'outage' })).status).toBe(
        500,
      );
  });

  test('a latency-only rule delays the real answer', async () => {
    const mock = harness();
    const rule = await addFault(mock, { path: '/v1/wallet-proof/nonce', latencyMs, times: 1 });
    expect(rule).toMatchObject({ latencyMs, reset: false, probability: 1, remaining: 1 });
    const { answer, elapsedMs } = await timed(() => mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' }));
    expect(answer.status).toBe(200);
    expect(elapsedMs).toBeGreaterThanOrEqual(latencyMs - timerSlackMs);
    expect((await mock.request({ method: 'GET', url: '/__mock/faults' })).body.faults).toEqual([]);
  });

  test('never disturbs the control plane', async () => {
    const mock = harness();
    await addFault(mock, { status: 500 });
    expect((await mock.request({ method: 'GET', url: '/__mock/health' })).status).toBe(200);
    expect((await mock.request({ method: 'DELETE', url: '/__mock/faults' })).status).toBe(204);
  });
});

describe('request journal', () => {
  test('records API requests with method, path, status and operation id, newest last, not control calls', async () => {
    const mock = harness();
    await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce?x=secret' });
    await mock.request({ method: 'GET', url: '/v1/session/current' });
    await mock.request({ method: 'GET', url: '/v1/nowhere' });
    const journal = await mock.request({ method: 'GET', url: '/__mock/requests' });
    expect(
      journal.body.requests.map(({ method, path, status, operationId }: Record<string, unknown>) => ({
        method,
        path,
        status,
        operationId,
      })),
    ).toEqual([
      { method: 'GET', path: '/v1/wallet-proof/nonce', status: 200, operationId: 'getWalletNonce' },
      { method: 'GET', path: '/v1/session/current', status: 401, operationId: 'getCurrentSession' },
      { method: 'GET', path: '/v1/nowhere', status: 404, operationId: null },
    ]);
  });

  test('is bounded by --journal-size', async () => {
    const mock = harness({ config: { journalSize: 3 } });
    for (let i = 0; i < 5; i++) await mock.request({ method: 'GET', url: `/v1/nowhere-${i}` });
    const journal = await mock.request({ method: 'GET', url: '/__mock/requests' });
    expect(journal.body.requests.map((entry: { path: string }) => entry.path)).toEqual([
      '/v1/nowhere-2',
      '/v1/nowhere-3',
      '/v1/nowhere-4',
    ]);
  });
});

describe('CORS', () => {
  const origin = 'http://frontend.test:5173';

  test('every answer allows any origin by default and exposes the headers a client reads', async () => {
    const mock = harness();
    for (const call of [
      { method: 'GET' as const, url: '/v1/wallet-proof/nonce' },
      { method: 'GET' as const, url: '/v1/session/current' },
      { method: 'GET' as const, url: '/v1/nowhere' },
      { method: 'PUT' as const, url: '/v1/session' },
      { method: 'GET' as const, url: '/v1/session/current', headers: { prefer: 'code=404' } },
    ]) {
      const answer = await mock.request({ ...call, headers: { ...call.headers, origin } });
      expect(answer.headers['access-control-allow-origin'], `${call.method} ${call.url}`).toBe('*');
      const exposed = answer.headers['access-control-expose-headers']!.toLowerCase().split(/,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(['www-authenticate', 'retry-after', 'preference-applied']));
    }
  });

  test('a simulated outage carries CORS headers too', async () => {
    const mock = harness();
    await mock.request({ method: 'POST', url: '/__mock/faults', json: { status: 503 } });
    const answer = await mock.request({
      method: 'GET',
      url: '/v1/session/current',
      headers: { origin },
      outsideSpec: 'outage',
    });
    expect(answer.status).toBe(503);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  test('a preflight names Authorization, X-API-KEY, Content-Type and Prefer explicitly', async () => {
    const mock = harness();
    const answer = await mock.raw({
      method: 'OPTIONS',
      url: '/v1/session',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-api-key,content-type,prefer',
      },
    });
    expect(answer.status).toBeLessThan(300);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    const allowed = answer.headers['access-control-allow-headers']!.toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'x-api-key', 'content-type', 'prefer']));
    expect(allowed).not.toContain('*');
    expect(answer.headers['access-control-allow-methods']!.split(/,\s*/)).toEqual(
      expect.arrayContaining(['GET', 'POST', 'DELETE']),
    );
  });

  test.for<Record<string, string>>([{}, { origin }, { 'access-control-request-method': 'POST' }])(
    'an OPTIONS request that is no full preflight (%o) answers 204, never a plain-text error',
    async (headers) => {
      const mock = harness();
      const answer = await mock.raw({ method: 'OPTIONS', url: '/v1/session', headers });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
    },
  );

  test('a preflight is not disturbed by a catch-all fault rule', async () => {
    const mock = harness();
    await mock.request({ method: 'POST', url: '/__mock/faults', json: { status: 503 } });
    const answer = await mock.raw({
      method: 'OPTIONS',
      url: '/v1/session',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(answer.status).toBeLessThan(300);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  test('with --cors-origin only the listed origins are allowed', async () => {
    const mock = harness({ config: { corsOrigins: [origin] } });
    const allowed = await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce', headers: { origin } });
    expect(allowed.headers['access-control-allow-origin']).toBe(origin);
    const refused = await mock.request({
      method: 'GET',
      url: '/v1/wallet-proof/nonce',
      headers: { origin: 'http://evil.test' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('--seed', () => {
  async function script(mock: Harness) {
    const wallet = '0x' + '5'.repeat(40);
    const host = await mock.create({}, wallet);
    const guest = await mock.join(host.sessionId, '0x' + '6'.repeat(40));
    const random = await mock.request({ method: 'POST', url: '/__mock/wallet-token', json: {} });
    const nonce = await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' });
    return {
      sessionId: host.sessionId,
      hostId: host.id,
      hostName: host.body.credentials.pseudonym,
      guestId: guest.id,
      guestName: guest.body.credentials.pseudonym,
      address: random.body.address,
      nonce: nonce.body.nonce,
    };
  }

  test('the same seed gives the same ids, pseudonyms, addresses and nonces', async () => {
    const first = await script(harness({ config: { seed: 42 } }));
    const second = await script(harness({ config: { seed: 42 } }));
    expect(second).toEqual(first);
    const other = await script(harness({ config: { seed: 43 } }));
    expect(other.sessionId).not.toBe(first.sessionId);
  });

  test('reset seeds again, so the same calls give the same data', async () => {
    const mock = harness({ config: { seed: 42 } });
    const first = await script(mock);
    expect((await mock.request({ method: 'POST', url: '/__mock/reset' })).status).toBe(204);
    expect(await script(mock)).toEqual(first);
  });

  test('without a seed two mocks differ', async () => {
    const first = await script(harness());
    const second = await script(harness());
    expect(second.sessionId).not.toBe(first.sessionId);
  });
});

test('a random wallet address helper gives valid addresses (harness sanity)', () => {
  expect(randomAddress()).toMatch(/^0x[0-9a-f]{40}$/);
});
