/**
 * Builds the mock's Fastify application: the Session API under its base path, the
 * control plane under /__mock, CORS, and problem+json for every failure. Opens no
 * port: mock/main.ts does that, tests use inject().
 */
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import { pino } from 'pino';
import Fastify, {
  errorCodes,
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
} from 'fastify';
import { ApiDescription, mockControlFile, sessionApiFile } from '../../spec/index.ts';
import { isLoopback, type MockConfig } from '../config.ts';
import type { Problem } from '../domain/index.ts';
import { registerDocs } from '../docs/index.ts';
import { registerSessionHub, type SessionHub } from '../hub/index.ts';
import { ScenarioBook, scenarioControlHandlers } from '../scenarios/index.ts';
import { MemorySessionStore } from '../store/session-store.ts';
import {
  createApiKeyCheck,
  createRandomSource,
  NonceBook,
  SessionService,
  TokenIssuer,
  VirtualClock,
  type RandomSource,
} from '../services/index.ts';
import { asBadRequest, registerApiRoutes } from './api-routes.ts';
import { registerControlRoutes } from './control-routes.ts';
import { FaultRules } from './faults.ts';
import { RequestJournal } from './journal.ts';
import { registerLocalAccess } from './local-access.ts';
import { createLogDestination } from './log-output.ts';
import { problemBody, sendProblem, statusOf } from './problem-response.ts';
import { registerTraffic } from './traffic.ts';

export interface MockParts {
  /** The real clock to build the virtual one on (tests pass a fake). */
  realNowMs?: () => number;
  random?: RandomSource;
}

export interface Mock {
  readonly app: FastifyInstance;
  readonly service: SessionService;
  readonly clock: VirtualClock;
  /** The real-time session hub at <basePath>/hubs/session (mock/hub). */
  readonly hub: SessionHub;
  /** Scenarios: `--scenario` (mock/main.ts) and the control plane load them (mock/scenarios). */
  readonly scenarios: ScenarioBook;
}

const sweepIntervalMs = 30_000;

export function buildMock(config: MockConfig, parts: MockParts = {}): Mock {
  const api = ApiDescription.fromFile(sessionApiFile, 'session-api');
  const control = ApiDescription.fromFile(mockControlFile, 'mock-control');
  const clock = new VirtualClock(parts.realNowMs);
  const random = parts.random ?? createRandomSource(config.seed);
  const secret =
    config.tokenSecret === undefined ? new Uint8Array(randomBytes(32)) : new TextEncoder().encode(config.tokenSecret);
  const service = new SessionService({
    store: new MemorySessionStore(),
    tokens: new TokenIssuer(secret, clock),
    nonces: new NonceBook(random, config.nonceTtlSeconds, config.maxNonces),
    clock,
    random,
    isAcceptedApiKey: createApiKeyCheck(config.apiKeys),
    walletTokenTtlSeconds: config.walletTokenTtlSeconds,
    maxSessions: config.maxSessions,
  });
  const faults = new FaultRules();
  const journal = new RequestJournal(config.journalSize);

  // Batched, and formatted for a terminal when pretty (mock/http/log-output.ts); pino writes what is left at exit.
  const logOutput = config.logLevel === 'silent' ? undefined : createLogDestination(config.logFormat);
  const logger: FastifyBaseLogger | undefined =
    logOutput && pino({ level: config.logLevel, base: null }, logOutput.stream);
  const app = Fastify({
    loggerInstance: logger,
    // traffic.ts writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request: the request line carries what identifies it,
    // and a pino child per request was a measurable share of each answer.
    childLoggerFactory: (logger) => logger,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    return503OnClosing: true,
    http: {
      // Slow clients: headers must arrive within 10 s (or the request timeout, if
      // shorter), and Node checks every second, not every 30 s, so a client that
      // trickles bytes is cut off near its timeout, not up to 30 s after it.
      headersTimeout: Math.min(config.requestTimeoutMs, 10_000),
      connectionsCheckingInterval: 1000,
    },
    clientErrorHandler: answerClientError,
  });

  // One parser for every media type: the body stays raw until the route knows it
  // takes one, so 415 and 400 come in the order of docs/rules.md §17, not Fastify's.
  // A route that takes no body drains one unread, so that even one over the limit
  // is ignored (docs/rules.md §17) instead of answered with an undocumented 413.
  // Fastify answers a Content-Type it cannot parse with 415 before any parser runs;
  // where no body is read (operations that take none, unknown paths, other
  // methods) the header is dropped so that such a body is drained and ignored too.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers['content-type'] !== undefined && request.routeOptions.config?.takesBody !== true)
      delete request.raw.headers['content-type'];
    done();
  });
  // Before CORS and every other hook: a refused page or Host gets nothing else.
  const refusedHost = registerLocalAccess(app, {
    listensOnLoopback: isLoopback(config.host),
    allowedHosts: config.allowedHosts,
    controlOrigins: config.controlOrigins,
    control: config.control,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    if (request.routeOptions.config?.takesBody === true)
      readLimited(payload, request.headers['content-length'], config.bodyLimitBytes, done);
    else drain(payload, done);
  });

  app.register(cors, {
    origin: config.corsOrigins.includes('*') ? '*' : [...config.corsOrigins],
    methods: ['GET', 'POST', 'DELETE'],
    // A `*` would not cover Authorization (Fetch standard), so every header is named.
    allowedHeaders: ['Authorization', 'X-API-KEY', 'Content-Type', 'Prefer'],
    exposedHeaders: ['WWW-Authenticate', 'Retry-After', 'Preference-Applied', 'Allow'],
    maxAge: 600,
    // An OPTIONS request that is no preflight (curl -X OPTIONS) gets the same 204,
    // not the plugin's text/plain 400: every error body here is problem+json.
    strictPreflight: false,
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const path = request.url.split('?')[0]!;
    let problem: Problem;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      problem = { code: 'content-too-large', detail: `The body is larger than ${config.bodyLimitBytes} bytes.` };
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      problem = { code: 'unsupported-media-type', detail: 'Send the body as application/json in UTF-8.' };
    } else if ((error.statusCode ?? 500) < 500) {
      problem = { code: 'malformed-json', detail: `The request cannot be read: ${error.message}` };
    } else {
      request.log.error({ err: error }, 'unexpected error');
      problem = {
        code: 'internal-error',
        detail: 'The mock failed unexpectedly; this is a bug in the mock, please report it.',
      };
    }
    if (request.routeOptions.config?.everyFailureIs400 && problem.code !== 'internal-error')
      problem = asBadRequest(problem);
    // spec/mock-control.yaml documents a body that cannot be read as a 400, whatever the reason.
    if (request.routeOptions.config?.control && problem.code !== 'internal-error')
      problem = { code: 'invalid-control-request', detail: problem.detail };
    return sendProblem(reply, problem, path);
  });

  const allowedMethods = new Map<string, string[]>();
  // Fastify answers HEAD wherever it answers GET (exposeHeadRoutes), so Allow says so too.
  const remember = (path: string, method: string) =>
    allowedMethods.set(path, [...(allowedMethods.get(path) ?? []), ...(method === 'GET' ? ['GET', 'HEAD'] : [method])]);
  for (const operation of api.operations) remember(`${api.basePath}${operation.path}`, operation.method);
  if (config.control) for (const operation of control.operations) remember(operation.path, operation.method);

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = allowedMethods.get(path);
    if (allowed) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        reply,
        {
          code: 'method-not-allowed',
          detail: `${request.method} is not served at ${path}; allowed: ${allowed.join(', ')}.`,
        },
        path,
      );
    }
    const controlPlane = config.control ? ', the control plane under /__mock' : '';
    const detail =
      `Nothing is served at ${path}. The Session API lives under ${api.basePath}/${controlPlane}; ` +
      'read the reference at /docs and the README for the rest.';
    return sendProblem(reply, { code: 'not-found', detail }, path);
  });

  registerTraffic(app, { api, faults, journal });
  registerApiRoutes(app, api, service);
  const hub = registerSessionHub(app, {
    service,
    clock,
    basePath: api.basePath,
    corsOrigins: config.corsOrigins,
    refuseHost: refusedHost,
  });
  const controlSpec = config.control ? { controlSpecFile: mockControlFile } : {};
  registerDocs(app, { specFile: sessionApiFile, basePath: api.basePath, ...controlSpec });
  const scenarios = new ScenarioBook({ service, control, clock });
  if (config.control) {
    registerControlRoutes(app, {
      control,
      service,
      clock,
      faults,
      journal,
      requiredToken: config.controlToken,
      allowed: isLoopback(config.host) || config.controlToken !== undefined,
      defaultWalletTokenTtlSeconds: config.walletTokenTtlSeconds,
      extraHandlers: scenarioControlHandlers(scenarios, control),
    });
  }

  const sweeper = setInterval(() => void service.sweep(), sweepIntervalMs).unref();
  app.addHook('onClose', () => {
    clearInterval(sweeper);
    logOutput?.close();
    return Promise.resolve();
  });

  return { app, service, clock, hub, scenarios };
}

/** The raw body as a Buffer, or a 413 error (Fastify's own) once it passes `limit` bytes. */
function readLimited(
  payload: NodeJS.ReadableStream,
  declaredLength: string | undefined,
  limit: number,
  done: (error: Error | null, body?: Buffer) => void,
): void {
  if (Number(declaredLength) > limit) return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: Error | null, body?: Buffer) => {
    if (finished) return;
    finished = true;
    payload.removeListener('data', onData);
    done(error, body);
  };
  const onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limit) {
      finish(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      payload.resume();
      return;
    }
    chunks.push(bytes);
  };
  payload.on('data', onData);
  payload.once('end', () => finish(null, Buffer.concat(chunks, size)));
  payload.once('error', (error: Error & { statusCode?: number }) => {
    // A body cut short by the client: a 400, as Fastify answers it.
    error.statusCode ??= 400;
    finish(error);
  });
}

/** Reads a body to its end without keeping it. */
function drain(payload: NodeJS.ReadableStream, done: (error: Error | null, body?: undefined) => void): void {
  payload.once('end', () => done(null, undefined));
  payload.once('error', (error: Error & { statusCode?: number }) => {
    error.statusCode ??= 400;
    done(error);
  });
  payload.resume();
}

/**
 * Node answers a request it cannot read (headers past its 16 KiB limit, a
 * request or headers timeout, bytes that are not HTTP) before Fastify sees one.
 * This answers as problem+json like every other failure, and says
 * `Connection: close`: Fastify's default closes without saying so, and a
 * keep-alive client then sends its next request into a reset connection.
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
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ` +
        `application/problem+json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: ` +
        `close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}
