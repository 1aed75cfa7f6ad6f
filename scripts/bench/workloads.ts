import type { AutocannonRequest } from 'autocannon';
import { benchNamespace, mockApiKey } from './mock-client.ts';
import { serverKinds, type ServerName } from './servers.ts';

/** What a workload needs from a server: real tokens for the mock, placeholders elsewhere. */
export interface Fixture {
  /** A session token of the fixture session's host. */
  sessionToken: string;
  /** The wallet token of a guest already in the fixture session (joins again: idempotent). */
  guestWalletToken: string;
  /** The wallet token of the fixture session's host. */
  hostWalletToken: string;
  sessionId: string;
  /** Wallet tokens for the lifecycle workload (mock only). */
  walletPool: string[];
  /** The same session set-up in the world `benchNamespace` (mock only). */
  named?: { sessionToken: string; guestWalletToken: string; sessionId: string };
}

/** Prism checks that credentials are present, not that they are valid. */
export const placeholderFixture: Fixture = {
  sessionToken: 'bench-placeholder-token',
  guestWalletToken: 'bench-placeholder-token',
  hostWalletToken: 'bench-placeholder-token',
  sessionId: '9f6b2c1e-3d4a-4b8e-a1f0-6c2d7e8f9a0b',
  walletPool: [],
};

export interface Workload {
  name: string;
  description: string;
  servers: readonly ServerName[];
  /** The status every answer should have; undefined: any 2xx. */
  expectedStatus(server: ServerName): number | undefined;
  requests(server: ServerName, fixture: Fixture): AutocannonRequest[];
}

const json = 'application/json';
const everyServer: readonly ServerName[] = ['bare', 'mock', 'prism', 'prism-silent'];
/** The workloads measured through the Redis store as well (`--store redis`). */
const withRedis: readonly ServerName[] = [...everyServer, 'mock-redis'];
const prefix = (server: ServerName): string => serverKinds[server].apiPrefix;

export const getCurrent: Workload = {
  name: 'get-current',
  description: 'GET /v1/session/current with a valid session token (the host of a 2-member session)',
  servers: withRedis,
  expectedStatus: () => undefined,
  requests: (server, fixture) => [
    {
      method: 'GET',
      path: `${prefix(server)}/session/current`,
      headers: { authorization: `Bearer ${fixture.sessionToken}` },
    },
  ],
};

export const joinRejoin: Workload = {
  name: 'join-rejoin',
  description: 'POST /v1/session/join by a wallet already in the session (idempotent 200, a fresh token each time)',
  servers: withRedis,
  expectedStatus: () => undefined,
  requests: (server, fixture) => [
    {
      method: 'POST',
      path: `${prefix(server)}/session/join`,
      headers: { authorization: `Bearer ${fixture.guestWalletToken}`, 'content-type': json },
      body: JSON.stringify({ sessionId: fixture.sessionId }),
    },
  ],
};

const invalidCreate: Workload = {
  name: 'invalid-422',
  description:
    'POST /v1/session with valid credentials and {"rules":{"userCapacity":0}} (422); bare answers it as a plain POST',
  servers: everyServer,
  // The bare server validates nothing: for it this is the POST-with-JSON baseline.
  expectedStatus: (server) => (server === 'bare' ? undefined : 422),
  requests: (server, fixture) => [
    {
      method: 'POST',
      path: `${prefix(server)}/session`,
      headers: { 'x-api-key': mockApiKey, authorization: `Bearer ${fixture.hostWalletToken}`, 'content-type': json },
      body: JSON.stringify({ rules: { userCapacity: 0 } }),
    },
  ],
};

interface LifecycleContext {
  host?: string;
  guestA?: string;
  guestB?: string;
  sessionId?: string;
  hostToken?: string;
  guestAToken?: string;
  guestAId?: string;
  guestBToken?: string;
}

function parse(body: string): { sessionId?: string; credentials?: { token?: string; id?: string } } {
  try {
    return JSON.parse(body) as { sessionId?: string; credentials?: { token?: string; id?: string } };
  } catch {
    return {};
  }
}

/**
 * Each connection loops over one session's life: create, two joins, three
 * reads, a rejoin, a kick, a disconnect, a delete (10 requests). A failed step
 * leaves the context without what the next step needs; autocannon then starts
 * the cycle again, and the failure shows in the non-2xx count.
 */
export const lifecycle: Workload = {
  name: 'lifecycle',
  description:
    'per connection, repeatedly: create, join x2, GET current x3, rejoin, kick, disconnect, delete (10 requests)',
  servers: ['mock'],
  expectedStatus: () => undefined,
  requests: (_server, fixture) => {
    const pool = fixture.walletPool;
    let cycle = 0;
    const ctx = (context: Record<string, unknown>): LifecycleContext => context;
    const bearer = (token: string | undefined): Record<string, string> => ({ authorization: `Bearer ${token ?? ''}` });
    const join = (wallet: 'guestA' | 'guestB', save: 'guestA' | 'guestB' | undefined): AutocannonRequest => ({
      method: 'POST',
      path: '/v1/session/join',
      setupRequest: (request, context) => {
        const c = ctx(context);
        if (!c.sessionId) return null;
        return {
          ...request,
          headers: { ...bearer(c[wallet]), 'content-type': json },
          body: JSON.stringify({ sessionId: c.sessionId }),
        };
      },
      onResponse: (status, body, context) => {
        if (status !== 200 || !save) return;
        const answer = parse(body);
        const c = ctx(context);
        if (save === 'guestA') {
          c.guestAToken = answer.credentials?.token;
          c.guestAId = answer.credentials?.id;
        } else {
          c.guestBToken = answer.credentials?.token;
        }
      },
    });
    const read = (token: 'hostToken' | 'guestAToken' | 'guestBToken'): AutocannonRequest => ({
      method: 'GET',
      path: '/v1/session/current',
      setupRequest: (request, context) => {
        const value = ctx(context)[token];
        return value ? { ...request, headers: bearer(value) } : null;
      },
    });
    return [
      {
        method: 'POST',
        path: '/v1/session',
        setupRequest: (request, context) => {
          const c = ctx(context);
          const k = cycle++;
          c.host = pool[(3 * k) % pool.length];
          c.guestA = pool[(3 * k + 1) % pool.length];
          c.guestB = pool[(3 * k + 2) % pool.length];
          return {
            ...request,
            headers: { 'x-api-key': mockApiKey, ...bearer(c.host), 'content-type': json },
            body: JSON.stringify({ rules: { userCapacity: 10 } }),
          };
        },
        onResponse: (status, body, context) => {
          if (status !== 200) return;
          const answer = parse(body);
          ctx(context).sessionId = answer.sessionId;
          ctx(context).hostToken = answer.credentials?.token;
        },
      },
      join('guestA', 'guestA'),
      join('guestB', 'guestB'),
      read('hostToken'),
      read('guestAToken'),
      read('guestBToken'),
      join('guestB', undefined),
      {
        method: 'POST',
        path: '/v1/session/current/kick',
        setupRequest: (request, context) => {
          const c = ctx(context);
          if (!c.hostToken || !c.guestAId) return null;
          return {
            ...request,
            headers: { ...bearer(c.hostToken), 'content-type': json },
            body: JSON.stringify({ userId: c.guestAId }),
          };
        },
      },
      {
        method: 'POST',
        path: '/v1/session/disconnect',
        setupRequest: (request, context) => {
          const c = ctx(context);
          return c.guestBToken ? { ...request, headers: bearer(c.guestBToken) } : null;
        },
      },
      {
        method: 'DELETE',
        path: '/v1/session/current',
        setupRequest: (request, context) => {
          const c = ctx(context);
          return c.hostToken ? { ...request, headers: bearer(c.hostToken) } : null;
        },
      },
    ];
  },
};

/**
 * A workload of `default` again, in the named world: every request carries X-Mock-Namespace and the
 * named world's credentials. Its req/s against the original's, in the same run, is what a world costs.
 */
function inNamedWorld(original: Workload): Workload {
  return {
    name: `${original.name}-named`,
    description: `${original.name}, in the world "${benchNamespace}" (X-Mock-Namespace) instead of default`,
    servers: ['mock'],
    expectedStatus: (server) => original.expectedStatus(server),
    requests: (server, fixture) => {
      if (!fixture.named) throw new Error(`The ${original.name}-named workload needs the mock's named fixture.`);
      const named: Fixture = { ...fixture, ...fixture.named };
      return original.requests(server, named).map((request) => ({
        ...request,
        headers: { ...request.headers, 'x-mock-namespace': benchNamespace },
      }));
    },
  };
}

export const namedWorkloads: readonly { workload: Workload; original: string }[] = [getCurrent, joinRejoin].map(
  (original) => ({ workload: inNamedWorld(original), original: original.name }),
);

export const workloads: readonly Workload[] = [
  getCurrent,
  joinRejoin,
  invalidCreate,
  lifecycle,
  ...namedWorkloads.map(({ workload }) => workload),
];

/** Creates live sessions as fast as the server takes them, rotating over a pool of wallets. */
export function createSessionRequests(walletPool: readonly string[]): AutocannonRequest[] {
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/v1/session',
      setupRequest: (request) => ({
        ...request,
        headers: {
          'x-api-key': mockApiKey,
          authorization: `Bearer ${walletPool[next++ % walletPool.length] ?? ''}`,
          'content-type': json,
        },
        body: '{}',
      }),
    },
  ];
}
