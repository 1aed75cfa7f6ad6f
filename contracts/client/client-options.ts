/**
 * What both clients (the Session API's and the control plane's) check of their
 * options and how they find a fetch: in one place, so their errors read alike.
 */
import { defaultFetch } from './default-fetch.ts';
import { OptionsError } from './errors.ts';
import type { FetchLike } from './transport.ts';

export { defaultFetch };

/** Refuses an option the client does not know, naming those it does. */
export function checkOptionNames(client: string, options: object, known: Readonly<Record<string, unknown>>): void {
  for (const name of Object.keys(options)) {
    if (!(name in known)) {
      throw new OptionsError(`Unknown option "${name}" of ${client}; known: ${Object.keys(known).join(', ')}`);
    }
  }
}

/** The base URL without trailing slashes; `example` shows what a good one looks like. */
export function parseBaseUrl(value: string, example: string): string {
  try {
    return new URL(value).href.replace(/\/+$/, '');
  } catch {
    throw new OptionsError(`The base URL "${value}" is not an absolute URL; give one such as ${example}`);
  }
}

/** `given`, or the platform's default fetch (default-fetch.ts), loaded on the first request (importing stays cheap). */
export function lazyFetch(given: FetchLike | undefined): FetchLike {
  let fetchImplementation = given;
  return async (url, init) => {
    fetchImplementation ??= await defaultFetch();
    return fetchImplementation(url, init);
  };
}
