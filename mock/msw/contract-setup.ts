/**
 * The contract suite against the MSW handlers, in the suite's own process
 * (`npm run contracts -- --msw`): a vitest setup file that installs
 * createSessionApiHandlers with setupServer at the suite's base URL and gives
 * the suite the global fetch MSW intercepts. No server runs.
 */
import { setupServer } from 'msw/node';
import { config } from '../../contracts/suite/config.ts';
import { useSuiteFetch } from '../../contracts/suite/suite-fetch.ts';
import { createSessionApiHandlers } from './index.ts';

// A worker runs many files in one context (contracts/vitest.config.ts): one mock for them all, like one server.
const installed = Symbol.for('session-api-mock.msw-contract-setup');
const scope = globalThis as { [installed]?: true };
if (!scope[installed]) {
  scope[installed] = true;
  const server = setupServer(...createSessionApiHandlers({ baseUrl: config.baseUrl, apiKeys: [config.apiKey] }));
  // Anything else the suite sends would leave the process: a check aimed at the wrong URL fails instead.
  server.listen({ onUnhandledRequest: 'error' });
}
useSuiteFetch((url, init) => globalThis.fetch(url, init as RequestInit));
