/**
 * Serves the session hub on the mock's HTTP server: the SignalR negotiate step,
 * the WebSocket upgrade (for the hub's path only), and the claiming of expiries.
 * A member's world is the one its session token names (`ns`), so SignalR clients
 * need no X-Mock-Namespace header; each world with connections here has its own
 * SessionHub, fed by the registry's events of that world, which come from every
 * replica of a shared store.
 *
 * Nothing here is the process's own view of a world: expiries are claimed from the
 * store (`sessions.claimExpired`, each answered to one replica) with the clock as
 * the store holds it, and announced as `session-expired`, which every replica's
 * hub turns into SessionExpired for its own connections; connection tokens live
 * in the NegotiationStore (shared too, with Redis).
 */
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import {
  problemBody,
  problemHeaders,
  statusOf,
  storeUnavailable,
  wwwAuthenticate,
  type MockCore,
} from '../core/index.ts';
import { success, type Outcome, type Problem } from '../domain/index.ts';
import { clockNow } from '../services/index.ts';
import { StoreUnavailableError } from '../world/store-errors.ts';
import { defaultWorldName, type NegotiationStore, type World } from '../world/world.ts';
import { reportUnexpectedError } from '../process-guard.ts';
import { issueNegotiation, NegotiationBook } from './negotiations.ts';
import { SessionHub, type HubMember } from './session-hub.ts';
import { serveUpgradeAsHttp } from './upgrade-as-http.ts';

export interface HubRegistration {
  readonly core: MockCore;
  /** The Session API's base path (`/v1`); the hub lives at `<basePath>/hubs/session`. */
  readonly basePath: string;
  /** How often the hub claims the expiries the virtual clock has reached (real time). */
  readonly expiryCheckMs?: number;
  /** Where negotiated connection tokens wait for their WebSocket; this process's memory unless given. */
  readonly negotiations?: NegotiationStore;
  /** The mock's CORS origins (`*`: any); negotiate answers them with credentials allowed. */
  readonly corsOrigins?: readonly string[];
  /** Refuses a Host header the mock does not answer (mock/core/local-access.ts); none: every Host. */
  readonly refuseHost?: (host: string | undefined) => Problem | undefined;
  readonly realNowMs?: () => number;
}

/** The hub's part of the HTTP server: negotiate requests, upgrades, and closing. */
export interface SessionHubAdapter {
  /** Answers the request when it is the hub's negotiate step; answers whether it was. */
  serve(request: IncomingMessage, response: ServerResponse, path: string, query: string): boolean;
  /** Every connection of every world. */
  connections(): number;
  /**
   * Closes every connection with a close message that allows reconnection (a replica shutting down: the
   * client may reconnect, to another replica), waits up to `graceMs` for the clients to close their end,
   * then cuts off what is left.
   */
  close(graceMs?: number): Promise<void>;
}

interface WorldHub {
  readonly hub: SessionHub;
  /** The world's latest handle (each admission renews it: a world dropped and made again is a new one). */
  world: World;
  /** A claim of expiries is running; `again`: another was asked for meanwhile (a clock move). */
  claiming: boolean;
  again: boolean;
}

/** The world a token was minted in (its unverified `ns` claim); verification happens in that world. */
function worldNameOf(token: string | undefined): string {
  const payload = token?.split('.')[1];
  if (payload === undefined) return defaultWorldName;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { ns?: unknown };
    return typeof claims.ns === 'string' ? claims.ns : defaultWorldName;
  } catch {
    return defaultWorldName;
  }
}

export function attachSessionHub(server: Server, options: HubRegistration): SessionHubAdapter {
  const { core } = options;
  const realNowMs = options.realNowMs ?? Date.now;
  const hubPath = `${options.basePath}/hubs/session`;
  const negotiatePath = `${hubPath}/negotiate`;
  const negotiations = options.negotiations ?? new NegotiationBook();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  /** By world name: a shared store answers a new handle for every look-up of the same world. */
  const hubs = new Map<string, WorldHub>();

  // The hub's work on a change or a tick must never fail the REST call or the timer that caused it.
  const guarded = (where: string, work: () => void) => () => {
    try {
      work();
    } catch (error) {
      reportUnexpectedError(error, `the session hub (${where})`);
    }
  };

  /**
   * Claims the world's expiries due on its clock as the store holds it, and announces each on the world's
   * channel: every replica's hub (this one too) hears `session-expired` and ends the session's connections.
   * The store answers each expiry to one claimer only, so each is announced once across replicas.
   */
  const claimExpiries = (entry: WorldHub): void => {
    if (entry.claiming) return void (entry.again = true);
    entry.claiming = true;
    entry.again = false;
    const { world } = entry;
    void (async () => {
      // The store announces what it claims (session-expired), every replica's hub tells its connections.
      await world.sessions.claimExpired(clockNow(await world.clock.read(), realNowMs()));
    })()
      .catch((error: unknown) => {
        // The store out of reach: the next tick claims again (a claim and its announcement are one operation).
        if (!(error instanceof StoreUnavailableError)) reportUnexpectedError(error, 'the session hub (expiries)');
      })
      .finally(() => {
        entry.claiming = false;
        if (entry.again) claimExpiries(entry);
      });
  };

  const unwatch = core.worlds.watch((name, event) => {
    const entry = hubs.get(name);
    if (!entry) return;
    guarded('a session change', () => {
      entry.hub.onChange(event);
      // A clock move may have reached expiries: claimed now, not at the next tick.
      if (event.kind === 'clock-moved') claimExpiries(entry);
    })();
  });

  /**
   * The hub of a world, made on its first connection here. Called in the same turn as the hub's accept, so that
   * the tick, which lets go of hubs without connections, never comes between them.
   */
  const hubOf = (world: World): SessionHub => {
    let entry = hubs.get(world.name);
    if (!entry) {
      entry = { hub: new SessionHub(), world, claiming: false, again: false };
      hubs.set(world.name, entry);
    }
    entry.world = world;
    return entry.hub;
  };

  /** A session token from `?access_token=` (browsers cannot set headers on a WebSocket) or a bearer header. */
  const admit = async (
    query: URLSearchParams,
    authorization: string | undefined,
  ): Promise<Outcome<{ member: HubMember; world: World }>> => {
    const token = query.get('access_token');
    const presented = token === null ? authorization : `Bearer ${token}`;
    const bearer = /^Bearer[ ]+(\S+)/i.exec(presented ?? '')?.[1];
    const world = (await core.worlds.find(worldNameOf(bearer))) ?? (await core.worlds.find(defaultWorldName))!;
    const service = await core.serviceOf(world);
    const member = await service.authenticateMember(presented);
    if (!member.ok) return member;
    const session = await service.current(member.value);
    if (!session.ok) return session;
    return success({ member: { claims: member.value.claims }, world });
  };

  // SignalR's browser client negotiates with credentials (withCredentials defaults to true) and
  // its own headers, which the API's CORS answer (`*`, named headers) does not allow.
  const corsOrigins = options.corsOrigins ?? ['*'];
  const corsHeaders = (origin: string | undefined): Record<string, string> => {
    if (origin === undefined || (!corsOrigins.includes('*') && !corsOrigins.includes(origin))) return {};
    return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
  };
  const write = (response: ServerResponse, status: number, headers: Record<string, string>, body?: string) => {
    response.writeHead(status, headers);
    response.end(body);
  };

  // No operationId: negotiate is not an operation of spec/session-api.yaml, so `Prefer: code=` does not apply.
  const negotiate = async (request: IncomingMessage, response: ServerResponse, query: URLSearchParams) => {
    const cors = corsHeaders(request.headers.origin);
    const version = query.get('negotiateVersion');
    if (version !== null && version !== '1') {
      // SignalR clients ask for version 1; its answer carries connectionToken.
      const error = JSON.stringify({ error: `Negotiate version ${version} is not supported; use negotiateVersion=1.` });
      return write(response, 400, { ...cors, 'content-type': 'application/json' }, error);
    }
    const member = await admit(query, request.headers.authorization);
    if (!member.ok) {
      const body = JSON.stringify(problemBody(member.problem, hubPath));
      return write(response, statusOf(member.problem), { ...cors, ...problemHeaders(member.problem) }, body);
    }
    const body = JSON.stringify({
      negotiateVersion: 1,
      ...(await issueNegotiation(negotiations)),
      availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text'] }],
    });
    return write(response, 200, { ...cors, 'content-type': 'application/json' }, body);
  };

  const serve: SessionHubAdapter['serve'] = (request, response, path, query) => {
    if (path !== negotiatePath) return false;
    if (request.method === 'OPTIONS') {
      write(response, 204, {
        ...corsHeaders(request.headers.origin),
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'Authorization, Content-Type, X-Requested-With, X-SignalR-User-Agent',
        'content-length': '0',
      });
      return true;
    }
    if (request.method !== 'POST') return false;
    // The request's body (none is expected) is drained, never read.
    request.resume();
    negotiate(request, response, new URLSearchParams(query)).catch((error: unknown) => {
      if (error instanceof StoreUnavailableError) {
        // The store out of reach is no bug: 503 with Retry-After, as the API answers (spec/mock-overlay.yaml).
        const problem = storeUnavailable(error);
        const body = JSON.stringify(problemBody(problem, hubPath));
        const cors = corsHeaders(request.headers.origin);
        if (!response.headersSent) write(response, 503, { ...cors, ...problemHeaders(problem) }, body);
        return;
      }
      reportUnexpectedError(error, 'the session hub (negotiate)');
      if (!response.headersSent) write(response, 500, { 'content-type': 'application/problem+json' }, '{}');
    });
    return true;
  };

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
    void (async () => {
      // Without negotiation (skipNegotiation: true) there is no id; with it, the id must be one a replica issued.
      if (connectionToken !== null && !(await negotiations.take(connectionToken))) {
        return refuseUpgrade(
          socket,
          { code: 'not-found', detail: 'The connection id is unknown, used or expired; negotiate again.' },
          hubPath,
        );
      }
      const admitted = await admit(query, request.headers.authorization);
      if (!admitted.ok) return refuseUpgrade(socket, admitted.problem, hubPath);
      sockets.handleUpgrade(request, socket, head, (webSocket) => {
        try {
          hubOf(admitted.value.world).accept(webSocket, admitted.value.member);
        } catch (error) {
          reportUnexpectedError(error, 'the session hub (accepting a connection)');
          webSocket.terminate();
        }
      });
    })().catch((error: unknown) => {
      if (error instanceof StoreUnavailableError) return refuseUpgrade(socket, storeUnavailable(error), hubPath);
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
        if (server.listenerCount('upgrade') === 1) serveUpgradeAsHttp(server, request, socket, head);
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
  server.on('upgrade', onUpgrade);

  // Each tick claims every world's due expiries, and lets go of the hubs whose connections have all closed.
  const tick = guarded('the expiry check', () => {
    for (const [name, entry] of hubs) {
      if (entry.hub.connectionCount() === 0) hubs.delete(name);
      else claimExpiries(entry);
    }
  });
  const expiryTimer = setInterval(tick, options.expiryCheckMs ?? 1000).unref();

  return {
    serve,
    connections: () => sockets.clients.size,
    // Before the HTTP server's close, which waits for open sockets.
    close: async (graceMs = 2000) => {
      clearInterval(expiryTimer);
      server.off('upgrade', onUpgrade);
      unwatch();
      for (const { hub } of hubs.values()) hub.closeAll('The mock is shutting down; connect again.', true);
      hubs.clear();
      // Each socket has sent its close message and close frame: the client's close frame ends it.
      const closed = [...sockets.clients].map(
        (client) =>
          new Promise<void>((resolve) =>
            client.readyState === client.CLOSED ? resolve() : client.once('close', () => resolve()),
          ),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(closed),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs).unref())),
      ]);
      clearTimeout(timer);
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
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
    ...(problem.retryAfterSeconds === undefined ? [] : [`Retry-After: ${problem.retryAfterSeconds}`]),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
