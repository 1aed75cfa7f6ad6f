/**
 * SIGTERM with the real process (mock/main.ts), as a replica behind a load balancer gets it (README, "Run it
 * for a team"): a request in flight finishes and closes its connection, a new connection is refused, a SignalR
 * client is told to reconnect (close message with allowReconnect), and the process exits 0.
 */
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, onTestFinished, test } from 'vitest';
import { spawnProcess } from '../contracts/runner/processes.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

async function call(
  origin: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
) {
  const response = await request(`${origin}${path}`, {
    method: method as 'GET',
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe('SIGTERM', () => {
  test('finishes the request in flight, refuses new connections, lets hub clients reconnect, exits 0', async () => {
    const env = { ...process.env };
    for (const name of ['PORT', 'HOST', 'MOCK_API_KEYS', 'MOCK_CONTROL_TOKEN']) delete env[name];
    const mock = spawnProcess({
      name: 'mock/main.ts',
      command: process.execPath,
      args: ['--import', 'tsx', main, '--port', '0', '--log-level', 'warn'],
      env,
    });
    onTestFinished(() => mock.stop());
    const origin = (await mock.waitForOutput(/listening on (http:\/\/\S+)/, 30_000))[1]!;

    const wallet = await call(origin, 'POST', '/__mock/wallet-token', {}, {});
    const created = await call(
      origin,
      'POST',
      '/v1/session',
      { authorization: `Bearer ${wallet.body.token}`, 'x-api-key': 'mock-api-key' },
      { identity: { name: 'Ada' } },
    );
    expect(created.status).toBe(200);
    const token: string = created.body.credentials.token;

    // A SignalR client with automatic reconnect: a close that allows reconnection makes it reconnect.
    const connection = new HubConnectionBuilder()
      .withUrl(`${origin}/v1/hubs/session`, {
        accessTokenFactory: () => token,
        transport: HttpTransportType.WebSockets,
      })
      .withAutomaticReconnect([60_000])
      .configureLogging(LogLevel.None)
      .build();
    const reconnecting = new Promise<Error | undefined>((resolve) => connection.onreconnecting(resolve));
    const closedForGood = new Promise<Error | undefined>((resolve) => connection.onclose(resolve));
    await connection.start();
    onTestFinished(() => connection.stop());

    // A slow request: held 3 s by a fault rule, then answered with its status.
    const rule = await call(
      origin,
      'POST',
      '/__mock/faults',
      {},
      {
        method: 'GET',
        path: '/v1/session/current',
        status: 429,
        latencyMs: 3000,
        times: 1,
      },
    );
    expect(rule.status).toBe(201);
    const slow = call(origin, 'GET', '/v1/session/current', { authorization: `Bearer ${token}` });
    // In flight once its rule has fired (a rule of `times: 1` is gone then).
    await expect
      .poll(async () => (await call(origin, 'GET', '/__mock/faults')).body.faults.length, { timeout: 20_000 })
      .toBe(0);

    mock.signal('SIGTERM');

    const error = await Promise.race([reconnecting, closedForGood.then(() => new Error('closed without reconnect'))]);
    expect(error?.message).toMatch(/shutting down/);
    // The port no longer takes connections.
    await expect(call(origin, 'GET', '/healthz')).rejects.toThrow(/ECONNREFUSED|other side closed|socket/i);
    // The request in flight got its answer, as its connection's last.
    const answered = await slow;
    expect(answered.status).toBe(429);
    expect(answered.headers.connection).toBe('close');
    expect((await mock.exited).code).toBe(0);
  });
});
