/**
 * Serves the session hub on the mock's Fastify app: the SignalR negotiate step as a
 * route, the WebSocket upgrade on the app's HTTP server (for the hub's path only),
 * and expiry checks after each clock change and on a timer.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import { success, type Outcome, type Problem } from '../domain/index.ts';
import { problemBody, sendProblem, statusOf, wwwAuthenticate } from '../http/problem-response.ts';
import type { SessionService, VirtualClock } from '../services/index.ts';
import { reportUnexpectedError } from '../process-guard.ts';
import { NegotiationBook } from './negotiations.ts';
import { SessionHub, type HubMember } from './session-hub.ts';
import { serveUpgradeAsHttp } from './upgrade-as-http.ts';

export interface HubRegistration {
  readonly service: SessionService;
  readonly clock: VirtualClock;
  /** The Session API's base path (`/v1`); the hub lives at `<basePath>/hubs/session`. */
  readonly basePath: string;
  /** The mock's CORS origins (`*`: any); negotiate answers them with credentials allowed. */
  readonly corsOrigins?: readonly string[];
  /** Refuses a Host header the mock does not answer (mock/http/local-access.ts); none: every Host. */
  readonly refuseHost?: (host: string | undefined) => Problem | undefined;
}

export function registerSessionHub(app: FastifyInstance, options: HubRegistration): SessionHub {
  const { service, clock } = options;
  const hubPath = `${options.basePath}/hubs/session`;
  const hub = new SessionHub({ clock });
  const negotiations = new NegotiationBook();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  /** A session token from `?access_token=` (browsers cannot set headers on a WebSocket) or a bearer header. */
  const admit = async (query: URLSearchParams, authorization: string | undefined): Promise<Outcome<HubMember>> => {
    const token = query.get('access_token');
    const member = await service.authenticateMember(token === null ? authorization : `Bearer ${token}`);
    if (!member.ok) return member;
    const session = await service.current(member.value);
    if (!session.ok) return session;
    return success({ claims: member.value.claims, expiry: session.value.expiry });
  };

  // SignalR's browser client negotiates with credentials (withCredentials defaults to true) and
  // its own headers, which the mock's global CORS answer (`*`, four headers) does not allow.
  const corsOrigins = options.corsOrigins ?? ['*'];
  const cors = {
    origin: corsOrigins.includes('*') ? true : [...corsOrigins],
    credentials: true,
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Requested-With', 'X-SignalR-User-Agent'],
  };
  app.options(`${hubPath}/negotiate`, { config: { cors } }, (_request, reply) => reply.code(204).send());
  // No operationId: negotiate is not an operation of spec/session-api.yaml, so `Prefer: code=` does not apply.
  app.post(`${hubPath}/negotiate`, { config: { cors } }, async (request, reply) => {
    const url = new URL(request.url, 'http://mock.invalid');
    const version = url.searchParams.get('negotiateVersion');
    if (version !== null && version !== '1') {
      // SignalR clients ask for version 1; its answer carries connectionToken.
      return reply
        .code(400)
        .type('application/json')
        .send(JSON.stringify({ error: `Negotiate version ${version} is not supported; use negotiateVersion=1.` }));
    }
    const authorization = request.headers.authorization;
    const member = await admit(url.searchParams, authorization);
    if (!member.ok) return sendProblem(reply, member.problem, hubPath);
    const negotiation = negotiations.issue();
    return reply
      .code(200)
      .type('application/json')
      .send(
        JSON.stringify({
          negotiateVersion: 1,
          ...negotiation,
          availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text'] }],
        }),
      );
  });

  /** The hub's own upgrades: a GET of exactly the hub's path asking for a WebSocket. */
  const hubUpgrade = (request: IncomingMessage): URLSearchParams | undefined => {
    const target = request.url ?? '';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const upgrade = request.headers.upgrade;
    if (
      path !== hubPath ||
      request.method !== 'GET' ||
      typeof upgrade !== 'string' ||
      upgrade.trim().toLowerCase() !== 'websocket'
    )
      return undefined;
    // URLSearchParams never throws: a malformed %-escape stays as it is.
    return new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
  };

  const acceptUpgrade = (query: URLSearchParams, request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusedHost = options.refuseHost?.(request.headers.host);
    if (refusedHost) return refuseUpgrade(socket, refusedHost, hubPath);
    const connectionToken = query.get('id');
    // Without negotiation (skipNegotiation: true) there is no id; with it, the id must be one the hub issued.
    if (connectionToken !== null && !negotiations.consume(connectionToken)) {
      return refuseUpgrade(
        socket,
        { code: 'not-found', detail: 'The connection id is unknown, used or expired; negotiate again.' },
        hubPath,
      );
    }
    void admit(query, request.headers.authorization)
      .then((member) => {
        if (!member.ok) return refuseUpgrade(socket, member.problem, hubPath);
        sockets.handleUpgrade(request, socket, head, (webSocket) => {
          try {
            hub.accept(webSocket, member.value);
          } catch (error) {
            reportUnexpectedError(error, 'the session hub (accepting a connection)');
            webSocket.terminate();
          }
        });
      })
      .catch((error: unknown) => {
        reportUnexpectedError(error, 'the session hub (admitting a connection)');
        refuseUpgrade(
          socket,
          { code: 'internal-error', detail: 'The hub failed to admit the connection; this is a bug in the mock.' },
          hubPath,
        );
      });
  };

  // Checks that every hub upgrade must pass go at the start of the try, before acceptUpgrade.
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const query = hubUpgrade(request);
      if (query === undefined) {
        // Not the hub's: served as plain HTTP, unless another listener is there to take it.
        if (app.server.listenerCount('upgrade') === 1) serveUpgradeAsHttp(app.server, request, socket, head);
        return;
      }
      acceptUpgrade(query, request, socket, head);
    } catch (error) {
      reportUnexpectedError(error, 'the session hub (an upgrade request)');
      refuseUpgrade(
        socket,
        { code: 'internal-error', detail: 'The hub failed on this upgrade request; this is a bug in the mock.' },
        hubPath,
      );
    }
  };
  // A handshake ws refuses (no Sec-WebSocket-Key, another version): answered as problem+json like the rest.
  sockets.on('wsClientError', (error: Error, socket: Duplex) => {
    refuseUpgrade(
      socket,
      { code: 'malformed-request', detail: `${error.message}; open the hub with a WebSocket client (RFC 6455).` },
      hubPath,
    );
  });
  app.server.on('upgrade', onUpgrade);

  // The hub's work on a change or a tick must never fail the REST call or the timer that caused it.
  const guarded = (where: string, work: () => void) => () => {
    try {
      work();
    } catch (error) {
      reportUnexpectedError(error, `the session hub (${where})`);
    }
  };
  const stopHearingChanges = service.onChange((change) =>
    guarded('a session change', () => {
      if (change.kind === 'reset') negotiations.clear();
      hub.onChange(change);
    })(),
  );
  const checkExpiry = guarded('the expiry check', () => hub.checkExpiry());
  const stopHearingClock = clock.onAdvance(checkExpiry);

  // Once a second of real time the hub looks for sessions past their expiry.
  const expiryTimer = setInterval(checkExpiry, 1000).unref();
  // preClose: the HTTP server's close waits for open sockets, so the hub's go first.
  app.addHook('preClose', () => {
    clearInterval(expiryTimer);
    stopHearingChanges();
    stopHearingClock();
    app.server.off('upgrade', onUpgrade);
    hub.closeAll('The mock is shutting down.');
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    return Promise.resolve();
  });

  return hub;
}

/** Answers a refused upgrade as plain HTTP with a problem+json body, then hangs up. */
function refuseUpgrade(socket: Duplex, problem: Problem, instance: string): void {
  if (!socket.writable) return void socket.destroy();
  const status = statusOf(problem);
  const body = JSON.stringify(problemBody(problem, instance));
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...(status === 401
      ? [`WWW-Authenticate: ${wwwAuthenticate(problem.challenge?.scheme ?? 'bearer', problem.challenge?.tokenRefused)}`]
      : []),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
