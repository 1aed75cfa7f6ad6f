/**
 * The fetch every client of the suite uses: undici's, unless a setup file put
 * another in before the tests ran (the MSW mode of the runner, `--msw`, puts the
 * global fetch MSW intercepts: mock/msw/contract-setup.ts).
 */
import { defaultFetch, type FetchLike } from '../client/index.ts';

let injected: FetchLike | undefined;
let platformFetch: FetchLike | undefined;

export function useSuiteFetch(fetch: FetchLike): void {
  injected = fetch;
}

export const suiteFetch: FetchLike = async (url, init) => {
  if (injected) return injected(url, init);
  platformFetch ??= await defaultFetch();
  return platformFetch(url, init);
};
