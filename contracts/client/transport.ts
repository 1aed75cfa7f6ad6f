/**
 * The transport under the typed client: one place that applies the timeout, the
 * requests-per-second cap and the 429 back-off, and records every exchange
 * (request and raw answer) so that a caller can check it against the spec.
 * It knows nothing of Node: the fetch implementation is injected.
 */
import { RateLimitedError, TimeoutError, UnreachableError } from './errors.ts';

/** The part of the Fetch API the transport needs; undici's and a browser's fetch both fit. */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string | Uint8Array;
    signal?: AbortSignal;
    redirect?: 'manual';
  },
) => Promise<{
  status: number;
  headers: { forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
}>;

/** One request and its answer, as sent and received. */
export interface Exchange {
  method: string;
  url: string;
  /** The URL's path below the base URL (the spec's path, such as `/session/join`). */
  path: string;
  requestHeaders: Readonly<Record<string, string>>;
  requestBody: string | undefined;
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  /** The raw body text ('' when there is none). */
  body: string;
  durationMs: number;
}

export interface TransportOptions {
  baseUrl: string;
  fetch: FetchLike;
  timeoutMs: number;
  /** Requests per second at most; undefined or 0 for no cap. */
  rate: number | undefined;
  /** A limiter shared with other clients (takes the place of `rate`). */
  limiter?: RateLimiter | undefined;
  /** Whether a 429 is waited out (per Retry-After) and sent again; false answers it like any other status. */
  waitOn429: boolean;
  /** How often a 429 is waited out before giving up. */
  maxRateLimitRetries: number;
  /** The longest Retry-After the transport is willing to wait, in seconds. */
  maxRetryAfterSeconds: number;
  onExchange: ((exchange: Exchange) => void) | undefined;
  /** Sent with every request unless the request has a header of the same name (in any case). */
  headers?: Readonly<Record<string, string>> | undefined;
}

export interface RawRequest {
  method: string;
  /** Path below the base URL, such as `/session`, with a query string if any. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** Spaces request starts at least 1/rate seconds apart; share one between clients to cap them together. */
export class RateLimiter {
  readonly rate: number;
  private nextSlot = 0;

  constructor(rate: number) {
    this.rate = rate;
  }

  async wait(): Promise<void> {
    if (!(this.rate > 0)) return;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.rate;
    if (slot > now) await sleep(slot - now);
  }
}

export class Transport {
  private readonly options: TransportOptions;
  private readonly limiter: RateLimiter | undefined;

  constructor(options: TransportOptions) {
    this.options = options;
    this.limiter = options.limiter ?? (options.rate ? new RateLimiter(options.rate) : undefined);
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async send(request: RawRequest): Promise<Exchange> {
    const url = `${this.options.baseUrl}${request.path}`;
    const method = request.method.toUpperCase();
    for (let attempt = 1; ; attempt++) {
      await this.limiter?.wait();
      const exchange = await this.sendOnce(method, url, request);
      if (exchange.status !== 429 || !this.options.waitOn429) {
        this.options.onExchange?.(exchange);
        return exchange;
      }
      const retryAfter = exchange.headers['retry-after'];
      const waitSeconds = retryAfterSeconds(retryAfter);
      if (attempt > this.options.maxRateLimitRetries || waitSeconds > this.options.maxRetryAfterSeconds) {
        throw new RateLimitedError(method, url, attempt, retryAfter);
      }
      await sleep(waitSeconds * 1000);
    }
  }

  private async sendOnce(method: string, url: string, request: RawRequest): Promise<Exchange> {
    const started = performance.now();
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const requestHeaders = withDefaults(this.options.headers, request.headers);
    let response: Awaited<ReturnType<FetchLike>>;
    let body: string;
    try {
      response = await this.options.fetch(url, {
        method,
        headers: requestHeaders,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal,
        redirect: 'manual',
      });
      body = await response.text();
    } catch (error) {
      if (signal.aborted) throw new TimeoutError(method, url, this.options.timeoutMs);
      throw new UnreachableError(method, url, error);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return {
      method,
      url,
      path: new URL(url).pathname.slice(new URL(this.options.baseUrl).pathname.replace(/\/$/, '').length) || '/',
      requestHeaders,
      requestBody:
        typeof request.body === 'string'
          ? request.body
          : request.body === undefined
            ? undefined
            : `<${request.body.byteLength} bytes>`,
      status: response.status,
      headers,
      body,
      durationMs: performance.now() - started,
    };
  }
}

/** The request's headers over the defaults; names compare in any case, as HTTP's do. */
function withDefaults(
  defaults: Readonly<Record<string, string>> | undefined,
  own: Record<string, string> | undefined,
): Record<string, string> {
  const ownNames = new Set(Object.keys(own ?? {}).map((name) => name.toLowerCase()));
  const kept = Object.entries(defaults ?? {}).filter(([name]) => !ownNames.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...own };
}

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3); missing means 1 second. */
export function retryAfterSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? 1 : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
