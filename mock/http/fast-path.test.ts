/**
 * The fast path answers what node:http answers, byte for byte but the Date: one table of raw requests goes to two
 * mocks with the same seed and clock, one with the fast path and one without, and the bytes must agree. Whether the
 * fast path served a request shows in node:http's 'request' event, which it never emits.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configDefaults } from '../config.ts';
import { startMs } from '../testing/harness.ts';
import { buildMock, type Mock } from './app.ts';

interface Served {
  mock: Mock;
  origin: URL;
  /** Requests node:http read (the fast path's are not counted). */
  nodeRequests: number;
}

async function serve(fastPath: boolean): Promise<Served> {
  const config = Object.freeze({ ...configDefaults, logLevel: 'silent' as const, seed: 14 });
  const mock = buildMock(config, { realNowMs: () => startMs, fastPath });
  const served: Served = {
    mock,
    origin: new URL(await mock.app.listen({ port: 0, host: '127.0.0.1' })),
    nodeRequests: 0,
  };
  mock.app.server.on('request', () => served.nodeRequests++);
  return served;
}

/**
 * Writes each part in turn (a pause between them: separate reads), then reads `answers` answers (or to the end
 * when the server closes); answers to HEAD carry no body whatever their Content-Length says.
 */
function exchange(origin: URL, parts: readonly string[], heads: readonly boolean[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(origin.port), origin.hostname);
    let received = '';
    const complete = (): boolean => {
      let at = 0;
      for (const head of heads) {
        const headEnd = received.indexOf('\r\n\r\n', at);
        if (headEnd === -1) return false;
        const length = /\r\ncontent-length: (\d+)/i.exec(received.slice(at, headEnd))?.[1];
        at = headEnd + 4 + (head || length === undefined ? 0 : Number(length));
        if (at > received.length) return false;
      }
      return true;
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (complete()) socket.end();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    void (async () => {
      for (const [index, part] of parts.entries()) {
        if (index > 0) await new Promise((wait) => setTimeout(wait, 30));
        socket.write(part, 'latin1');
      }
    })();
  });
}

const withoutDate = (text: string) => text.replace(/\r\nDate: [^\r]*/g, '\r\nDate: -');

const host = 'Host: mock.test\r\n';
const id = (n: number) => `X-Request-Id: row-${n}\r\n`;
/** One row: the raw parts, whether each answer is to HEAD, and whether the fast path serves all of it. */
type Row = readonly [name: string, parts: readonly string[], heads: readonly boolean[], fast: boolean];

const rows: readonly Row[] = [
  ['GET current without a token: 401', [`GET /v1/session/current HTTP/1.1\r\n${host}${id(1)}\r\n`], [false], true],
  ['a nonce', [`GET /v1/wallet-proof/nonce HTTP/1.1\r\n${host}${id(2)}\r\n`], [false], true],
  [
    'HEAD current: no body, the length GET would have',
    [`HEAD /v1/session/current HTTP/1.1\r\n${host}${id(3)}\r\n`],
    [true],
    true,
  ],
  [
    'a preflight from a page',
    [
      `OPTIONS /v1/session HTTP/1.1\r\n${host}${id(4)}Origin: http://page.test\r\n` +
        'Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization\r\n\r\n',
    ],
    [false],
    true,
  ],
  [
    'broken JSON: 400',
    [`POST /v1/session/join HTTP/1.1\r\n${host}${id(5)}Content-Type: application/json\r\nContent-Length: 1\r\n\r\n{`],
    [false],
    true,
  ],
  [
    'a body that is not JSON: 415',
    [`POST /v1/session/join HTTP/1.1\r\n${host}${id(6)}Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello`],
    [false],
    true,
  ],
  ['nothing there: 404', [`GET /v1/nothing?x=1 HTTP/1.1\r\n${host}${id(7)}\r\n`], [false], true],
  ['a method not served: 405 with Allow', [`PUT /v1/session/current HTTP/1.1\r\n${host}${id(8)}\r\n`], [false], true],
  ['the readiness probe', [`GET /healthz HTTP/1.1\r\n${host}${id(9)}\r\n`], [false], true],
  ['a control call', [`GET /__mock/clock HTTP/1.1\r\nHost: 127.0.0.1\r\n${id(10)}\r\n`], [false], true],
  [
    'three requests in one write, answered in order',
    [
      `GET /v1/session/current HTTP/1.1\r\n${host}${id(11)}\r\n` +
        `HEAD /v1/nothing HTTP/1.1\r\n${host}${id(12)}\r\n` +
        `DELETE /v1/session HTTP/1.1\r\n${host}${id(13)}Content-Length: 0\r\n\r\n`,
    ],
    [false, true, false],
    true,
  ],
  // Handed to node:http: the answers are still the same.
  [
    'a value past ASCII',
    [`GET /v1/session/current HTTP/1.1\r\n${host}${id(14)}X-Name: caf\xe9\r\n\r\n`],
    [false],
    false,
  ],
  [
    'a chunked body',
    [
      `POST /v1/session/join HTTP/1.1\r\n${host}${id(15)}Content-Type: application/json\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n0\r\n\r\n',
    ],
    [false],
    false,
  ],
  [
    'a request in two reads',
    [
      `POST /v1/session/join HTTP/1.1\r\n${host}${id(16)}Content-Type: application/json\r\n`,
      'Content-Length: 2\r\n\r\n{}',
    ],
    [false],
    false,
  ],
  ['HTTP/1.0', [`GET /v1/session/current HTTP/1.0\r\n${host}${id(17)}\r\n`], [false], false],
  [
    'Connection: close',
    [`GET /v1/session/current HTTP/1.1\r\n${host}${id(18)}Connection: close\r\n\r\n`],
    [false],
    false,
  ],
  ['the docs page', [`GET /docs HTTP/1.1\r\nHost: 127.0.0.1\r\n${id(19)}\r\n`], [false], false],
  [
    'a plain request, then a chunked one, then a plain one again on the same connection',
    [
      `GET /v1/session/current HTTP/1.1\r\n${host}${id(20)}\r\n`,
      `POST /v1/session HTTP/1.1\r\n${host}${id(21)}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      `GET /v1/nothing HTTP/1.1\r\n${host}${id(22)}\r\n`,
    ],
    [false, false, false],
    false,
  ],
];

describe('the fast path', () => {
  let fast: Served;
  let node: Served;
  beforeAll(async () => {
    [fast, node] = await Promise.all([serve(true), serve(false)]);
  });
  afterAll(async () => {
    await Promise.all([fast.mock.app.close({ graceMs: 100 }), node.mock.app.close({ graceMs: 100 })]);
  });

  test.each(rows)('%s: the same bytes both ways', async (_name, parts, heads, servedFast) => {
    const before = fast.nodeRequests;
    const [viaFast, viaNode] = await Promise.all([
      exchange(fast.origin, parts, heads),
      exchange(node.origin, parts, heads),
    ]);
    expect(viaNode).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(withoutDate(viaFast)).toBe(withoutDate(viaNode));
    expect(viaFast.match(/HTTP\/1\.1 \d{3} /g)).toHaveLength(heads.length);
    if (servedFast) expect(fast.nodeRequests, 'requests node:http read').toBe(before);
    else expect(fast.nodeRequests).toBeGreaterThan(before);
  });

  test('an idle connection is closed after the keep-alive timeout', async () => {
    fast.mock.app.server.keepAliveTimeout = 200;
    try {
      const socket = connect(Number(fast.origin.port), fast.origin.hostname);
      socket.write(`GET /v1/session/current HTTP/1.1\r\n${host}\r\n`);
      const closedAfterMs = await new Promise<number>((resolve) => {
        const started = Date.now();
        socket.resume();
        socket.on('close', () => resolve(Date.now() - started));
      });
      expect(closedAfterMs).toBeGreaterThanOrEqual(150);
      expect(closedAfterMs).toBeLessThan(2000);
    } finally {
      fast.mock.app.server.keepAliveTimeout = 5000;
    }
  });
});

/** Makes the core's answers wait until the returned function is called. */
function holdAnswers(mock: Mock): () => void {
  const handle = mock.core.handle.bind(mock.core);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  mock.core.handle = async (request) => {
    await held;
    return handle(request);
  };
  return release;
}

test('a client that ends its side while its request is answered gets the answer, then the end', async () => {
  const { mock, origin } = await serve(true);
  const release = holdAnswers(mock);
  const socket = connect(Number(origin.port), origin.hostname);
  socket.end(`GET /v1/session/current HTTP/1.1\r\n${host}${id(23)}\r\n`);
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = new Promise((resolve) => socket.on('close', resolve));
  await new Promise((wait) => setTimeout(wait, 50));
  const released = Date.now();
  release();
  await closed;
  // At once: not after the keep-alive timeout (5 s).
  expect(Date.now() - released).toBeLessThan(1000);
  expect(received).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n[^]*\r\nx-request-id: row-23\r\n/);
  await mock.app.close({ graceMs: 100 });
});

describe('a shutdown', () => {
  test('closes idle fast-path connections at once; a request in flight ends with Connection: close', async () => {
    const { mock, origin } = await serve(true);
    const idle = connect(Number(origin.port), origin.hostname);
    const idleClosed = new Promise<void>((resolve) => idle.on('close', () => resolve()));
    idle.write(`GET /v1/session/current HTTP/1.1\r\n${host}\r\n`);
    idle.resume();
    await new Promise((wait) => setTimeout(wait, 50));

    // A request whose answer waits on the core until the shutdown has begun.
    const release = holdAnswers(mock);
    const answer = exchange(origin, [`GET /v1/session/current HTTP/1.1\r\n${host}\r\n`], [false]);
    await new Promise((wait) => setTimeout(wait, 50));
    const closed = mock.app.close({ graceMs: 2000 });
    await idleClosed;
    release();
    expect(await answer).toMatch(/^HTTP\/1\.1 401 [^]*\r\nConnection: close\r\n/);
    await closed;
  });
});
