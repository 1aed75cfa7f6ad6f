/**
 * The mock's HTTP adapter: a plain node:http server that reads each request (its
 * body up to the limit), hands it to the core as plain values and writes the
 * answer; the docs page and the hub's negotiate step and upgrade plug in here too.
 * Opens no port: mock/main.ts does that; tests call `listen` on port 0 or the core.
 */
import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiDescription, mockControlFile, sessionApiFile } from '../../spec/index.ts';
import type { MockConfig } from '../config.ts';
import {
  createHostCheck,
  createMockCore,
  isLoopback,
  problemBody,
  statusOf,
  type CoreResponse,
  type MockCore,
} from '../core/index.ts';
import type { Problem } from '../domain/index.ts';
import { createDashboardAssets } from '../dashboard/assets.ts';
import { createDocsHandler } from '../docs/index.ts';
import { attachSessionHub, type SessionHubAdapter } from '../hub/index.ts';
import { reportUnexpectedError, unexpectedErrorCount } from '../process-guard.ts';
import { readScenarioOption, ScenarioBook, type LoadedScenario } from '../scenarios/index.ts';
import { createApiKeyCheck } from '../services/api-keys.ts';
import { createFastJwtSigner } from '../services/fast-jwt-signer.ts';
import { nodePasswords } from '../services/passwords.ts';
import { createRandomSource, type RandomSource } from '../services/index.ts';
import {
  defaultStoreDeadlineMs,
  healthWithDeadline,
  negotiationsWithDeadline,
  withDeadline,
} from '../world/deadline.ts';
import { createMemoryRegistry } from '../world/memory-registry.ts';
import { memoryStoreHealth, type StoreHealth, type StoreKind } from '../world/store-health.ts';
import type { NegotiationStore, WorldRegistry } from '../world/world.ts';
import { createAnswerJson } from './answer-json.ts';
import { attachFastPath, withContentLength } from './fast-path.ts';
import { createLogDestination, createRequestLog } from './log-output.ts';

export interface MockParts {
  /** The real clock under every world's virtual one (tests pass a fake). */
  realNowMs?: () => number;
  /** The random source of the default world (other worlds get their own, from the same seed). */
  random?: RandomSource;
  /** The token secret when --token-secret is not given (the state file's); random bytes otherwise. */
  tokenSecret?: Uint8Array<ArrayBuffer>;
  /** The worlds' store when it is not this process's memory (a shared one, for replicas); memory unless given. */
  store?: SharedStore;
  /** How long one call to a shared store may take before the request answers 503 (ms; 2000 unless given). */
  storeDeadlineMs?: number;
  /** Plain requests read and answered without node:http's objects (mock/http/fast-path.ts); on unless false. */
  fastPath?: boolean;
}

/** A store of worlds outside the process: every call to it is bounded in time (mock/world/deadline.ts). */
export interface SharedStore {
  readonly kind: Exclude<StoreKind, 'memory'>;
  readonly registry: WorldRegistry;
  readonly health: StoreHealth;
  /** The hub's connection tokens, shared with the other replicas; this process's memory unless given. */
  readonly negotiations?: NegotiationStore;
  /**
   * True when every call of the registry and its worlds already fails within a bound with StoreUnavailableError
   * (the Redis store bounds each command: mock/world/redis/command-path.ts), so the mock adds no deadline of its
   * own: a wrapper around every call cost a sixth of the throughput through Redis.
   */
  readonly boundsItsCalls?: boolean;
}

/** The server's handle: today's `app` shape for the adapters' callers. */
export interface MockServer {
  readonly server: Server;
  /** Listens; answers the origin (http://host:port). */
  listen(options: { port: number; host: string }): Promise<string>;
  /**
   * Shuts down gracefully (SIGTERM, README "Run it for a team"): stops listening (new connections are refused)
   * and answers 503 with `Connection: close` to new requests on open connections; closes hub connections
   * with reconnection allowed; lets the requests in flight finish, each closing its connection; and after
   * `graceMs` (10 s unless given) cuts off whatever is still open.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** How long a shutdown waits for requests in flight before it cuts them off. */
export const shutdownGraceMs = 10_000;

export interface Mock {
  readonly app: MockServer;
  readonly core: MockCore;
  /** The real-time session hub at <basePath>/hubs/session (mock/hub). */
  readonly hub: SessionHubAdapter;
  /** Scenario files: `--scenario` (mock/main.ts) reads them (mock/scenarios). */
  readonly scenarios: ScenarioBook;
}

/** Builds the core with Node's parts: scrypt, constant-time key checks, scenario files, the memory registry. */
export function buildCore(config: MockConfig, parts: MockParts = {}): { core: MockCore; scenarios: ScenarioBook } {
  const api = ApiDescription.fromFile(sessionApiFile, 'session-api');
  const control = ApiDescription.fromFile(mockControlFile, 'mock-control');
  const realNowMs = parts.realNowMs ?? Date.now;
  const secret =
    config.tokenSecret === undefined
      ? (parts.tokenSecret ?? new Uint8Array(randomBytes(32)))
      : new TextEncoder().encode(config.tokenSecret);
  const scenarios = new ScenarioBook({ control });
  const deadlineMs = parts.storeDeadlineMs ?? defaultStoreDeadlineMs;
  const store = parts.store
    ? {
        kind: parts.store.kind,
        registry: parts.store.boundsItsCalls ? parts.store.registry : withDeadline(parts.store.registry, deadlineMs),
        health: healthWithDeadline(parts.store.health, deadlineMs),
      }
    : { kind: 'memory' as const, registry: memoryRegistry(config, parts, realNowMs), health: memoryStoreHealth };
  const isControlToken = createApiKeyCheck(config.controlToken === undefined ? [] : [config.controlToken]);
  const core = createMockCore(config, {
    api,
    control,
    registry: store.registry,
    store: { kind: store.kind, health: store.health },
    ...(parts.store?.negotiations
      ? { sharedTokens: negotiationsWithDeadline(parts.store.negotiations, deadlineMs) }
      : {}),
    passwords: nodePasswords,
    isAcceptedApiKey: createApiKeyCheck(config.apiKeys),
    isControlToken: (presented) => isControlToken(presented),
    scenarios,
    dashboard: createDashboardAssets(),
    tokenSecret: secret,
    signer: createFastJwtSigner(secret),
    answerJson: createAnswerJson(api),
    realNowMs,
    unexpectedErrors: unexpectedErrorCount,
    reportError: (error) => reportUnexpectedError(error, 'the request pipeline'),
  });
  return { core, scenarios };
}

/** The worlds in this process's memory: the default store. */
function memoryRegistry(config: MockConfig, parts: MockParts, realNowMs: () => number): WorldRegistry {
  return createMemoryRegistry({
    journalSize: config.journalSize,
    journalBytes: config.journalBytes,
    maxWorlds: config.maxNamespaces,
    idleSeconds: config.namespaceIdleSeconds,
    newRandom: (name) => (name === 'default' && parts.random ? parts.random : createRandomSource(config.seed)),
    newGeneration: () => crypto.randomUUID(),
    nowMs: realNowMs(),
  });
}

export function buildMock(config: MockConfig, parts: MockParts = {}): Mock {
  const { core, scenarios } = buildCore(config, parts);
  const basePath = '/v1';
  // Batched, and formatted for a terminal when pretty (mock/http/log-output.ts); pino writes what is left at exit.
  const logOutput = config.logLevel === 'silent' ? undefined : createLogDestination(config.logFormat);
  const logRequestLine = logOutput && createRequestLog(logOutput, config.logLevel);
  const refuseHost = createHostCheck({ listensOnLoopback: isLoopback(config.host), allowedHosts: config.allowedHosts });
  const docs = createDocsHandler({
    specFile: sessionApiFile,
    basePath,
    refuseHost,
    ...(config.control ? { controlSpecFile: mockControlFile } : {}),
  });

  const server = createServer({
    requestTimeout: config.requestTimeoutMs,
    // Slow clients: headers must arrive within 10 s (or the request timeout, if
    // shorter), and Node checks every second, not every 30 s, so a client that
    // trickles bytes is cut off near its timeout, not up to 30 s after it.
    headersTimeout: Math.min(config.requestTimeoutMs, 10_000),
    connectionsCheckingInterval: 1000,
    maxHeaderSize: 16 * 1024,
  });
  const hub = attachSessionHub(server, {
    core,
    basePath,
    corsOrigins: config.corsOrigins,
    refuseHost,
    ...(parts.realNowMs ? { realNowMs: parts.realNowMs } : {}),
    ...(parts.store?.negotiations
      ? {
          negotiations: negotiationsWithDeadline(
            parts.store.negotiations,
            parts.storeDeadlineMs ?? defaultStoreDeadlineMs,
          ),
        }
      : {}),
  });
  let closing = false;

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const started = performance.now();
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const query = queryAt === -1 ? '' : target.slice(queryAt + 1);
    if (closing) {
      request.resume();
      response.writeHead(503, { connection: 'close', 'content-length': '0' });
      response.end();
      return;
    }
    if (docs(request, response, path) || hub.serve(request, response, path, query)) {
      // Only method, path (never the query: hub tokens travel there), status and time: no credential reaches a log.
      response.once('finish', () => logRequest(request.method, path, response.statusCode, started));
      return;
    }
    const answer = async (body: ReadBody) => {
      const answered = await core.handle({
        method: request.method ?? 'GET',
        path,
        query,
        headers: headersOf(request),
        body: body.bytes,
        ...(body.tooLarge ? { bodyTooLarge: true } : {}),
        ...(request.socket.remoteAddress ? { remoteAddress: request.socket.remoteAddress } : {}),
      });
      // Shutting down meanwhile: this answer is the connection's last.
      if (closing) response.shouldKeepAlive = false;
      writeAnswer(request, response, answered);
      logRequest(request.method, path, answered.drop ? 0 : answered.status, started);
    };
    // Most requests (GET, DELETE) carry no body: answered at once, without waiting for the stream's end.
    if (!hasBody(request)) {
      void answer(noBody);
      return;
    }
    readBody(request, config.bodyLimitBytes).then(answer, () => {
      // A body cut short by the client: nothing left to answer to.
      request.socket.destroy();
    });
  });

  /** One line a request, written in batches (log-output.ts). */
  function logRequest(method: string | undefined, path: string, status: number, started: number): void {
    if (logRequestLine === undefined) return;
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    logRequestLine(`${method} ${path} ${status} ${durationMs}ms`);
  }
  server.on('clientError', answerClientError);
  const fastPath =
    parts.fastPath === false
      ? undefined
      : attachFastPath(server, {
          // Ordinary requests only: a larger head goes to node:http, which holds it to its 16 KiB.
          maxHeaderBytes: 8 * 1024,
          bodyLimitBytes: config.bodyLimitBytes,
          serves: (path) => !path.startsWith('/docs') && !path.startsWith(`${basePath}/hubs/`),
          closing: () => closing,
          answer: (request) => core.handle(request),
          answered: logRequest,
          failed: (error) => reportUnexpectedError(error, 'the request pipeline'),
        });

  const app: MockServer = {
    server,
    listen: ({ port, host }) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          const bound = typeof address === 'object' && address ? address.port : port;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}`);
        });
      }),
    close: async (options = {}) => {
      const graceMs = options.graceMs ?? shutdownGraceMs;
      closing = true;
      // Stops listening at once; resolves when the last connection has ended.
      const drained = server.listening
        ? new Promise<void>((resolve) => server.close(() => resolve()))
        : Promise.resolve();
      server.closeIdleConnections();
      fastPath?.closeIdle();
      await hub.close(Math.min(graceMs, 2000));
      await core.close();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs).unref()));
      if ((await Promise.race([drained, late])) === 'late') {
        server.closeAllConnections();
        fastPath?.closeAll();
        await drained;
      }
      clearTimeout(timer);
      logOutput?.close();
    },
  };
  return { app, core, hub, scenarios };
}

/**
 * `--scenario FILE|NAME` at start: loads it into the default world, or rejects with
 * a ScenarioError naming the file and the field (mock/main.ts turns that into exit code 2).
 */
export async function loadScenarioOption(
  mock: { core: MockCore; scenarios: ScenarioBook },
  fileOrName: string,
): Promise<LoadedScenario> {
  const { scenario, source } = readScenarioOption(mock.scenarios, fileOrName);
  return mock.core.loadScenario(scenario, source);
}

/**
 * Header names in lower case; a header sent more than once joined with ", ".
 * Node has done both for every header but Set-Cookie, the one it keeps as a list.
 */
function headersOf(request: IncomingMessage): Readonly<Record<string, string | undefined>> {
  const headers = request.headers;
  const cookies = headers['set-cookie'];
  return cookies === undefined
    ? (headers as Record<string, string | undefined>)
    : { ...headers, 'set-cookie': cookies.join(', ') };
}

interface ReadBody {
  readonly bytes?: Uint8Array;
  readonly tooLarge: boolean;
}

const noBody: ReadBody = { tooLarge: false };

/** Whether a body follows the headers (RFC 9112 §6.3: only Content-Length or Transfer-Encoding announce one). */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The body's bytes up to `limit`; past it, the bytes stop being kept and the rest
 * is drained, so that the answer (413, or an operation that ignores bodies) can be
 * read by the client.
 */
function readBody(request: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(request.headers['content-length']) > limit;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => {
      if (tooLarge) return resolve({ tooLarge });
      resolve(size === 0 && chunks.length === 0 ? { tooLarge } : { bytes: Buffer.concat(chunks, size), tooLarge });
    });
    request.once('error', reject);
    request.once('aborted', () => reject(new Error('aborted')));
  });
}

function writeAnswer(request: IncomingMessage, response: ServerResponse, answer: CoreResponse): void {
  if (answer.drop) {
    request.socket.destroy();
    return;
  }
  const body = answer.body;
  if (answer.stream) {
    // Server-Sent Events: no length, each chunk written as it comes, until either side stops.
    response.writeHead(answer.status, answer.headers);
    response.flushHeaders();
    const stop = answer.stream.open(
      (chunk) => response.write(chunk),
      () => response.end(),
    );
    response.once('close', stop);
    return;
  }
  response.writeHead(answer.status, withContentLength(request.method ?? 'GET', answer));
  response.end(body);
}

/**
 * Node answers a request it cannot read (headers past its 16 KiB limit, a
 * request or headers timeout, bytes that are not HTTP) before the core sees one.
 * This answers as problem+json like every other failure, and says
 * `Connection: close`, so that a keep-alive client does not send its next
 * request into a reset connection.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem: Problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? {
          code: 'header-fields-too-large',
          detail: 'The request line and headers are larger than 16 KiB; send fewer or shorter headers.',
        }
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? { code: 'request-timeout', detail: 'The request did not arrive in time; send it at once.' }
        : { code: 'malformed-request', detail: 'The request is not valid HTTP/1.1.' };
  const { instance: _none, ...body } = problemBody(problem, '');
  const text = JSON.stringify(body);
  const status = statusOf(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}
