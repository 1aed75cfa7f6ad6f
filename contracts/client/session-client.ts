/**
 * A typed client of the Session API: openapi-fetch over an injectable fetch
 * (default-fetch.ts: undici's in Node, the platform's in a browser), answering
 * `{ status, data, error, response }` and never
 * throwing for an HTTP status. Only transport failures throw (see errors.ts).
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../spec/generated/session-api.ts';
import { OptionsError } from './errors.ts';
import { checkOptionNames, lazyFetch, parseBaseUrl } from './client-options.ts';
import { transportFetch } from './openapi-adapter.ts';
import { Transport, type Exchange, type FetchLike, type RateLimiter, type RawRequest } from './transport.ts';

export interface SessionClientOptions {
  /** The API's base URL, such as `http://127.0.0.1:4010/v1`. */
  baseUrl: string;
  /** Sent as `X-API-KEY` on create unless a call gives its own. */
  apiKey?: string;
  /** The fetch implementation; by default undici's in Node, the platform's in a browser. */
  fetch?: FetchLike;
  /** Per-request timeout in milliseconds (default 10000). */
  timeoutMs?: number;
  /** At most this many requests per second (default: no cap). */
  rate?: number;
  /** A RateLimiter shared by several clients, so that together they keep to one rate. */
  rateLimiter?: RateLimiter;
  /** Whether a 429 is waited out per Retry-After and the request sent again (default true); false answers it. */
  waitOn429?: boolean;
  /** How often a 429 is waited out before giving up (default 3). */
  maxRateLimitRetries?: number;
  /** The longest Retry-After to wait, in seconds (default 30). */
  maxRetryAfterSeconds?: number;
  /** Called with every exchange (after 429s are waited out). */
  onExchange?: (exchange: Exchange) => void;
  /** Headers sent with every request, such as the mock's X-Mock-Namespace; a call's own header of that name wins. */
  headers?: Record<string, string>;
}

/** Every option, so that an option added to the type but not handled here breaks the build. */
const optionNames: { [K in keyof Required<SessionClientOptions>]: true } = {
  baseUrl: true,
  apiKey: true,
  fetch: true,
  timeoutMs: true,
  rate: true,
  rateLimiter: true,
  waitOn429: true,
  maxRateLimitRetries: true,
  maxRetryAfterSeconds: true,
  onExchange: true,
  headers: true,
};

export type CreateSessionBody = NonNullable<paths['/session']['post']['requestBody']>['content']['application/json'];
export type JoinSessionBody = paths['/session/join']['post']['requestBody']['content']['application/json'];
export type VerifyWalletBody = paths['/wallet-proof/verify']['post']['requestBody']['content']['application/json'];

/** What signs the nonce message: a viem account, or anything with its shape. */
export interface MessageSigner {
  address: string;
  signMessage(args: { message: string }): Promise<string>;
}

export interface SessionClient {
  readonly baseUrl: string;
  /** The typed openapi-fetch client itself, for calls the helpers below do not cover. */
  readonly api: Client<paths>;
  /** The raw exchange behind a response this client returned. */
  exchangeOf(response: Response): Exchange | undefined;
  /** Sends any request (a malformed body, an unknown path) through the same transport. */
  raw(request: RawRequest): Promise<Exchange>;
  getNonce(): Promise<ApiResult<'/wallet-proof/nonce', 'get'>>;
  verifyWalletProof(body: VerifyWalletBody, chain?: string): Promise<ApiResult<'/wallet-proof/verify', 'post'>>;
  /** Nonce, signature, verify: the wallet token of `signer`, or the failed answer. */
  proveWallet(signer: MessageSigner): Promise<{ token: string | undefined; response: Response }>;
  createSession(
    walletToken: string | undefined,
    body?: CreateSessionBody,
    apiKey?: string | null,
  ): Promise<ApiResult<'/session', 'post'>>;
  joinSession(walletToken: string | undefined, body: JoinSessionBody): Promise<ApiResult<'/session/join', 'post'>>;
  getCurrentSession(sessionToken: string | undefined): Promise<ApiResult<'/session/current', 'get'>>;
  kickUser(sessionToken: string | undefined, userId: string): Promise<ApiResult<'/session/current/kick', 'post'>>;
  disconnect(sessionToken: string | undefined): Promise<ApiResult<'/session/disconnect', 'post'>>;
  deleteCurrentSession(sessionToken: string | undefined): Promise<ApiResult<'/session/current', 'delete'>>;
}

type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { 'application/json': infer J } }
  ? J
  : R extends { content: { 'application/problem+json': infer J } }
    ? J
    : undefined;
/** The statuses the spec documents for an operation. */
type DocumentedStatus<O> = keyof ResponsesOf<O> & number;

/** A 2xx answer: `data` is its body (undefined when it has none). */
export interface ApiSuccess<S extends number, D> {
  status: S;
  data: D;
  error: undefined;
  response: Response;
}

/** An error answer: `error` is its body, the spec's problem document (`Problem`). */
export interface ApiFailure<S extends number, E> {
  status: S;
  data: undefined;
  error: E;
  response: Response;
}

/**
 * openapi-fetch's `{ data, error, response }` with the answer's `status`, one member per status
 * the spec documents for the operation: checking `status` narrows `data` and `error` to that
 * answer's body, e.g. `if (result.status === 409) result.error.detail`.
 */
export type ApiResult<P extends keyof paths, M extends keyof paths[P]> = {
  [S in DocumentedStatus<Operation<P, M>>]: `${S}` extends `2${string}`
    ? ApiSuccess<S, JsonOf<ResponsesOf<Operation<P, M>>[S]>>
    : ApiFailure<S, JsonOf<ResponsesOf<Operation<P, M>>[S]>>;
}[DocumentedStatus<Operation<P, M>>];

/** openapi-fetch's answer with its status beside it (the `ApiResult` discriminant). */
function withStatus<P extends keyof paths, M extends keyof paths[P]>(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<ApiResult<P, M>> {
  return call.then(
    ({ data, error, response }) => ({ status: response.status, data, error, response }) as ApiResult<P, M>,
  );
}

export function createSessionClient(options: SessionClientOptions): SessionClient {
  checkOptionNames('createSessionClient', options, optionNames);
  const baseUrl = parseBaseUrl(options.baseUrl, 'http://127.0.0.1:4010/v1');
  if (options.rate !== undefined && !(options.rate >= 0))
    throw new OptionsError(`rate must be a number >= 0, not ${options.rate}`);
  const transport = new Transport({
    baseUrl,
    fetch: lazyFetch(options.fetch),
    timeoutMs: options.timeoutMs ?? 10_000,
    rate: options.rate,
    limiter: options.rateLimiter,
    waitOn429: options.waitOn429 ?? true,
    maxRateLimitRetries: options.maxRateLimitRetries ?? 3,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 30,
    onExchange: options.onExchange,
    headers: options.headers,
  });
  const exchanges = new WeakMap<Response, Exchange>();

  const api = createClient<paths>({ baseUrl, fetch: transportFetch(transport, exchanges) });
  const bearer = (token: string | undefined): Record<string, string> =>
    token === undefined ? {} : { Authorization: `Bearer ${token}` };

  const client: SessionClient = {
    baseUrl,
    api,
    exchangeOf: (response) => exchanges.get(response),
    raw: (request) => transport.send(request),
    getNonce: () => withStatus<'/wallet-proof/nonce', 'get'>(api.GET('/wallet-proof/nonce')),
    verifyWalletProof: (body, chain) =>
      withStatus<'/wallet-proof/verify', 'post'>(
        api.POST('/wallet-proof/verify', {
          body,
          ...(chain === undefined ? {} : { params: { query: { chain: chain as 'Ethereum' } } }),
        }),
      ),
    async proveWallet(signer) {
      const nonce = await client.getNonce();
      if (!nonce.data) return { token: undefined, response: nonce.response };
      const signature = await signer.signMessage({ message: nonce.data.message });
      const verified = await client.verifyWalletProof({
        walletAddress: signer.address,
        message: nonce.data.message,
        signature,
      });
      return { token: verified.data?.token, response: verified.response };
    },
    createSession: (walletToken, body, apiKey) => {
      const key = apiKey === null ? undefined : (apiKey ?? options.apiKey);
      return withStatus<'/session', 'post'>(
        api.POST('/session', {
          headers: { ...bearer(walletToken), ...(key === undefined ? {} : { 'X-API-KEY': key }) },
          ...(body === undefined ? {} : { body }),
        }),
      );
    },
    joinSession: (walletToken, body) =>
      withStatus<'/session/join', 'post'>(api.POST('/session/join', { headers: bearer(walletToken), body })),
    getCurrentSession: (sessionToken) =>
      withStatus<'/session/current', 'get'>(api.GET('/session/current', { headers: bearer(sessionToken) })),
    kickUser: (sessionToken, userId) =>
      withStatus<'/session/current/kick', 'post'>(
        api.POST('/session/current/kick', { headers: bearer(sessionToken), body: { userId } }),
      ),
    disconnect: (sessionToken) =>
      withStatus<'/session/disconnect', 'post'>(api.POST('/session/disconnect', { headers: bearer(sessionToken) })),
    deleteCurrentSession: (sessionToken) =>
      withStatus<'/session/current', 'delete'>(api.DELETE('/session/current', { headers: bearer(sessionToken) })),
  };
  return Object.freeze(client);
}

export { defaultFetch } from './client-options.ts';
