/**
 * The hub's timers with small configured intervals, on a real socket: the keep-alive
 * ping, the client timeout and the handshake timeout. Each test waits on events
 * (a ping, a close), never on a wall-clock budget.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SessionHub, textOf, type SessionHubOptions } from './session-hub.ts';

const handshake = '{"protocol":"json","version":1}\u001e';
const ping = '{"type":6}\u001e';
const member = { claims: { sessionId: 's-1', userId: 'u-1', membershipId: 'm-1' } };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Client {
  readonly socket: WebSocket;
  /** Frames received, in order. */
  readonly frames: string[];
  /** Resolves with the close code and the frames heard by then. */
  readonly closed: Promise<number>;
  /** Resolves once `count` frames equal to `frame` have arrived. */
  heard(frame: string, count: number): Promise<void>;
}

/** A hub with the given timers behind a WebSocket server on a free port, and one client connected to it. */
async function connect(options: SessionHubOptions): Promise<Client> {
  const hub = new SessionHub(options);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => hub.accept(socket, member));
  await new Promise((resolve) => server.once('listening', resolve));
  const socket = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
  cleanups.push(() => {
    socket.terminate();
    hub.closeAll('test over');
    server.close();
  });
  const frames: string[] = [];
  const waiting: (() => void)[] = [];
  socket.on('message', (data) => {
    frames.push(textOf(data));
    for (const check of [...waiting]) check();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', resolve));
  await new Promise((resolve) => socket.once('open', resolve));
  const heard = (frame: string, count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (frames.filter((candidate) => candidate === frame).length < count) return;
        waiting.splice(waiting.indexOf(check), 1);
        resolve();
      };
      waiting.push(check);
      check();
    });
  return { socket, frames, closed, heard };
}

describe('session hub timers', () => {
  test('after the handshake the hub pings every keep-alive interval', async () => {
    const client = await connect({ keepAliveMs: 20, clientTimeoutMs: 60_000 });
    client.socket.send(handshake);
    await client.heard(ping, 3);
    expect(client.frames[0]).toBe('{}\u001e');
    expect(client.frames.slice(1, 4)).toEqual([ping, ping, ping]);
  });

  test('a client silent past the client timeout is dropped with a close message saying why', async () => {
    const client = await connect({ keepAliveMs: 20, clientTimeoutMs: 100 });
    client.socket.send(handshake);
    expect(await client.closed).toBe(1000);
    expect(JSON.parse(client.frames.at(-1)!.slice(0, -1))).toEqual({
      type: 7,
      error: expect.stringMatching(/client timeout/),
      allowReconnect: false,
    });
  });

  test('a client that answers each ping stays connected for many client timeouts', async () => {
    const client = await connect({ keepAliveMs: 20, clientTimeoutMs: 100 });
    client.socket.on('message', (data) => {
      if (textOf(data) === ping) client.socket.send(ping);
    });
    client.socket.send(handshake);
    // 30 pings of 20 ms each: six client timeouts of silence would have dropped it.
    await client.heard(ping, 30);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  test('a client that sends no handshake is closed with a protocol error after the handshake timeout', async () => {
    const client = await connect({ handshakeTimeoutMs: 50 });
    expect(await client.closed).toBe(1002);
    expect(client.frames).toEqual([]);
  });
});
