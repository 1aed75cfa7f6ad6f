/**
 * The session hub across replicas: three mock processes (mock/main.ts) on one real
 * redis-server. A SignalR client on one replica hears each event caused on the
 * others once; an expiry reached by a clock move on one replica is announced once
 * (one `session-expired` on the world's Redis channel) and heard on the others; a
 * client may negotiate on one replica and open its WebSocket on another, or skip
 * negotiation. Each test works in a namespace of its own, so clock moves stay apart.
 */
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, onTestFinished, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { configDefaults } from '../config.ts';
import { startReplicas, type Replica } from '../testing/mock-replicas.ts';
import { startRedisServer, type RedisServer } from '../testing/redis-server.ts';
import { worldKeys } from '../world/redis/keys.ts';
import { sessionEventTypes, type SessionEvent } from './session-events.ts';
import { textOf } from './session-hub.ts';

const apiKey = configDefaults.apiKeys[0]!;
/** How long a listener waits after the last event it expects, to see that nothing more comes. */
const quietMs = 750;

let redis: RedisServer;
/** The origins of replicas A, B and C. */
let a: string, b: string, c: string;

let replicas: Replica[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  replicas = await startReplicas(3, redis.url);
  [a, b, c] = replicas.map((replica) => replica.origin) as [string, string, string];
}, 60_000);
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.process.stop()));
  await redis?.stop();
});

interface Credentials {
  readonly sessionId: string;
  readonly credentials: { token: string; id: string; role: string; pseudonym: string };
}

async function call(origin: string, method: string, path: string, namespace: string, token?: string, json?: unknown) {
  const headers: Record<string, string> = { 'x-mock-namespace': namespace, 'x-api-key': apiKey };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${origin}${path}`, {
    method,
    headers,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  if (response.status >= 300) throw new Error(`${method} ${path} on ${origin}: ${response.status} ${text}`);
  return body;
}

const walletToken = async (origin: string, namespace: string) =>
  ((await call(origin, 'POST', '/__mock/wallet-token', namespace, undefined, {})) as { token: string }).token;

async function createSession(origin: string, namespace: string, rules?: unknown): Promise<Credentials> {
  const token = await walletToken(origin, namespace);
  return call(origin, 'POST', '/v1/session', namespace, token, rules === undefined ? {} : { rules });
}

async function joinSession(origin: string, namespace: string, sessionId: string): Promise<Credentials> {
  const token = await walletToken(origin, namespace);
  return call(origin, 'POST', '/v1/session/join', namespace, token, { sessionId });
}

interface Listener {
  readonly events: SessionEvent[];
  readonly closed: Promise<Error | undefined>;
}

/** The official client on `origin` as the member holding `token`, recording every event it hears. */
async function listen(origin: string, token: string, skipNegotiation = false): Promise<Listener> {
  const connection = new HubConnectionBuilder()
    .withUrl(`${origin}/v1/hubs/session`, {
      accessTokenFactory: () => token,
      skipNegotiation,
      transport: HttpTransportType.WebSockets,
    })
    .configureLogging(LogLevel.None)
    .build();
  const events: SessionEvent[] = [];
  for (const name of sessionEventTypes) connection.on(name, (payload: SessionEvent) => void events.push(payload));
  const closed = new Promise<Error | undefined>((resolve) => connection.onclose(resolve));
  await connection.start();
  onTestFinished(() => connection.stop());
  return { events, closed };
}

/** Waits until `events` holds `count`, then `quietMs` more, and answers their types: a duplicate would show. */
async function settled(events: SessionEvent[], count: number): Promise<string[]> {
  await vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(count), { timeout: 15_000, interval: 20 });
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  return events.map((event) => `${event.eventType} ${(event.data as { id?: string }).id ?? ''}`.trim());
}

describe('the session hub on three replicas of one Redis', () => {
  test('a client on A hears each event caused on B and C exactly once, in order', async () => {
    const ns = 'hub-fan-out';
    const host = await createSession(b, ns);
    const { sessionId } = host;
    const onA = await listen(a, host.credentials.token);

    const first = await joinSession(b, ns, sessionId);
    const second = await joinSession(c, ns, sessionId);
    // The second guest listens on C: it hears the rest, its own removal included, from A's and B's calls too.
    const onC = await listen(c, second.credentials.token);
    await call(c, 'POST', '/v1/session/current/kick', ns, host.credentials.token, { userId: first.credentials.id });
    await call(b, 'POST', '/v1/session/disconnect', ns, second.credentials.token);

    expect(await settled(onA.events, 4)).toEqual([
      `UserAdded ${first.credentials.id}`,
      `UserAdded ${second.credentials.id}`,
      `UserRemoved ${first.credentials.id}`,
      `UserRemoved ${second.credentials.id}`,
    ]);
    expect(onA.events[3]!.data).toMatchObject({ reason: 'left' });
    expect((await onC.closed)?.message).toMatch(/left/);
    expect(onC.events.map((event) => event.eventType)).toEqual(['UserRemoved', 'UserRemoved']);

    await call(c, 'DELETE', '/v1/session/current', ns, host.credentials.token);
    expect(await onA.closed).toBeUndefined();
    expect(onA.events.map((event) => event.eventType).slice(4)).toEqual(['SessionDestroyed']);
    expect(onA.events.every((event) => event.sessionId === sessionId)).toBe(true);
  });

  test('a clock move on A expires a session once: one session-expired in Redis, one SessionExpired each', async () => {
    const ns = 'hub-expiry';
    const host = await createSession(a, ns, { expiryDurationInSeconds: 60 });
    const guests = [await joinSession(b, ns, host.sessionId), await joinSession(c, ns, host.sessionId)];
    const { expiry } = (await call(a, 'GET', '/v1/session/current', ns, host.credentials.token)) as { expiry: number };
    // A connection on every replica: each replica's hub claims the world's expiries, so all three contend.
    const listeners = [
      await listen(b, host.credentials.token),
      await listen(c, guests[0]!.credentials.token),
      await listen(a, guests[1]!.credentials.token),
    ];
    const announced: unknown[] = [];
    const subscriber = new Redis(redis.url);
    onTestFinished(() => void subscriber.disconnect());
    subscriber.on('message', (_channel: string, message: string) => {
      const event = JSON.parse(message) as { kind: string };
      if (event.kind === 'session-expired') announced.push(event);
    });
    await subscriber.subscribe(worldKeys('mock', ns).events);

    await call(a, 'POST', '/__mock/clock', ns, undefined, { advanceSeconds: 61 });
    for (const listener of listeners) {
      expect(await listener.closed).toBeUndefined();
      expect(listener.events).toEqual([{ sessionId: host.sessionId, eventType: 'SessionExpired', data: { expiry } }]);
    }
    // Two more ticks of every replica's claim (1 s each) after the last client heard it: no second announcement.
    await new Promise((resolve) => setTimeout(resolve, 2000 + quietMs));
    expect(announced).toEqual([{ kind: 'session-expired', sessionId: host.sessionId, expiry }]);
  });

  test('a client may negotiate on A and open its WebSocket on B; the connection token is good once', async () => {
    const ns = 'hub-negotiate';
    const host = await createSession(a, ns);
    const negotiated = await fetch(`${a}/v1/hubs/session/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.credentials.token}` },
    });
    expect(negotiated.status).toBe(200);
    const { connectionToken } = (await negotiated.json()) as { connectionToken: string };
    const token = encodeURIComponent(host.credentials.token);
    const query = `id=${encodeURIComponent(connectionToken)}&access_token=${token}`;

    const socket = new WebSocket(`${b.replace('http', 'ws')}/v1/hubs/session?${query}`);
    onTestFinished(() => socket.terminate());
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(textOf(data)));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`${response.statusCode}`)));
    });
    socket.send('{"protocol":"json","version":1}\u001e');
    await vi.waitFor(() => expect(frames).toEqual(['{}\u001e']), { timeout: 10_000 });
    const guest = await joinSession(c, ns, host.sessionId);
    await vi.waitFor(() => expect(frames).toHaveLength(2), { timeout: 10_000 });
    expect(JSON.parse(frames[1]!.slice(0, -1))).toMatchObject({
      type: 1,
      target: 'UserAdded',
      arguments: [{ sessionId: host.sessionId, eventType: 'UserAdded', data: { id: guest.credentials.id } }],
    });

    // Taken on B, the token is gone on every replica.
    const again = new WebSocket(`${c.replace('http', 'ws')}/v1/hubs/session?${query}`);
    onTestFinished(() => again.terminate());
    again.on('error', () => undefined);
    const status = await new Promise<number | undefined>((resolve) => {
      again.once('open', () => resolve(undefined));
      again.once('unexpected-response', (_request, response) => {
        response.resume();
        resolve(response.statusCode);
      });
    });
    expect(status).toBe(404);
  });

  test('the official client with skipNegotiation on B hears an event caused on A, once', async () => {
    const ns = 'hub-skip-negotiation';
    const host = await createSession(a, ns);
    const onB = await listen(b, host.credentials.token, true);
    const guest = await joinSession(a, ns, host.sessionId);
    expect(await settled(onB.events, 1)).toEqual([`UserAdded ${guest.credentials.id}`]);
  });
});
