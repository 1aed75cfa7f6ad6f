/**
 * The hub part of `npm run fuzz` (run.ts): sends the cases of hub-cases.ts to the
 * running mock's session hub, several at once, while a well-behaved client (the
 * official @microsoft/signalr one) sits in the same session.
 *
 * Invariants: every upgrade request gets an HTTP answer below 500 (or 101 for the
 * hub); no connection is closed with 1011 (a hub bug); a client that stops reading
 * is cut off; the bystander keeps hearing UserAdded and UserRemoved throughout;
 * the mock's RSS grows by less than maxRssGrowthMiB; the process lives; and
 * `unexpectedErrors` of GET /__mock/health stays 0 (the process guard was never hit).
 */
import { connect } from 'node:net';
import { HttpTransportType, HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import fc from 'fast-check';
import type { Pool } from 'undici';
import { WebSocket } from 'ws';
import { hubCaseArbitrary, type Frame, type HubCase } from './hub-cases.ts';
import { call, expectJson } from './http.ts';
import { readMemory as readRss } from '../process-memory.ts';
import { textOf } from '../../mock/hub/session-hub.ts';

export interface HubFuzzOptions {
  readonly origin: string;
  readonly pool: Pool;
  readonly apiKey: string;
  readonly seed: number;
  readonly cases: number;
  readonly maxSeconds: number;
  readonly pid: number;
  readonly alive: () => boolean;
  readonly concurrency?: number;
}

export interface HubFuzzResult {
  planned: number;
  cases: number;
  frames: number;
  bytesSent: number;
  byOutcome: Record<string, number>;
  slowReadersCutOff: number;
  eventChecks: number;
  seconds: number;
  rssMiB: { start: number; peak: number; end: number };
  unexpectedErrors: number | undefined;
  failures: string[];
  examples: string[];
}

/** How much the mock's RSS may grow during the hub fuzz; one client used to grow it by 2.5 GB in 20 s. */
const maxRssGrowthMiB = 300;
const caseTimeoutMs = 15_000;
const eventTimeoutMs = 10_000;
/** A slow reader that is not cut off after this much was sent fails the run. */
const slowReaderBudgetBytes = 48 * 1024 * 1024;
const hubPath = '/v1/hubs/session';

export async function fuzzHub(options: HubFuzzOptions): Promise<HubFuzzResult> {
  const startedAt = Date.now();
  const { pool, origin } = options;
  const wsOrigin = origin.replace(/^http/, 'ws');
  const result: HubFuzzResult = {
    planned: options.cases,
    cases: 0,
    frames: 0,
    bytesSent: 0,
    byOutcome: {},
    slowReadersCutOff: 0,
    eventChecks: 0,
    seconds: 0,
    rssMiB: { start: Number.NaN, peak: Number.NaN, end: Number.NaN },
    unexpectedErrors: undefined,
    failures: [],
    examples: [],
  };
  const fail = (what: string, hubCase?: HubCase) => {
    result.failures.push(what);
    if (hubCase && result.examples.length < 10) result.examples.push(`${what}: ${describeCase(hubCase)}`);
  };
  const count = (outcome: string) => (result.byOutcome[outcome] = (result.byOutcome[outcome] ?? 0) + 1);

  // A session of the fuzzer's own: the host's token opens the fuzz connections, a guest listens.
  const walletToken = async () =>
    (await expectJson<{ token: string }>(pool, 'POST', '/__mock/wallet-token', 200, { json: {} })).token;
  const host = await expectJson<{ sessionId: string; credentials: { token: string } }>(
    pool,
    'POST',
    '/v1/session',
    200,
    {
      json: {},
      headers: { authorization: `Bearer ${await walletToken()}`, 'x-api-key': options.apiKey },
    },
  );
  const hostToken = host.credentials.token;
  const join = async () =>
    expectJson<{ credentials: { token: string; id: string } }>(pool, 'POST', '/v1/session/join', 200, {
      json: { sessionId: host.sessionId },
      headers: { authorization: `Bearer ${await walletToken()}` },
    });
  const bystander = await listen(`${origin}${hubPath}`, (await join()).credentials.token);

  /** A member joins and is kicked; the bystander must hear both. */
  const checkEvents = async (when: string) => {
    const guest = await join();
    await call(pool, 'POST', '/v1/session/current/kick', {
      json: { userId: guest.credentials.id },
      headers: { authorization: `Bearer ${hostToken}` },
    });
    const heard = await bystander.waitFor(guest.credentials.id, eventTimeoutMs);
    result.eventChecks++;
    if (!heard)
      fail(
        `the well-behaved client did not hear UserAdded and UserRemoved of a member within ` +
          `${eventTimeoutMs} ms (${when})`,
      );
  };

  const rssStart = readRss(options.pid);
  let peak = rssStart?.rss ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, readRss(options.pid)?.rss ?? 0)), 250);

  const cases = fc.sample(hubCaseArbitrary, { seed: options.seed, numRuns: options.cases });
  const deadline = startedAt + options.maxSeconds * 1000;
  let next = 0;
  let lastProgress = Date.now();
  const runOne = async (hubCase: HubCase): Promise<void> => {
    const sent = { frames: 0, bytes: 0 };
    const outcome = await withTimeout(runCase(hubCase, { wsOrigin, origin, token: hostToken, sent }), caseTimeoutMs);
    result.frames += sent.frames;
    result.bytesSent += sent.bytes;
    if (outcome === undefined) return fail(`no outcome within ${caseTimeoutMs} ms (a hang)`, hubCase);
    count(outcome.label);
    if (outcome.label === 'cut off') result.slowReadersCutOff++;
    if (outcome.violation) fail(outcome.violation, hubCase);
  };
  const worker = async () => {
    while (next < cases.length && Date.now() < deadline && options.alive()) {
      const index = next++;
      await runOne(cases[index]!);
      result.cases++;
      if (index % 100 === 99) await checkEvents(`after case ${index + 1}`);
      if (Date.now() - lastProgress >= 2000) {
        lastProgress = Date.now();
        const rss = readRss(options.pid)?.rss;
        console.log(
          `fuzz hub: ${result.cases}/${cases.length} cases, ${result.frames} frames, RSS ${mib(rss)} MiB, ` +
            `failures ${result.failures.length}`,
        );
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    if (result.cases < cases.length)
      fail(`only ${result.cases} of ${cases.length} hub cases ran within ${options.maxSeconds} s`);
    if (!options.alive()) fail('the mock died during the hub fuzz');
    else await checkEvents('at the end');
  } finally {
    clearInterval(sampler);
    await bystander.connection.stop().catch(() => {});
  }

  const rssEnd = readRss(options.pid);
  peak = Math.max(peak, rssEnd?.rss ?? 0);
  result.rssMiB = { start: mib(rssStart?.rss), peak: mib(peak), end: mib(rssEnd?.rss) };
  if (rssStart && peak - rssStart.rss > maxRssGrowthMiB * 1024 * 1024) {
    fail(
      `the mock's RSS grew from ${result.rssMiB.start} to ${result.rssMiB.peak} MiB (more than ${maxRssGrowthMiB} MiB)`,
    );
  }
  if (options.alive()) {
    const health = await call(pool, 'GET', '/__mock/health');
    result.unexpectedErrors =
      health.status === 200 ? (JSON.parse(health.body) as { unexpectedErrors?: number }).unexpectedErrors : undefined;
    if (result.unexpectedErrors !== 0)
      fail(
        `GET /__mock/health answered ${health.status} with unexpectedErrors ${result.unexpectedErrors} ` +
          `(the process guard was hit; see the mock's stderr)`,
      );
  }
  result.seconds = Math.round((Date.now() - startedAt) / 100) / 10;
  return result;
}

interface Outcome {
  label: string;
  violation?: string;
}

interface CaseContext {
  wsOrigin: string;
  origin: string;
  token: string;
  sent: { frames: number; bytes: number };
}

function runCase(hubCase: HubCase, context: CaseContext): Promise<Outcome> {
  switch (hubCase.kind) {
    case 'upgrade':
      return upgrade(hubCase, context);
    case 'handshake':
      return converse(context, [hubCase.frame], false);
    case 'messages':
      return converse(context, hubCase.frames, true);
    case 'slow-reader':
      return slowReader(context);
  }
}

/** A raw upgrade request; the answer's status line is all that is read. */
function upgrade(hubCase: Extract<HubCase, { kind: 'upgrade' }>, context: CaseContext): Promise<Outcome> {
  const url = new URL(context.origin);
  const target =
    hubCase.withToken && hubCase.target.startsWith(hubPath)
      ? `${hubCase.target}${hubCase.target.includes('?') ? '&' : '?'}access_token=${context.token}`
      : hubCase.target;
  const lines = [
    `${hubCase.method} ${target} HTTP/1.1`,
    `Host: ${url.host}`,
    ...hubCase.headers.map(([name, value]) => `${name}: ${value}`),
  ];
  if (hubCase.method === 'POST') lines.push('Content-Length: 0');
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    const finish = (outcome: Outcome) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (!received.includes('\r\n')) return;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      if (status === 0)
        return finish({
          label: 'upgrade: not HTTP',
          violation: `an upgrade request was answered with ${JSON.stringify(received.slice(0, 80))}`,
        });
      const websocket = status === 101;
      if (websocket && !(target.startsWith(`${hubPath}?`) && hubCase.method === 'GET')) {
        return finish({
          label: 'upgrade: 101',
          violation: 'a request that is no WebSocket to the hub was switched to a WebSocket',
        });
      }
      finish({
        label: `upgrade: ${status}`,
        ...(status >= 500 ? { violation: `an upgrade request was answered with ${status}` } : {}),
      });
    });
    socket.on('error', () =>
      finish({ label: 'upgrade: reset', violation: 'an upgrade request lost its connection without an answer' }),
    );
    socket.on('close', () =>
      finish({ label: 'upgrade: closed', violation: 'an upgrade request was closed without an answer' }),
    );
    const text = `${lines.join('\r\n')}\r\n\r\n`;
    context.sent.bytes += text.length;
    socket.write(text);
  });
}

function encode(frame: Frame): { data: Buffer | string; binary: boolean } {
  if (frame.encoding === 'binary') return { data: Buffer.from(frame.text), binary: true };
  // Bytes that are no UTF-8 in a text frame: the hub must refuse them (1007), not decode them.
  if (frame.encoding === 'invalid-utf8')
    return { data: Buffer.concat([Buffer.from(frame.text), Buffer.from([0xff, 0xc3, 0x28])]), binary: false };
  return { data: frame.text, binary: false };
}

function openHub(
  context: CaseContext,
): Promise<{ socket: WebSocket; records: string[]; closed: Promise<number> } | Outcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${context.wsOrigin}${hubPath}?access_token=${encodeURIComponent(context.token)}`);
    const records: string[] = [];
    socket.on('message', (data) => records.push(...textOf(data).split('\u001e').filter(Boolean)));
    socket.on('error', () => {});
    const closed = new Promise<number>((done) => socket.on('close', done));
    socket.once('open', () => resolve({ socket, records, closed }));
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      resolve({
        label: `open: ${response.statusCode}`,
        violation: `the hub refused a valid token with ${response.statusCode}`,
      });
    });
  });
}

/** Opens a hub connection, sends a handshake (when `handshake`) and the frames, and sees how it ends. */
async function converse(context: CaseContext, frames: readonly Frame[], handshake: boolean): Promise<Outcome> {
  const opened = await openHub(context);
  if ('label' in opened) return opened;
  const { socket, records, closed } = opened;
  const send = (data: Buffer | string, binary = false) => {
    if (socket.readyState !== socket.OPEN) return;
    context.sent.frames++;
    context.sent.bytes += data.length;
    socket.send(data, { binary });
  };
  const closeCode = closed.then((code) => ({ code }));
  if (handshake) {
    send('{"protocol":"json","version":1}\u001e');
    const answered = await Promise.race([closeCode, until(() => records.length > 0, 5000)]);
    if (typeof answered === 'object') return outcomeOfClose(answered.code);
  }
  for (const frame of frames) {
    const { data, binary } = encode(frame);
    send(data, binary);
  }
  // Then a call that expects an answer: a completion proves the connection still works.
  send('{"type":1,"invocationId":"probe","target":"Probe","arguments":[]}\u001e');
  const ended = await Promise.race([
    closeCode,
    until(() => records.some((record) => record.includes('"probe"')), 3000),
  ]);
  if (typeof ended === 'object') return outcomeOfClose(ended.code);
  socket.close(1000);
  await Promise.race([closed, sleep(2000)]);
  socket.terminate();
  return { label: ended ? 'answered' : 'waiting' };
}

function outcomeOfClose(code: number): Outcome {
  return {
    label: `closed ${code}`,
    ...(code === 1011 ? { violation: 'the hub closed a connection with 1011 (an error inside the hub)' } : {}),
  };
}

/** A client that stops reading and keeps sending invocations that each want an error completion. */
async function slowReader(context: CaseContext): Promise<Outcome> {
  const opened = await openHub(context);
  if ('label' in opened) return opened;
  const { socket, records, closed } = opened;
  socket.send('{"protocol":"json","version":1}\u001e');
  await until(() => records.length > 0, 5000);
  const tcp = (socket as unknown as { _socket: import('node:net').Socket })._socket;
  tcp.pause();
  let cutOff = false;
  void closed.then(() => (cutOff = true));
  tcp.once('error', () => (cutOff = true));
  const frame = '{"type":1,"invocationId":"1"}\u001e'.repeat(64);
  let bytes = 0;
  while (!cutOff && bytes < slowReaderBudgetBytes) {
    await new Promise<void>((resolve) => socket.send(frame, () => resolve()));
    context.sent.frames++;
    context.sent.bytes += frame.length;
    bytes += frame.length;
  }
  tcp.resume();
  socket.terminate();
  return cutOff
    ? { label: 'cut off' }
    : { label: 'not cut off', violation: `a client that reads nothing was still connected after ${bytes} bytes sent` };
}

interface Bystander {
  readonly connection: HubConnection;
  /** True once UserAdded and UserRemoved of `userId` were heard, false after `timeoutMs`. */
  waitFor(userId: string, timeoutMs: number): Promise<boolean>;
}

async function listen(url: string, token: string): Promise<Bystander> {
  const heard: { eventType: string; id: string }[] = [];
  const connection = new HubConnectionBuilder()
    .withUrl(url, { accessTokenFactory: () => token, transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.None)
    .build();
  for (const name of ['UserAdded', 'UserRemoved'] as const) {
    connection.on(name, (event: { data: { id: string } }) => void heard.push({ eventType: name, id: event.data.id }));
  }
  await connection.start();
  return {
    connection,
    waitFor: (userId, timeoutMs) =>
      until(
        () =>
          ['UserAdded', 'UserRemoved'].every((type) =>
            heard.some((event) => event.eventType === type && event.id === userId),
          ),
        timeoutMs,
      ),
  };
}

function describeCase(hubCase: HubCase): string {
  const text = JSON.stringify(hubCase);
  return text.length > 400 ? `${text.slice(0, 400)}...(${text.length} chars)` : text;
}

/** Polls `condition` every 10 ms: true once it holds, false after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await sleep(10);
  }
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function mib(bytes: number | undefined): number {
  return bytes === undefined || Number.isNaN(bytes) ? Number.NaN : Math.round((bytes / 1024 / 1024) * 10) / 10;
}
