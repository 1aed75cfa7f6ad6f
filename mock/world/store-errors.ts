/**
 * The one error a store throws when it cannot do its work now (a shared store unreachable or too slow): the
 * pipeline answers it with 503 `store-unavailable` and `Retry-After` (spec/mock-overlay.yaml), never a 500.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
