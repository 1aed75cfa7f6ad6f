/**
 * One table of requests, sent straight to the core and over HTTP through the
 * node:http adapter: both must give the same status, the same headers that matter
 * and the same body (ids and tokens aside), each checked against the spec.
 */
import { describe, expect, test } from 'vitest';
import { apiKey, harness, type Answer, type Call, type Harness } from '../testing/harness.ts';

/** What a row sends, given a fresh wallet token of the same mock. */
type Row = readonly [name: string, call: (walletToken: string) => Call];

const rows: readonly Row[] = [
  ['a nonce', () => ({ method: 'GET', url: '/v1/wallet-proof/nonce' })],
  ['a create without credentials: 401 with WWW-Authenticate', () => ({ method: 'POST', url: '/v1/session', json: {} })],
  [
    'a create with a wrong token: 401',
    () => ({
      method: 'POST',
      url: '/v1/session',
      headers: { authorization: 'Bearer x', 'x-api-key': apiKey },
      json: {},
    }),
  ],
  [
    'a create',
    (token) => ({
      method: 'POST',
      url: '/v1/session',
      headers: { authorization: `Bearer ${token}`, 'x-api-key': apiKey },
      json: {},
    }),
  ],
  [
    'a body past the limit with a media type that is not JSON: 413',
    (token) => ({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      payload: 'x'.repeat(2048),
    }),
  ],
  [
    'a body that is not JSON: 415',
    (token) => ({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      payload: 'hello',
    }),
  ],
  [
    'broken JSON: 400',
    (token) => ({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{',
    }),
  ],
  [
    'a body that breaks the schema: 422',
    (token) => ({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${token}` },
      json: { sessionId: 7 },
    }),
  ],
  [
    'an unknown session: 404',
    (token) => ({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${token}` },
      json: { sessionId: 'nope' },
    }),
  ],
  ['verify: every failure is 400', () => ({ method: 'POST', url: '/v1/wallet-proof/verify', json: {} })],
  ['a method the path does not serve: 405 with Allow', () => ({ method: 'PUT', url: '/v1/session/current' })],
  ['an unknown path: 404', () => ({ method: 'GET', url: '/v1/nowhere' })],
  [
    'an unknown path with a Prefer it cannot honour: 400',
    () => ({
      method: 'GET',
      url: '/v1/nowhere',
      headers: { prefer: 'latency=1e3' },
      outsideSpec: 'a refused preference',
    }),
  ],
  ['HEAD of a GET operation: no body', () => ({ method: 'HEAD', url: '/v1/wallet-proof/nonce' })],
  [
    'an OPTIONS preflight',
    () => ({
      method: 'OPTIONS',
      url: '/v1/session',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    }),
  ],
  [
    'Prefer: code=401 previews the documented answer',
    () => ({ method: 'GET', url: '/v1/session/current', headers: { prefer: 'code=401' }, outsideSpec: 'a preview' }),
  ],
  [
    'Prefer: an invalid latency is 400',
    () => ({
      method: 'GET',
      url: '/v1/session/current',
      headers: { prefer: 'latency=soon' },
      outsideSpec: 'a refused preference',
    }),
  ],
  [
    'an invalid namespace: 400 naming the header',
    () => ({
      method: 'GET',
      url: '/v1/wallet-proof/nonce',
      headers: { 'x-mock-namespace': 'no spaces' },
      outsideSpec: 'the namespace header',
    }),
  ],
  ['a control call: the clock', () => ({ method: 'GET', url: '/__mock/clock' })],
  [
    'a control call that adds a fault',
    () => ({ method: 'POST', url: '/__mock/faults', json: { path: '/v1/session/disconnect', status: 503, times: 1 } }),
  ],
  ['the fault answers', () => ({ method: 'POST', url: '/v1/session/disconnect', outsideSpec: 'an injected outage' })],
  [
    'a control call with a bad body: 400',
    () => ({ method: 'POST', url: '/__mock/clock', json: { advanceSeconds: -1 } }),
  ],
];

/** The parts of an answer that must agree: status, the headers that carry meaning, the body without its ids. */
function comparable(answer: Answer) {
  const headers = [
    'content-type',
    'www-authenticate',
    'allow',
    'retry-after',
    'preference-applied',
    'access-control-allow-origin',
    'access-control-allow-methods',
    'access-control-allow-headers',
  ].map((name) => [name, answer.headers[name]] as const);
  const body = answer.text.replace(
    /"(token|sessionId|id|message|nonce|pseudonym|name|expiry|createdAt|now)":("[^"]*"|\d+)/g,
    '"$1":_',
  );
  return { status: answer.status, headers: Object.fromEntries(headers), body };
}

async function runAll(mock: Harness) {
  const { token } = await mock.walletToken();
  const answers = [];
  for (const [name, call] of rows) answers.push([name, comparable(await mock.request(call(token)))] as const);
  return answers;
}

describe('the node:http adapter and the core answer alike', () => {
  test('every row of the table gives the same status, headers and body directly and over a socket', async () => {
    const config = { bodyLimitBytes: 1024 };
    const direct = await runAll(harness({ config }));
    const overHttp = await runAll(harness({ config, socket: true }));
    expect(overHttp).toEqual(direct);
    const statuses = Object.fromEntries(direct.map(([name, answer]) => [name, answer.status]));
    expect(Object.values(statuses)).toEqual([
      200, 401, 401, 200, 413, 415, 400, 422, 404, 400, 405, 404, 400, 200, 204, 401, 400, 400, 200, 201, 503, 400,
    ]);
    expect(direct[1]![1].headers['www-authenticate']).toMatch(/^ApiKey/);
    expect(direct[10]![1].headers.allow).toBe('GET, HEAD, DELETE');
  });
});

describe('request targets that are no path', () => {
  test('http://%zz/ gets a problem+json 400 over the socket, never another body', async () => {
    const mock = harness({ socket: true });
    const origin = new URL(await mock.origin());
    const { connect } = await import('node:net');
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(origin.port), '127.0.0.1', () =>
        socket.write('GET http://%zz/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      );
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400 });
  });
});
