/**
 * The mock on a real loopback port, for tests that need a socket (the SignalR
 * hub, a browser): started on port 0, closed when the test file is done, with
 * small helpers that go through the public API and the control plane only.
 */
import { configDefaults, type MockConfig } from '../config.ts';
import { buildMock, type Mock } from '../http/app.ts';

export interface LiveMock extends Mock {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The Session API's base URL: origin + /v1. */
  readonly api: string;
  close(): Promise<void>;
  /** A JSON call; answers status and parsed body (undefined when empty). */
  call<T = any>(
    method: string,
    path: string,
    options?: { token?: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
  /** A wallet token for `address` (or a random wallet) from the control plane. */
  walletToken(address?: string): Promise<{ token: string; address: string }>;
  /** Creates a session as a fresh wallet; answers the create response. */
  createSession(rules?: Record<string, unknown>): Promise<SessionCredentials>;
  /** Joins as a fresh wallet; answers the join response. */
  joinSession(sessionId: string, password?: string): Promise<SessionCredentials>;
}

export interface SessionCredentials {
  sessionId: string;
  credentials: { token: string; id: string; pseudonym: string; role: string };
  [key: string]: unknown;
}

export async function startLiveMock(config: Partial<MockConfig> = {}): Promise<LiveMock> {
  const mock = buildMock({ ...configDefaults, logLevel: 'silent', port: 0, host: '127.0.0.1', ...config });
  await mock.app.listen({ port: 0, host: '127.0.0.1' });
  const address = mock.app.server.address();
  if (typeof address !== 'object' || address === null)
    throw new Error('Failed to start the live mock: it has no TCP address.');
  const origin = `http://127.0.0.1:${address.port}`;

  const call: LiveMock['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${origin}${path}`, {
      method,
      headers,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const expectOk = <T>(what: string, answer: { status: number; body: T }): T => {
    if (answer.status !== 200) throw new Error(`Failed to ${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const walletToken: LiveMock['walletToken'] = async (address) =>
    expectOk(
      'mint a wallet token',
      await call('POST', '/__mock/wallet-token', { json: address === undefined ? {} : { address } }),
    );

  return {
    ...mock,
    origin,
    api: `${origin}/v1`,
    close: () => mock.app.close(),
    call,
    walletToken,
    createSession: async (rules) => {
      const { token } = await walletToken();
      return expectOk(
        'create a session',
        await call('POST', '/v1/session', {
          token,
          headers: { 'x-api-key': configDefaults.apiKeys[0]! },
          json: rules === undefined ? {} : { rules },
        }),
      );
    },
    joinSession: async (sessionId, password) => {
      const { token } = await walletToken();
      return expectOk(
        'join a session',
        await call('POST', '/v1/session/join', {
          token,
          json: { sessionId, ...(password === undefined ? {} : { password }) },
        }),
      );
    },
  };
}
