/**
 * Which failures of a Redis call mean "Redis cannot do this now" (down, restarting, hanging, failing
 * over) rather than a bug: those become StoreUnavailableError, which the pipeline answers with 503
 * `store-unavailable` and Retry-After (spec/mock-overlay.yaml), never a 500. A script error or a wrong
 * type stays what it is: a bug that the mock reports.
 */
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../store-errors.ts';

/** Replies a server gives while it cannot serve for a while (loading its data after a restart, failing over). */
const transientReplies = /^(LOADING|BUSY|MASTERDOWN|READONLY|CLUSTERDOWN|TRYAGAIN|NOREPLICAS)\b/;
/** What ioredis says when the connection is gone or a command was not answered in time. */
const connectionFailures =
  /Connection is closed|Command timed out|Stream isn't writeable|max retries per request|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT/i;

export function meansUnreachable(error: unknown, redis: Redis): boolean {
  if (!(error instanceof Error) || error instanceof StoreUnavailableError) return false;
  if (error.name === 'ReplyError') return transientReplies.test(error.message);
  if (error.name === 'MaxRetriesPerRequestError' || connectionFailures.test(error.message)) return true;
  // Any other plain Error of the client while it is not connected.
  return error.constructor === Error && redis.status !== 'ready';
}

/** `error` as a StoreUnavailableError when it means Redis is out of reach, else as it is. */
export function asUnavailable(error: unknown, redis: Redis): unknown {
  if (!meansUnreachable(error, redis)) return error;
  return new StoreUnavailableError(`Redis cannot be reached: ${(error as Error).message}`, { cause: error });
}
