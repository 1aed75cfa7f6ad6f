/**
 * One error class per failure of the transport, each with a stable code and a
 * message naming method and URL (in the manner of undici's UND_ERR_* codes).
 * HTTP answers, even 4xx and 5xx, are never thrown: they come back as values.
 */

export type ClientErrorCode =
  | 'CONTRACT_ERR_TIMEOUT'
  | 'CONTRACT_ERR_UNREACHABLE'
  | 'CONTRACT_ERR_RATE_LIMITED'
  | 'CONTRACT_ERR_OPTIONS'
  | 'CONTRACT_ERR_EXPECTATION';

export class ClientError extends Error {
  readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'ClientError';
  }
}

export class TimeoutError extends ClientError {
  constructor(method: string, url: string, timeoutMs: number) {
    super(
      'CONTRACT_ERR_TIMEOUT',
      `${method} ${url} timed out after ${timeoutMs} ms. Is the server overloaded, or is --timeout too small?`,
    );
    this.name = 'TimeoutError';
  }
}

export class UnreachableError extends ClientError {
  constructor(method: string, url: string, cause: unknown) {
    super(
      'CONTRACT_ERR_UNREACHABLE',
      `${method} ${url} failed: cannot reach the server (${describeCause(cause)}). Is it running, and is ` +
        `the base URL right?`,
      { cause },
    );
    this.name = 'UnreachableError';
  }
}

export class RateLimitedError extends ClientError {
  constructor(method: string, url: string, attempts: number, retryAfter: string | undefined) {
    super(
      'CONTRACT_ERR_RATE_LIMITED',
      `${method} ${url} still answered 429 after ${attempts} attempts (last Retry-After: ` +
        `${retryAfter ?? 'none'}). Lower --rate or try later.`,
    );
    this.name = 'RateLimitedError';
  }
}

export class OptionsError extends ClientError {
  constructor(message: string) {
    super('CONTRACT_ERR_OPTIONS', message);
    this.name = 'OptionsError';
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    const code = inner && typeof inner === 'object' && 'code' in inner ? String(inner.code) : undefined;
    const message = inner instanceof Error ? inner.message : undefined;
    return code ? `${cause.message}: ${code}` : message ? `${cause.message}: ${message}` : cause.message;
  }
  return String(cause);
}
