/**
 * Limits with clear answers instead of exhaustion: headers past Node's 16 KiB
 * (431), clients that send too slowly (408 or a closed connection), the caps on
 * live sessions and pending nonces (503 with Retry-After), and memory given back
 * once expired sessions and nonces are swept. The mock is built in process and
 * listens on 127.0.0.1, port 0; each test closes it.
 */
import net from 'node:net';
import { request } from 'undici';
import { describe, expect, onTestFinished, test } from 'vitest';
import { configDefaults, type MockConfig } from '../config.ts';
import { buildMock, type Mock } from './app.ts';
import { ApiDescription, sessionApiFile } from '../../spec/index.ts';

const api = ApiDescription.fromFile(sessionApiFile, 'session-api');

async function listening(overrides: Partial<MockConfig> = {}, realNowMs?: () => number): Promise<{ origin: string; mock: Mock; port: number }> {
  const mock = buildMock(Object.freeze({ ...configDefaults, logLevel: 'silent', ...overrides }), realNowMs ? { realNowMs } : {});
  onTestFinished(() => mock.app.close());
  const origin = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  return { origin, mock, port: Number(new URL(origin).port) };
}

async function send(origin: string, method: 'GET' | 'POST' | 'DELETE', path: string, options: { headers?: Record<string, string>; json?: unknown } = {}) {
  const response = await request(`${origin}${path}`, {
    method,
    headers: { ...(options.json === undefined ? {} : { 'content-type': 'application/json' }), ...(options.headers ?? {}) },
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  const body = await response.body.text();
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: response.statusCode, headers, body };
}

/** Writes `head` on a raw socket, then `trickle` one byte at a time; answers what came back once the server closed. */
function slowClient(port: number, head: string, trickle: string, everyMs: number): Promise<{ closedByServer: boolean; response: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean) => {
      clearInterval(timer);
      socket.destroy();
      resolve({ closedByServer, response });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write(head);
      // Bounded: once the trickle is spent, the server has failed to cut us off.
      timer = setInterval(() => {
        if (sent >= trickle.length) return finish(false);
        socket.write(trickle[sent++]!);
      }, everyMs);
    });
  });
}

async function mintWallet(origin: string): Promise<string> {
  return JSON.parse((await send(origin, 'POST', '/__mock/wallet-token', { json: {} })).body).token;
}

async function createSession(origin: string, wallet: string, rules: Record<string, unknown> = {}) {
  return send(origin, 'POST', '/v1/session', { headers: { authorization: `Bearer ${wallet}`, 'x-api-key': 'mock-api-key' }, json: { rules } });
}

describe('headers past the limit', () => {
  test('a request whose headers pass 16 KiB is answered 431 as problem+json, and the connection is closed', async () => {
    const { origin } = await listening();
    const answer = await send(origin, 'GET', '/v1/wallet-proof/nonce', { headers: { 'x-padding': 'p'.repeat(20 * 1024) } });
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers.connection).toBe('close');
    expect(api.schema('Problem')(JSON.parse(answer.body))).toBe(true);
  });

  test('after a 431 the same client can go on (its next request does not land in a reset connection)', async () => {
    const { origin } = await listening();
    const statuses: number[] = [];
    for (let round = 0; round < 20; round++) {
      statuses.push((await send(origin, 'GET', '/v1/wallet-proof/nonce', { headers: { 'x-padding': 'p'.repeat(20 * 1024) } })).status);
      statuses.push((await send(origin, 'GET', '/v1/wallet-proof/nonce')).status);
    }
    expect(statuses.filter((status) => status === 431)).toHaveLength(20);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
  });
});

describe('bytes that are not HTTP', () => {
  test('a request line that is not HTTP/1.1 is answered 400 as problem+json, and the connection is closed', async () => {
    const { port } = await listening();
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let text = '';
      const limit = setTimeout(() => socket.destroy(), 10_000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => {
        clearTimeout(limit);
        resolve(text);
      });
      socket.on('error', () => {});
      socket.on('connect', () => socket.write('\u0000\u0001GARBAGE \xff\r\n\r\n'));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toMatch(/connection: close/i);
    expect(api.schema('Problem')(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)))).toBe(true);
  });
});

describe('slow clients', () => {
  test('a client that trickles its headers is cut off with 408 instead of holding the connection', async () => {
    const { port } = await listening({ requestTimeoutMs: 1000 });
    const result = await slowClient(port, 'GET /v1/wallet-proof/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: ' + 'a'.repeat(200), 100);
    expect(result.closedByServer).toBe(true);
    expect(result.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.response).toMatch(/content-type: application\/problem\+json/i);
  });

  test('a client that trickles its body is cut off with 408 instead of holding the connection', async () => {
    const { port } = await listening({ requestTimeoutMs: 1000 });
    const head = 'POST /v1/session/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n';
    const result = await slowClient(port, head, '{"sessionId":"' + 'a'.repeat(184) + '"}', 100);
    expect(result.closedByServer).toBe(true);
    expect(result.response).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('a client that connects and says nothing is disconnected', async () => {
    const { port } = await listening({ requestTimeoutMs: 1000 });
    // The trickle is empty: the client writes nothing after connecting, for at most 15 s.
    const result = await new Promise<{ closedByServer: boolean }>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      const limit = setTimeout(() => {
        socket.destroy();
        resolve({ closedByServer: false });
      }, 15_000);
      socket.on('close', () => {
        clearTimeout(limit);
        resolve({ closedByServer: true });
      });
      socket.on('error', () => {});
    });
    expect(result.closedByServer).toBe(true);
  });
});

describe('caps on live sessions and pending nonces', () => {
  test('past --max-sessions a create is a 503 with Retry-After, as the spec documents; it works again once expired sessions are swept', async () => {
    let now = 1_795_000_000_000;
    const { origin } = await listening({ maxSessions: 3 }, () => now);
    const wallet = await mintWallet(origin);
    for (let index = 0; index < 3; index++) expect((await createSession(origin, wallet, { expiryDurationInSeconds: 60 })).status).toBe(200);
    const refused = await createSession(origin, wallet);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(api.checkResponse('createSession', refused)).toEqual([]);
    expect(JSON.parse(refused.body).type).toBe('urn:session-api:problem:server-at-capacity');

    // Past expiry plus the hour a session token outlives its session, the records may go.
    now += (60 + 3600 + 1) * 1000;
    const fresh = await mintWallet(origin);
    expect((await createSession(origin, fresh)).status).toBe(200);
  });

  test('past --max-nonces a nonce is a 503 with Retry-After; expired nonces make room again', async () => {
    let now = 1_795_000_000_000;
    const { origin } = await listening({ maxNonces: 5, nonceTtlSeconds: 60 }, () => now);
    for (let index = 0; index < 5; index++) expect((await send(origin, 'GET', '/v1/wallet-proof/nonce')).status).toBe(200);
    const refused = await send(origin, 'GET', '/v1/wallet-proof/nonce');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(api.checkResponse('getWalletNonce', refused)).toEqual([]);
    now += 61_000;
    expect((await send(origin, 'GET', '/v1/wallet-proof/nonce')).status).toBe(200);
  });
});

describe('memory after a burst', () => {
  test('a burst of expired sessions and nonces is forgotten by the sweep: the full capacity is free again', async () => {
    let now = 1_795_000_000_000;
    const burst = 300;
    const mock = buildMock(Object.freeze({ ...configDefaults, logLevel: 'silent' as const, maxSessions: burst, maxNonces: burst }), { realNowMs: () => now });
    onTestFinished(() => mock.app.close());
    const inject = async (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
      mock.app.inject({ method, url, headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' }, payload: payload === undefined ? undefined : JSON.stringify(payload) });
    const wallet = JSON.parse((await inject('POST', '/__mock/wallet-token', {}, { ttlSeconds: 86_400 })).body).token as string;
    const fill = async () => {
      const statuses: number[] = [];
      for (let index = 0; index < burst; index++) {
        statuses.push((await inject('POST', '/v1/session', { authorization: `Bearer ${wallet}`, 'x-api-key': 'mock-api-key' }, { rules: { expiryDurationInSeconds: 60 } })).statusCode);
        statuses.push((await inject('GET', '/v1/wallet-proof/nonce')).statusCode);
      }
      return statuses;
    };
    expect((await fill()).every((status) => status === 200)).toBe(true);
    expect((await inject('GET', '/v1/wallet-proof/nonce')).statusCode).toBe(503);

    now += (60 + 3600 + 1) * 1000;
    await mock.service.sweep();
    expect((await mock.service.liveSessions()).length).toBe(0);
    // Everything the burst held is gone: the same burst fits again, to the last session and nonce.
    expect((await fill()).every((status) => status === 200)).toBe(true);
  }, 120_000);
});
