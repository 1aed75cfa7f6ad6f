/**
 * The session hub against the official @microsoft/signalr client on a real port:
 * negotiate, handshake and events exactly as a frontend sees them.
 */
import { HubConnectionBuilder, HttpTransportType, LogLevel, type HubConnection } from '@microsoft/signalr';
import { afterAll, beforeAll, describe, expect, onTestFinished, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startLiveMock, type LiveMock } from '../testing/live-mock.ts';
import { eventErrors } from '../testing/session-event-schema.ts';
import { sessionEventTypes, type SessionEvent } from './session-events.ts';
import { hubLimits, textOf } from './session-hub.ts';

let mock: LiveMock;
beforeAll(async () => {
  mock = await startLiveMock();
});
afterAll(() => mock.close());

interface Listener {
  readonly connection: HubConnection;
  readonly events: SessionEvent[];
  /** What the official client logged as a warning or an error. */
  readonly logged: string[];
  /** Resolves with the close error (undefined for a clean close) once the connection ends. */
  readonly closed: Promise<Error | undefined>;
}

/** Connects the official client as the member holding `token`, recording every event it hears. */
async function listen(token: string): Promise<Listener> {
  const connection = new HubConnectionBuilder()
    .withUrl(`${mock.api}/hubs/session`, {
      accessTokenFactory: () => token,
      skipNegotiation: false,
      transport: HttpTransportType.WebSockets,
    })
    .configureLogging({ log: (level, message) => void (level >= LogLevel.Warning && logged.push(message)) })
    .build();
  const events: SessionEvent[] = [];
  const logged: string[] = [];
  for (const name of sessionEventTypes) connection.on(name, (payload: SessionEvent) => void events.push(payload));
  const closed = new Promise<Error | undefined>((resolve) => connection.onclose(resolve));
  await connection.start();
  onTestFinished(() => connection.stop());
  return { connection, events, logged, closed };
}

const user = (
  credentials: { credentials: { id: string; role: string; pseudonym: string } },
  extra: Record<string, unknown> = {},
) =>
  expect.objectContaining({
    id: credentials.credentials.id,
    role: credentials.credentials.role,
    name: credentials.credentials.pseudonym,
    ...extra,
  });

describe('session hub: events of a host and two guests', () => {
  test('every member hears UserAdded, UserRemoved (kick, disconnect) and SessionDestroyed, in order', async () => {
    const host = await mock.createSession();
    const { sessionId } = host;
    const first = await mock.joinSession(sessionId);
    const hostListener = await listen(host.credentials.token);
    const firstListener = await listen(first.credentials.token);

    const second = await mock.joinSession(sessionId);
    const secondListener = await listen(second.credentials.token);
    // The second guest is connected only once it can hear; the kick it then hears proves it.
    expect(
      (
        await mock.call('POST', '/v1/session/current/kick', {
          token: host.credentials.token,
          json: { userId: second.credentials.id },
        })
      ).status,
    ).toBe(200);
    const secondClosed = await secondListener.closed;
    expect(secondClosed?.message).toMatch(/kicked/);

    expect((await mock.call('POST', '/v1/session/disconnect', { token: first.credentials.token })).status).toBe(200);
    const firstClosed = await firstListener.closed;
    expect(firstClosed?.message).toMatch(/left/);

    expect((await mock.call('DELETE', '/v1/session/current', { token: host.credentials.token })).status).toBe(200);
    // SessionDestroyed says why; the close is a normal one, which the official client does not log as an error.
    expect(await hostListener.closed).toBeUndefined();
    expect(hostListener.logged).toEqual([]);

    expect(hostListener.events).toEqual([
      { sessionId, eventType: 'UserAdded', data: user(second) },
      { sessionId, eventType: 'UserRemoved', data: user(second, { reason: 'kicked' }) },
      { sessionId, eventType: 'UserRemoved', data: user(first, { reason: 'left' }) },
      { sessionId, eventType: 'SessionDestroyed', data: {} },
    ]);
    expect(firstListener.events).toEqual([
      { sessionId, eventType: 'UserAdded', data: user(second) },
      { sessionId, eventType: 'UserRemoved', data: user(second, { reason: 'kicked' }) },
      { sessionId, eventType: 'UserRemoved', data: user(first, { reason: 'left' }) },
    ]);
    // The kicked guest hears its own removal, then its connection is closed.
    expect(secondListener.events).toEqual([
      { sessionId, eventType: 'UserRemoved', data: user(second, { reason: 'kicked' }) },
    ]);
    for (const event of hostListener.events) expect(eventErrors(event)).toEqual([]);
    expect(hostListener.events[0]!.data).toEqual({
      id: second.credentials.id,
      role: 'guest',
      name: second.credentials.pseudonym,
      address: expect.stringMatching(/^0x[0-9a-f]{40}$/),
    });
  });

  test('every member hears SessionExpired when the virtual clock passes the expiry, then is disconnected', async () => {
    const host = await mock.createSession({ expiryDurationInSeconds: 120 });
    const guests = [await mock.joinSession(host.sessionId), await mock.joinSession(host.sessionId)];
    const listeners = [
      await listen(host.credentials.token),
      ...(await Promise.all(guests.map((guest) => listen(guest.credentials.token)))),
    ];
    const session = await mock.call('GET', '/v1/session/current', { token: host.credentials.token });

    expect((await mock.call('POST', '/__mock/clock', { json: { advanceSeconds: 121 } })).status).toBe(200);
    for (const listener of listeners) {
      expect(await listener.closed).toBeUndefined();
      expect(listener.logged).toEqual([]);
      expect(listener.events).toEqual([
        { sessionId: host.sessionId, eventType: 'SessionExpired', data: { expiry: session.body.expiry } },
      ]);
      expect(eventErrors(listener.events[0]!)).toEqual([]);
    }
  });

  test('expiry is also noticed without a control call: the hub looks at the clock on a timer', async () => {
    const host = await mock.createSession({ expiryDurationInSeconds: 60 });
    const listener = await listen(host.credentials.token);
    // Straight on the clock, as time passing would: no control request tells the hub.
    await mock.call('POST', '/__mock/clock', { json: { advanceSeconds: 60 } });
    expect(await listener.closed).toBeUndefined();
    expect(listener.events.map((event) => event.eventType)).toEqual(['SessionExpired']);
  });

  test('a reset of the mock closes every hub connection', async () => {
    const host = await mock.createSession();
    const listener = await listen(host.credentials.token);
    expect((await mock.call('POST', '/__mock/reset')).status).toBe(204);
    expect((await listener.closed)?.message).toMatch(/reset/);
    expect(listener.events).toEqual([]);
  });

  test('a rejoin of an active member changes nothing, so no one hears of it', async () => {
    const host = await mock.createSession();
    const { token } = await mock.walletToken();
    const join = () => mock.call('POST', '/v1/session/join', { token, json: { sessionId: host.sessionId } });
    const hostListener = await listen(host.credentials.token);
    expect((await join()).status).toBe(200);
    expect((await join()).status).toBe(200);
    // The kick afterwards marks the end: everything before it has arrived.
    const guest = (await join()).body;
    await mock.call('POST', '/v1/session/current/kick', {
      token: host.credentials.token,
      json: { userId: guest.credentials.id },
    });
    await vi.waitFor(() => expect(hostListener.events).toHaveLength(2), { timeout: 10_000 });
    expect(hostListener.events.map((event) => event.eventType)).toEqual(['UserAdded', 'UserRemoved']);
  });
});

describe('session hub: namespaces', () => {
  const teamA = { 'x-mock-namespace': 'team-a' };
  /** A member of a session in team-a: the wallet token and the call both name the world. */
  async function inTeamA(path: '/v1/session' | '/v1/session/join', json: unknown) {
    const wallet = await mock.call('POST', '/__mock/wallet-token', { json: {}, headers: teamA });
    const extra: Record<string, string> = path === '/v1/session' ? { 'x-api-key': 'mock-api-key' } : {};
    const answer = await mock.call('POST', path, { token: wallet.body.token, json, headers: { ...teamA, ...extra } });
    expect(answer.status).toBe(200);
    return answer.body as { sessionId: string; credentials: { token: string; id: string } };
  }

  test('a token minted in team-a hears its world with no header; a client in default hears none of it', async () => {
    const host = await inTeamA('/v1/session', {});
    const guest = await inTeamA('/v1/session/join', { sessionId: host.sessionId });
    // The official client sends no X-Mock-Namespace: the token says which world it belongs to.
    const teamAListener = await listen(host.credentials.token);
    const elsewhere = await mock.createSession();
    const defaultListener = await listen(elsewhere.credentials.token);

    const late = await inTeamA('/v1/session/join', { sessionId: host.sessionId });
    const kicked = await mock.call('POST', '/v1/session/current/kick', {
      token: host.credentials.token,
      json: { userId: guest.credentials.id },
      headers: teamA,
    });
    expect(kicked.status).toBe(200);
    await vi.waitFor(() => expect(teamAListener.events).toHaveLength(2), { timeout: 10_000 });
    expect(teamAListener.events).toEqual([
      expect.objectContaining({
        sessionId: host.sessionId,
        eventType: 'UserAdded',
        data: expect.objectContaining({ id: late.credentials.id }),
      }),
      expect.objectContaining({
        eventType: 'UserRemoved',
        data: expect.objectContaining({ id: guest.credentials.id }),
      }),
    ]);
    // A join in default marks the end: had team-a's events leaked here, they would have come before it.
    const own = await mock.joinSession(elsewhere.sessionId);
    await vi.waitFor(() => expect(defaultListener.events.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(defaultListener.events).toEqual([
      expect.objectContaining({
        sessionId: elsewhere.sessionId,
        eventType: 'UserAdded',
        data: expect.objectContaining({ id: own.credentials.id }),
      }),
    ]);
    // A reset of default leaves team-a's connection open (it still hears a join); team-a's own reset closes it.
    expect((await mock.call('POST', '/__mock/reset')).status).toBe(204);
    expect((await defaultListener.closed)?.message).toMatch(/reset/);
    await inTeamA('/v1/session/join', { sessionId: host.sessionId });
    await vi.waitFor(() => expect(teamAListener.events).toHaveLength(3), { timeout: 10_000 });
    expect((await mock.call('POST', '/__mock/reset', { headers: teamA })).status).toBe(204);
    expect((await teamAListener.closed)?.message).toMatch(/reset/);
  });
});

describe('session hub: authentication and protocol', () => {
  const negotiate = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${mock.api}/hubs/session/negotiate?negotiateVersion=1${query}`, { method: 'POST', headers });

  test('negotiate answers a connection token and WebSockets/Text to a session token in query or header', async () => {
    const host = await mock.createSession();
    for (const answer of [
      await negotiate(`&access_token=${host.credentials.token}`),
      await negotiate('', { authorization: `Bearer ${host.credentials.token}` }),
    ]) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({
        negotiateVersion: 1,
        connectionId: expect.any(String),
        connectionToken: expect.any(String),
        availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text'] }],
      });
    }
  });

  test.for<[string, string]>([
    ['no token', ''],
    ['a malformed token', '&access_token=not-a-jwt'],
  ])('negotiate refuses %s with 401 and a Bearer challenge', async ([, query]) => {
    const answer = await negotiate(query);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('Prefer: code= does not apply to negotiate, which is no operation of the spec', async () => {
    const host = await mock.createSession();
    const answer = await negotiate(`&access_token=${host.credentials.token}`, { prefer: 'code=401' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('preference-applied')).toBeNull();
  });

  test('a wallet token is not a session token: 401', async () => {
    const { token } = await mock.walletToken();
    expect((await negotiate(`&access_token=${token}`)).status).toBe(401);
  });

  test('the official client cannot start without a valid token', async () => {
    const connection = new HubConnectionBuilder()
      .withUrl(`${mock.api}/hubs/session`, {
        accessTokenFactory: () => 'forged',
        transport: HttpTransportType.WebSockets,
      })
      .configureLogging(LogLevel.None)
      .build();
    await expect(connection.start()).rejects.toThrow(/401/);
  });

  /** A raw WebSocket, as a browser opens it: the token in ?access_token=. */
  function rawSocket(query: string): Promise<{ socket: WebSocket; frames: string[]; status?: number }> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`${mock.api.replace('http', 'ws')}/hubs/session?${query}`);
      const frames: string[] = [];
      socket.on('message', (data) => frames.push(textOf(data)));
      socket.on('open', () => resolve({ socket, frames }));
      socket.on('unexpected-response', (_request, response) => {
        resolve({ socket, frames, status: response.statusCode! });
        response.resume();
        socket.terminate();
      });
      socket.on('error', () => {});
      onTestFinished(() => socket.terminate());
    });
  }

  test('a raw WebSocket with ?access_token= completes the handshake and hears events', async () => {
    const host = await mock.createSession();
    const { connectionToken } = await (await negotiate(`&access_token=${host.credentials.token}`)).json();
    const { socket, frames } = await rawSocket(
      `id=${connectionToken}&access_token=${encodeURIComponent(host.credentials.token)}`,
    );
    socket.send('{"protocol":"json","version":1}\u001e');
    await vi.waitFor(() => expect(frames).toEqual(['{}\u001e']), { timeout: 10_000 });
    const guest = await mock.joinSession(host.sessionId);
    await vi.waitFor(() => expect(frames).toHaveLength(2), { timeout: 10_000 });
    expect(frames[1]!.endsWith('\u001e')).toBe(true);
    expect(JSON.parse(frames[1]!.slice(0, -1))).toEqual({
      type: 1,
      target: 'UserAdded',
      arguments: [{ sessionId: host.sessionId, eventType: 'UserAdded', data: user(guest) }],
    });
  });

  test('a connection id is good once: the second upgrade with it is refused with 404', async () => {
    const host = await mock.createSession();
    const { connectionToken } = await (await negotiate(`&access_token=${host.credentials.token}`)).json();
    const query = `id=${connectionToken}&access_token=${encodeURIComponent(host.credentials.token)}`;
    expect((await rawSocket(query)).status).toBeUndefined();
    expect((await rawSocket(query)).status).toBe(404);
  });

  test('an upgrade without a token is refused with 401; a deleted session with 404', async () => {
    expect((await rawSocket('')).status).toBe(401);
    const host = await mock.createSession();
    await mock.call('DELETE', '/v1/session/current', { token: host.credentials.token });
    expect((await rawSocket(`access_token=${encodeURIComponent(host.credentials.token)}`)).status).toBe(404);
  });

  test('a wrong handshake is answered with an error and the socket closed', async () => {
    const host = await mock.createSession();
    const { socket, frames } = await rawSocket(`access_token=${encodeURIComponent(host.credentials.token)}`);
    const closed = new Promise<number>((resolve) => socket.on('close', resolve));
    socket.send('{"protocol":"messagepack","version":1}\u001e');
    expect(await closed).toBe(1002);
    expect(JSON.parse(frames[0]!.slice(0, -1)).error).toMatch(/messagepack/);
  });

  test('a client invocation gets an error completion: the hub only sends', async () => {
    const host = await mock.createSession();
    const { connection } = await listen(host.credentials.token);
    await expect(connection.invoke('SendMessage', 'hello')).rejects.toThrow(/no client-callable methods/);
  });

  /** A raw socket of a fresh session's host, its close code once it closes. */
  async function hostSocket() {
    const host = await mock.createSession();
    const raw = await rawSocket(`access_token=${encodeURIComponent(host.credentials.token)}`);
    const closed = new Promise<number>((resolve) => raw.socket.on('close', resolve));
    return { ...raw, host, closed };
  }
  const records = (frames: string[]) =>
    frames
      .join('')
      .split('\u001e')
      .filter(Boolean)
      .map((record) => JSON.parse(record));
  const health = async () => (await mock.call('GET', '/__mock/health')).body;

  test.for([
    '{"protocol":{"toString":1},"version":1}',
    '{"protocol":"json","version":{"toString":1}}',
    '{"protocol":["json"],"version":1}',
    '[]',
    'null',
    '"json"',
  ])(
    'a handshake %s is refused with an error and a protocol-error close, and the mock serves on',
    async (handshake) => {
      const { socket, frames, closed } = await hostSocket();
      socket.send(`${handshake}\u001e`);
      expect(await closed).toBe(1002);
      expect(records(frames)).toEqual([{ error: expect.stringMatching(/not available|not a JSON object/) }]);
      expect(await health()).toMatchObject({ status: 'ok', unexpectedErrors: 0 });
    },
  );

  test.for([
    ['a target that is an object', '{"type":1,"invocationId":"1","target":{"toString":1}}', /target is an object/],
    ['a type that is a string', '{"type":"1"}', /type is '1'/],
    [
      'an invocationId that is an object',
      '{"type":1,"invocationId":{"toString":1},"target":"x"}',
      /invocationId must be a string/,
    ],
    ['arguments that are an object', '{"type":1,"target":"x","arguments":{"length":1}}', /arguments are an object/],
    ['an array', '[1]', /not a JSON object/],
  ])('a message with %s closes the connection with its reason, and the mock serves on', async ([, message, reason]) => {
    const { socket, frames, closed } = await hostSocket();
    socket.send('{"protocol":"json","version":1}\u001e');
    await vi.waitFor(() => expect(frames).toHaveLength(1), { timeout: 10_000 });
    socket.send(`${message}\u001e`);
    expect(await closed).toBe(1002);
    expect(records(frames).at(-1)).toEqual({
      type: 7,
      error: expect.stringMatching(reason as RegExp),
      allowReconnect: false,
    });
    expect(await health()).toMatchObject({ status: 'ok', unexpectedErrors: 0 });
  });

  test(`a frame past ${hubLimits.maxRecordsPerFrame} messages is closed as a policy violation`, async () => {
    const { socket, frames, closed } = await hostSocket();
    socket.send('{"protocol":"json","version":1}\u001e');
    await vi.waitFor(() => expect(frames).toHaveLength(1), { timeout: 10_000 });
    socket.send('{"type":1,"invocationId":"1"}\u001e'.repeat(hubLimits.maxRecordsPerFrame + 1));
    expect(await closed).toBe(1008);
    // Not one completion was written for the frame.
    expect(records(frames).filter((record) => record.type === 3)).toEqual([]);
  });

  test(
    'a client that stops reading while it sends is cut off once its send queue passes the limit; the others ' +
      'keep hearing events',
    async () => {
      const { socket, frames, host, closed } = await hostSocket();
      const guest = await mock.joinSession(host.sessionId);
      const bystander = await listen(guest.credentials.token);
      socket.send('{"protocol":"json","version":1}\u001e');
      await vi.waitFor(() => expect(frames).toHaveLength(1), { timeout: 10_000 });
      const tcp = (socket as unknown as { _socket: import('node:net').Socket })._socket;
      tcp.pause();
      let cutOff = false;
      void closed.then(() => (cutOff = true));
      tcp.once('error', () => (cutOff = true));
      // Each frame asks for 64 completions; far more is sent than the kernel's buffers and the limit together hold.
      const frame = '{"type":1,"invocationId":"1"}\u001e'.repeat(hubLimits.maxRecordsPerFrame);
      const budget = (64 * 1024 * 1024) / frame.length;
      let sent = 0;
      while (!cutOff && sent < budget) {
        await new Promise<void>((resolve) => socket.send(frame, () => resolve()));
        sent++;
      }
      expect(cutOff, `still connected after ${sent} frames`).toBe(true);
      const late = await mock.joinSession(host.sessionId);
      await vi.waitFor(
        () =>
          expect(bystander.events.map((event) => (event.data as { id?: string }).id)).toContain(late.credentials.id),
        { timeout: 10_000 },
      );
      expect(await health()).toMatchObject({ status: 'ok', unexpectedErrors: 0 });
    },
  );
});
