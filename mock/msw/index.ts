/**
 * The mock inside the app's own browser and tests, through MSW 2.x: request
 * handlers that hand every request under the Session API's base URL, and under
 * /__mock at the same origin, to the same transport-free core the server runs
 * (mock/core), over in-memory worlds. A thin adapter like mock/http/app.ts:
 * Fetch API requests in, plain values to `core.handle`, Fetch API responses out.
 * docs/frontend-kit.md shows it in a browser, in Vitest and in Storybook.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { configDefaults } from '../config-defaults.ts';
import type { MockConfig } from '../config-shape.ts';
import { createMockCore, type CoreRequest, type CoreResponse, type MockCore } from '../core/index.ts';
import { createApiKeyCheck } from '../services/api-keys.ts';
import { createRandomSource } from '../services/index.ts';
import { createMemoryRegistry } from '../world/memory-registry.ts';
import { mswPlatform } from './platform.ts';

export interface SessionApiHandlersOptions {
  /** Where the app calls the Session API, such as http://localhost:4010/v1; /__mock is at its origin. */
  readonly baseUrl: string;
  /** Makes ids, nonces, pseudonyms and addresses the same on every run (the server's --seed). */
  readonly seed?: number;
  /** The world requests without an X-Mock-Namespace header act in (`default` otherwise). */
  readonly namespace?: string;
  /** A shipped scenario (mock/scenarios) loaded into that world before the first answer (--scenario). */
  readonly scenario?: string;
  /** X-API-KEY values accepted at create (--api-key; default `mock-api-key`). */
  readonly apiKeys?: readonly string[];
  /** Signs every token (--token-secret); random bytes otherwise. */
  readonly tokenSecret?: string;
  /** Called with an error the mock did not expect (it answers 500 problem+json); console.error by default. */
  readonly onUnexpectedError?: (error: unknown) => void;
}

/** The handlers to give setupWorker or setupServer, with a handle on the mock behind them. */
export type SessionApiHandlers = HttpHandler[] & {
  /** Every world back to its state at creation (scenario reloaded); for `afterEach`. */
  reset(): Promise<void>;
  /** Stops the mock's timers (its sweeper); the handlers answer nothing useful afterwards. */
  close(): Promise<void>;
};

const controlPrefix = '/__mock';
const knownOptions = ['baseUrl', 'seed', 'namespace', 'scenario', 'apiKeys', 'tokenSecret', 'onUnexpectedError'];

export function createSessionApiHandlers(options: SessionApiHandlersOptions): SessionApiHandlers {
  const { base, specBasePath } = readOptions(options);
  const platform = mswPlatform();
  const config: MockConfig = {
    ...configDefaults,
    apiKeys: options.apiKeys ?? configDefaults.apiKeys,
    seed: options.seed,
    tokenSecret: options.tokenSecret,
    // Nothing outside the page reaches these handlers: the guards against other pages and
    // rebound DNS names (docs/rules.md on the control plane's local access) have nothing to guard.
    allowedHosts: [base.hostname.toLowerCase()],
    controlOrigins: ['*'],
  };
  const reportError = options.onUnexpectedError ?? ((error: unknown) => console.error(error));

  const build = (): { core: MockCore; ready: Promise<void> } => {
    const core = createMockCore(config, {
      api: platform.api,
      control: platform.control,
      registry: createMemoryRegistry({
        journalSize: config.journalSize,
        journalBytes: config.journalBytes,
        maxWorlds: config.maxNamespaces,
        idleSeconds: config.namespaceIdleSeconds,
        newRandom: () => createRandomSource(config.seed),
        newGeneration: () => globalThis.crypto.randomUUID(),
        nowMs: Date.now(),
      }),
      passwords: platform.passwords,
      isAcceptedApiKey: createApiKeyCheck(config.apiKeys),
      isControlToken: () => false,
      scenarios: platform.scenarios,
      tokenSecret:
        config.tokenSecret === undefined
          ? globalThis.crypto.getRandomValues(new Uint8Array(32))
          : new TextEncoder().encode(config.tokenSecret),
      reportError,
    });
    const ready = options.scenario === undefined ? Promise.resolve() : loadScenario(core, options.scenario);
    return { core, ready };
  };
  const loadScenario = async (core: MockCore, name: string) => {
    const answer = await core.handle({
      method: 'POST',
      path: `${controlPrefix}/scenario`,
      query: '',
      headers: {
        host: base.host,
        'content-type': 'application/json',
        ...(options.namespace === undefined ? {} : { 'x-mock-namespace': options.namespace }),
      },
      body: new TextEncoder().encode(JSON.stringify({ name })),
    });
    if (answer.status !== 200) throw new Error(`The scenario "${name}" did not load: ${String(answer.body)}`);
  };
  let current = build();

  const served = (url: URL): boolean =>
    url.origin === base.origin && [base.pathname, controlPrefix].some((prefix) => isUnder(url.pathname, prefix));

  const handler = http.all(
    ({ request }) => served(new URL(request.url)),
    async ({ request }) => {
      const { core, ready } = current;
      await ready;
      const answer = await core.handle(await toCoreRequest(request, base, specBasePath, config, options.namespace));
      return toResponse(answer);
    },
  );

  return Object.assign([handler], {
    reset: async () => {
      const previous = current;
      current = build();
      await previous.core.close();
      await current.ready;
    },
    close: () => current.core.close(),
  });
}

function readOptions(options: SessionApiHandlersOptions): { base: URL; specBasePath: string } {
  for (const name of Object.keys(options)) {
    if (!knownOptions.includes(name))
      throw new TypeError(`Unknown option "${name}" of createSessionApiHandlers; known: ${knownOptions.join(', ')}`);
  }
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new TypeError(
      `createSessionApiHandlers: baseUrl "${String(options.baseUrl)}" is not an absolute URL; ` +
        'give one such as http://localhost:4010/v1',
    );
  }
  base.pathname = base.pathname.replace(/\/+$/, '');
  if (isUnder(base.pathname, controlPrefix) || base.pathname === '') {
    throw new TypeError(
      `createSessionApiHandlers: baseUrl "${options.baseUrl}" leaves no room for the control plane at ` +
        `${controlPrefix}; give the API's own path, such as http://localhost:4010/v1`,
    );
  }
  return { base, specBasePath: mswPlatform().api.basePath };
}

const isUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

async function toCoreRequest(
  request: Request,
  base: URL,
  specBasePath: string,
  config: MockConfig,
  namespace: string | undefined,
): Promise<CoreRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    // The Fetch standard gives lower-case names, happy-dom's Headers the case they were set in; the core wants lower.
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  });
  // A fetch never lets a page set Host; HTTP would have sent the URL's authority.
  headers.host ??= url.host;
  if (namespace !== undefined) headers['x-mock-namespace'] ??= namespace;
  // The app's base path may differ from the spec's (a proxy prefix): the core routes by the spec's.
  const path = isUnder(url.pathname, base.pathname)
    ? `${specBasePath}${url.pathname.slice(base.pathname.length)}`
    : url.pathname;
  const bytes = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  const tooLarge = bytes !== undefined && bytes.byteLength > config.bodyLimitBytes;
  return {
    method: request.method,
    path,
    query: url.search.slice(1),
    headers,
    body: tooLarge || bytes?.byteLength === 0 ? undefined : bytes,
    ...(tooLarge ? { bodyTooLarge: true } : {}),
  };
}

function toResponse(answer: CoreResponse): Response {
  // A fault rule's dropped connection: a network error, as fetch reports one.
  if (answer.drop) return HttpResponse.error();
  const body = answer.body === undefined || answer.status === 204 || answer.status === 304 ? null : answer.body;
  return new HttpResponse(body as BodyInit | null, { status: answer.status, headers: answer.headers });
}
