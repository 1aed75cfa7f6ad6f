/**
 * The fetch a client uses when given none, in Node: undici's, the version this package
 * pins (the one the contract suite is checked with), loaded on first use. The package's
 * browser build (scripts/build-package.ts) puts default-fetch.browser.ts in its place, so
 * that no browser bundle carries undici.
 */
import type { FetchLike } from './transport.ts';

export async function defaultFetch(): Promise<FetchLike> {
  const undici = await import('undici');
  return undici.fetch;
}
