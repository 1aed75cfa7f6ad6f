/**
 * The fetch a client uses when given none, in a browser (and anywhere the package's
 * `default` export condition is chosen): the platform's own. See default-fetch.ts.
 */
import { OptionsError } from './errors.ts';
import type { FetchLike } from './transport.ts';

export function defaultFetch(): Promise<FetchLike> {
  if (typeof globalThis.fetch !== 'function')
    return Promise.reject(
      new OptionsError('This platform has no global fetch: pass one as the `fetch` option of the client.'),
    );
  // FetchLike's body is a plain Uint8Array, which every platform fetch takes.
  return Promise.resolve((url, init) => globalThis.fetch(url, init as RequestInit));
}
