/**
 * A typed client of the mock's control plane (spec/mock-control.yaml): openapi-fetch
 * over the same transport as the Session API client, acting on one namespace
 * (`X-Mock-Namespace` on every call). Every call answers `{ data, error, response }`
 * and throws only for transport failures; `expectRequests` is the one assertion,
 * and throws when the journal does not hold what it expects.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../spec/generated/mock-control.ts';
import type { operations as SessionApiOperations } from '../../spec/generated/session-api.ts';
import { ClientError } from './errors.ts';
import { transportFetch } from './openapi-adapter.ts';
import { checkOptionNames, lazyFetch, parseBaseUrl } from './client-options.ts';
import { Transport, type Exchange, type FetchLike } from './transport.ts';

type Schemas = components['schemas'];

export interface MockControlOptions {
  /** The mock's origin, such as `http://127.0.0.1:4010` (the control plane lives under /__mock). */
  baseUrl: string;
  /** The world every call acts on, sent as `X-Mock-Namespace` (`default` without it). */
  namespace?: string;
  /** The mock's `--control-token`, sent as a bearer token (needed beyond loopback). */
  token?: string;
  /** The fetch implementation; by default undici's in Node, the platform's in a browser. */
  fetch?: FetchLike;
  /** Per-request timeout in milliseconds (default 10000). */
  timeoutMs?: number;
}

const optionNames: { [K in keyof Required<MockControlOptions>]: true } = {
  baseUrl: true,
  namespace: true,
  token: true,
  fetch: true,
  timeoutMs: true,
};

/** The operation ids of the Session API (spec/session-api.yaml): what the journal's operationId filter takes. */
export type SessionApiOperationId = keyof SessionApiOperations;

type JournalQuery = NonNullable<paths['/__mock/requests']['get']['parameters']['query']>;

/** The filters of `GET /__mock/requests`, all of them together; `operationId` only of the Session API. */
export interface JournalFilter extends Omit<JournalQuery, 'operationId' | 'since'> {
  operationId?: SessionApiOperationId;
  /** Only requests received at or after this time. */
  since?: string | Date;
}

/** How many matching requests `expectRequests` expects: exactly `times`, or at least `atLeast` (default 1). */
export type RequestCount = { times: number; atLeast?: never } | { atLeast: number; times?: never };

export type JournalEntry = Schemas['JournalEntry'];
export type FaultRuleRequest = Schemas['FaultRuleRequest'];
export type ScenarioRequest = Schemas['ScenarioRequest'];
export type Snapshot = Schemas['Snapshot'];

/** Thrown by `expectRequests` alone: the journal did not hold what was expected, or could not be read. */
export class RequestExpectationError extends ClientError {
  /** Every entry of the journal when it was checked (empty when it could not be read). */
  readonly received: readonly JournalEntry[];

  constructor(message: string, received: readonly JournalEntry[]) {
    super('CONTRACT_ERR_EXPECTATION', message);
    this.received = received;
    this.name = 'RequestExpectationError';
  }
}

export type MockControl = ReturnType<typeof createMockControl>;

export function createMockControl(options: MockControlOptions) {
  checkOptionNames('createMockControl', options, optionNames);
  const baseUrl = parseBaseUrl(options.baseUrl, 'http://127.0.0.1:4010');
  const transport = new Transport({
    baseUrl,
    fetch: lazyFetch(options.fetch),
    timeoutMs: options.timeoutMs ?? 10_000,
    rate: undefined,
    waitOn429: true,
    maxRateLimitRetries: 0,
    maxRetryAfterSeconds: 0,
    onExchange: undefined,
    headers: {
      ...(options.namespace === undefined ? {} : { 'X-Mock-Namespace': options.namespace }),
      ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
    },
  });
  const exchanges = new WeakMap<Response, Exchange>();
  const api: Client<paths> = createClient<paths>({ baseUrl, fetch: transportFetch(transport, exchanges) });
  const namespace = options.namespace ?? 'default';

  const requests = (filter: JournalFilter = {}) => {
    const { since, ...rest } = filter;
    const query: JournalQuery = { ...rest, ...(since === undefined ? {} : { since: new Date(since).toISOString() }) };
    return api.GET('/__mock/requests', { params: { query } });
  };

  const control = {
    baseUrl,
    namespace,
    /** The typed openapi-fetch client itself, for calls the helpers below do not cover. */
    api,
    /** The raw exchange behind a response this client returned. */
    exchangeOf: (response: Response) => exchanges.get(response),
    health: () => api.GET('/__mock/health'),
    /** Empties this namespace (sessions, nonces, faults, journal, scenario; clock back to real time). */
    reset: () => api.POST('/__mock/reset'),
    /** A wallet token for `address` (a random wallet without it), no signature needed. */
    walletToken: (body: Schemas['WalletTokenRequest'] = {}) => api.POST('/__mock/wallet-token', { body }),
    sessions: () => api.GET('/__mock/sessions'),
    clock: {
      get: () => api.GET('/__mock/clock'),
      advance: (seconds: number) => api.POST('/__mock/clock', { body: { advanceSeconds: seconds } }),
      /** To `now` (Unix seconds; forward only). */
      set: (now: number) => api.POST('/__mock/clock', { body: { now } }),
      freeze: () => api.POST('/__mock/clock', { body: { freeze: true } }),
      unfreeze: () => api.POST('/__mock/clock', { body: { freeze: false } }),
    },
    faults: {
      list: () => api.GET('/__mock/faults'),
      add: (rule: FaultRuleRequest) => api.POST('/__mock/faults', { body: rule }),
      clear: () => api.DELETE('/__mock/faults'),
    },
    scenario: {
      /** The shipped scenarios. */
      list: () => api.GET('/__mock/scenarios'),
      /** The loaded scenario with its ids and tokens (404 when none is loaded). */
      get: () => api.GET('/__mock/scenario'),
      /** A shipped scenario by name, or a scenario's content. */
      load: (scenario: string | Schemas['Scenario']) =>
        api.POST('/__mock/scenario', {
          body: typeof scenario === 'string' ? { name: scenario } : { scenario },
        }),
    },
    /** This namespace as one document (the journal excepted). */
    snapshot: () => api.GET('/__mock/snapshot'),
    /** Replaces this namespace with a snapshot. */
    restore: (snapshot: Snapshot) => api.PUT('/__mock/snapshot', { body: snapshot }),
    namespaces: {
      /** Every namespace of the mock, whatever this client's is. */
      list: () => api.GET('/__mock/namespaces'),
      delete: (name: string) => api.DELETE('/__mock/namespaces/{name}', { params: { path: { name } } }),
    },
    journal: {
      /** The recorded API requests of this namespace, oldest first, filtered. */
      list: requests,
      clear: () => api.DELETE('/__mock/requests'),
    },
    /**
     * Throws unless the journal holds as many requests matching `filter` as `count` says
     * (at least one by default), with a message that lists every request it holds.
     */
    async expectRequests(filter: JournalFilter, count: RequestCount = { atLeast: 1 }): Promise<JournalEntry[]> {
      const [matching, all] = await Promise.all([requests(filter), requests()]);
      const failed = matching.error !== undefined ? matching : all.error !== undefined ? all : undefined;
      if (failed || !matching.data || !all.data) {
        const status = (failed ?? matching).response.status;
        throw new RequestExpectationError(
          `Could not read the journal of namespace "${namespace}": ${status} ${JSON.stringify(failed?.error)}`,
          [],
        );
      }
      const found = matching.data.requests;
      const ok = count.times !== undefined ? found.length === count.times : found.length >= count.atLeast;
      if (ok) return found;
      throw new RequestExpectationError(expectationMessage(namespace, filter, count, found, all.data.requests), [
        ...all.data.requests,
      ]);
    },
  };
  return Object.freeze(control);
}

function expectationMessage(
  namespace: string,
  filter: JournalFilter,
  count: RequestCount,
  found: readonly JournalEntry[],
  received: readonly JournalEntry[],
): string {
  const wanted = count.times !== undefined ? `exactly ${count.times}` : `at least ${count.atLeast}`;
  const described = Object.entries(filter)
    .map(([name, value]) => `${name}=${value instanceof Date ? value.toISOString() : String(value)}`)
    .join(', ');
  const lines = received.map(
    (entry) =>
      `  #${entry.sequence} ${entry.method} ${entry.path} -> ${entry.status} (${entry.operationId ?? 'no operation'})`,
  );
  const noun = wanted.endsWith(' 1') ? 'request' : 'requests';
  return (
    `Expected ${wanted} ${noun} matching { ${described || 'anything'} } in namespace "${namespace}", ` +
    `found ${found.length}. The journal holds ${received.length}:` +
    (lines.length === 0 ? ' nothing.' : `\n${lines.join('\n')}`)
  );
}
