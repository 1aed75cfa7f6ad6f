/** Why a shared store (Redis) could not answer in time: the request gets a bounded 503, never a hang. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
