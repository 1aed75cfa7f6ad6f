/**
 * Upgrade requests on the mock's port: only a WebSocket to the hub's path is one;
 * any other request that offers an Upgrade (h2c from `curl --http2`, a WebSocket
 * elsewhere, a target that is no URL) gets the answer it would get without it.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLiveMock, type LiveMock } from '../testing/live-mock.ts';

let mock: LiveMock;
beforeAll(async () => {
  mock = await startLiveMock();
});
afterAll(() => mock.close());

/**
 * Writes raw bytes to the mock and reads until it closes; answers status, headers and body.
 * The socket stays open for writing, as curl keeps it: after an upgrade offer, a client that
 * half-closes at once loses its answer (a known limit of serving it as HTTP, see upgrade-as-http.ts).
 */
function raw(text: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(mock.origin).port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('latin1');
      const split = answer.indexOf('\r\n\r\n');
      const head = answer.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: answer.slice(split + 4) });
    });
    socket.write(text);
  });
}

const websocket =
  'Connection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ' +
  'dGhlIHNhbXBsZSBub25jZQ==\r\n';
const h2c =
  'Connection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n';
const health = async () => (await mock.call('GET', '/__mock/health')).body;

describe('upgrade requests that are not the hub’s', () => {
  test.for(['//x:99999/', 'http://%zz/', 'http://[/', '/v1/hubs/session/../../x', '*'])(
    'a WebSocket upgrade to the target %s gets the answer the same request gets without it, and the mock serves on',
    async (target) => {
      const upgraded = await raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${websocket}\r\n`);
      const plain = await raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(upgraded.status).toBeGreaterThanOrEqual(400);
      expect(upgraded.status).toBeLessThan(500);
      expect({ status: upgraded.status, body: upgraded.body }).toEqual({ status: plain.status, body: plain.body });
      expect(await health()).toMatchObject({ status: 'ok', unexpectedErrors: 0 });
    },
  );

  test('an h2c offer (curl --http2) on an API path is served as HTTP/1.1: 200, as without it', async () => {
    const answer = await raw(`GET /v1/wallet-proof/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n${h2c}\r\n`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ nonce: expect.any(Number) });
  });

  test('an h2c offer with a body is served with its body', async () => {
    const body = JSON.stringify({ address: `0x${'ab'.repeat(20)}` });
    const answer = await raw(
      `POST /__mock/wallet-token HTTP/1.1\r\nHost: 127.0.0.1\r\n${h2c}Content-Type: ` +
        `application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ address: `0x${'ab'.repeat(20)}` });
  });

  test('a WebSocket upgrade with another method than GET on the hub path is plain HTTP: 404 problem+json', async () => {
    const answer = await raw(
      `POST /v1/hubs/session HTTP/1.1\r\nHost: 127.0.0.1\r\n${websocket}Content-Length: 0\r\n\r\n`,
    );
    expect(answer.status).toBe(404);
    expect(answer.head).toMatch(/content-type: application\/problem\+json/i);
  });

  test(
    'a WebSocket upgrade to the hub without Sec-WebSocket-Key is refused with 400 problem+json saying what ' +
      'is missing',
    async () => {
      const host = await mock.createSession();
      const answer = await raw(
        `GET /v1/hubs/session?access_token=${host.credentials.token} HTTP/1.1\r\nHost: ` +
          `127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      expect(answer.status).toBe(400);
      expect(answer.head).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(answer.body).detail).toMatch(/Sec-WebSocket-Key/);
    },
  );
});
