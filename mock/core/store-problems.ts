/**
 * The problems of a store out of reach (spec/mock-control.yaml, "Store"): a call that needed it, and the
 * health checks that report it. Both are 503 `store-unavailable` with Retry-After, never a 500.
 */
import type { Problem } from '../domain/index.ts';
import type { StoreUnavailableError } from '../world/store-errors.ts';
import type { StoreKind } from '../world/store-health.ts';

/** When a client may try again after the store could not be reached: a restart or fail-over takes seconds. */
export const storeRetryAfterSeconds = 5;

/** What a StoreUnavailableError thrown under a call becomes. */
export function storeUnavailable(error: StoreUnavailableError): Problem {
  return {
    code: 'store-unavailable',
    detail:
      `The mock cannot reach the store that holds its state (${error.message.replace(/\.$/, '')}); nothing was ` +
      `changed that this answer does not show. Try again in ${storeRetryAfterSeconds} seconds.`,
    retryAfterSeconds: storeRetryAfterSeconds,
  };
}

/** The problem of a store that is down, as the health checks say it. */
export function storeDown(kind: StoreKind, detail: string): Problem {
  return {
    code: 'store-unavailable',
    detail:
      `The store that holds the worlds (${kind}) is down: ${detail} ` +
      `Try again in ${storeRetryAfterSeconds} seconds.`,
    retryAfterSeconds: storeRetryAfterSeconds,
  };
}
