/**
 * The transport-free mock: `handle(request) -> response` over plain values, for
 * the Session API and the control plane, with every world's state behind the
 * registry. Adapters (mock/http, a browser's service worker) turn their requests
 * into CoreRequests and back (docs/architecture.md).
 */
import type { ApiContract } from '../../spec/index.ts';
import type { MockConfig } from '../config.ts';
import type { Problem } from '../domain/index.ts';
import { loadScenario, type LoadedScenario, type Scenario } from '../scenarios/load-scenario.ts';
import {
  readScope,
  SessionService,
  createJoseSigner,
  TokenIssuer,
  type JwtSigner,
  type PasswordHasher,
  type SessionServiceParts,
} from '../services/index.ts';
import { StoreUnavailableError } from '../world/store-errors.ts';
import { memoryStoreHealth, type StoreHealth, type StoreKind } from '../world/store-health.ts';
import { defaultWorldName, type NegotiationStore, type World, type WorldRegistry } from '../world/world.ts';
import { checkApiBindings, stringifiedAnswer, type AnswerJson } from './api-operations.ts';
import { controlHandlers, healthDown, type DashboardAssets, type ScenarioLibrary } from './control-operations.ts';
import { createApiCors } from './cors.ts';
import { requestIdOf } from './journal-entry.ts';
import { createControlOriginCheck, createHostCheck, isLoopback } from './local-access.ts';
import { runPipeline, type Pipeline } from './pipeline.ts';
import { problemResponse } from './problem-response.ts';
import { EventTickets } from './event-tickets.ts';
import { Router } from './router.ts';
import type { CoreRequest, CoreResponse } from './types.ts';
import { holdsWorldToken } from './world-claims.ts';
import { OpenStreams, streamWorldName } from './world-event-stream.ts';

/** What differs between Node and a browser, and what tests replace. */
export interface MockCoreParts {
  readonly api: ApiContract;
  readonly control: ApiContract;
  readonly registry: WorldRegistry;
  /** Where the worlds live and whether it answers (`GET /healthz`, `GET /__mock/health`); memory unless given. */
  readonly store?: { readonly kind: StoreKind; readonly health: StoreHealth };
  /** Single-use tokens shared by the replicas (a shared store's): the dashboard's stream tickets go there. */
  readonly sharedTokens?: NegotiationStore;
  readonly passwords: PasswordHasher;
  /** Constant-time checks of a presented API key and control token. */
  readonly isAcceptedApiKey: (presented: string | undefined) => boolean;
  readonly isControlToken: (presented: string) => boolean;
  readonly scenarios: ScenarioLibrary;
  /** The process's token secret (`--token-secret`, or random bytes). */
  readonly tokenSecret: Uint8Array<ArrayBuffer>;
  /** Signs and checks tokens with `tokenSecret`; jose over WebCrypto when not given (mock/services/jwt-signer.ts). */
  readonly signer?: JwtSigner;
  /** The JSON text of the API's answers; `JSON.stringify` when not given (mock/http/answer-json.ts in Node). */
  readonly answerJson?: AnswerJson;
  readonly realNowMs?: () => number;
  readonly chance?: () => number;
  readonly unexpectedErrors?: () => number;
  /** The dashboard's page and files (mock/dashboard); left out, /__mock/ui is not served. */
  readonly dashboard?: DashboardAssets;
  /** Called with an error the pipeline did not expect (it answers 500 problem+json). */
  readonly reportError?: (error: unknown) => void;
}

export interface MockCore {
  handle(request: CoreRequest): Promise<CoreResponse>;
  readonly worlds: WorldRegistry;
  /** A service acting on `world` now (for adapters: the hub admits its members with it). */
  serviceOf(world: World): Promise<SessionService>;
  /** `--scenario`: loads a scenario into the default world before the port opens. */
  loadScenario(scenario: Scenario, source: string): Promise<LoadedScenario>;
  close(): Promise<void>;
}

/** The dashboard's page and its files, served without the control token (they hold no data). */
const dashboardShell = new Set(['getDashboard', 'getDashboardScript', 'getDashboardStyles']);
/** Who holds which world is the control token's business alone, never a world token's. */
const adminOnly = new Set(['claimNamespace']);

/** The longest pause between sweeps; a quarter of --namespace-idle-seconds when that is shorter. */
const sweepIntervalMs = 30_000;

/** The bearer token of a control call, if it presents one. */
function bearerOf(request: CoreRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

export function createMockCore(config: MockConfig, parts: MockCoreParts): MockCore {
  const realNowMs = parts.realNowMs ?? Date.now;
  const { api, control, registry } = parts;
  const store = parts.store ?? { kind: 'memory', health: memoryStoreHealth };
  checkApiBindings(api);
  const serviceParts: SessionServiceParts = {
    tokens: new TokenIssuer(parts.signer ?? createJoseSigner(parts.tokenSecret)),
    passwords: parts.passwords,
    isAcceptedApiKey: parts.isAcceptedApiKey,
    walletTokenTtlSeconds: config.walletTokenTtlSeconds,
    maxSessions: config.maxSessions,
    maxNonces: config.maxNonces,
    nonceTtlSeconds: config.nonceTtlSeconds,
  };
  const serviceOf = async (world: World, nowMs = realNowMs()) =>
    new SessionService(serviceParts, world, await readScope(world, nowMs));
  const tickets = new EventTickets(realNowMs, parts.sharedTokens);
  const openStreams = new OpenStreams();
  const handlers = controlHandlers({
    tickets,
    openStreams,
    ...(parts.dashboard ? { dashboard: parts.dashboard } : {}),
    control,
    registry,
    scenarios: parts.scenarios,
    defaultWalletTokenTtlSeconds: config.walletTokenTtlSeconds,
    bodyLimitBytes: config.bodyLimitBytes,
    snapshotLimits: { maxSessions: config.maxSessions, maxNonces: config.maxNonces },
    serviceOf: (world) => serviceOf(world),
    unexpectedErrors: parts.unexpectedErrors ?? (() => 0),
    store,
    claims: config.controlToken !== undefined,
    seesEveryWorld: (request) => config.controlToken === undefined || parts.isControlToken(bearerOf(request) ?? ''),
  });
  const router = new Router();
  router.add('api', api, api.basePath, () => true);
  // Operations of the spec this mock does not serve yet stay unrouted (a 404), never a start failure.
  if (config.control) router.add('control', control, control.basePath, (id) => handlers[id] !== undefined);

  const listensOnLoopback = isLoopback(config.host);
  const allowed = listensOnLoopback || config.controlToken !== undefined;
  /** The world a world token must be for: the caller's, or the one `deleteNamespace` names. */
  const worldActedOn = async (
    operationId: string,
    caller: World | undefined,
    params: Readonly<Record<string, string>>,
  ) => {
    if (operationId === 'deleteNamespace') return registry.find(params.name ?? '');
    // The store could not open the caller's world (`GET /__mock/health` goes on without it): nothing to check against.
    if (caller === undefined) throw new StoreUnavailableError('The world token cannot be checked now.');
    return caller;
  };
  const controlRefusal = async (
    request: CoreRequest,
    operationId: string,
    world: World | undefined,
    params: Readonly<Record<string, string>>,
  ): Promise<Problem | undefined> => {
    if (!allowed) {
      return {
        code: 'control-forbidden',
        detail:
          'The mock listens beyond loopback; start it with --control-token and present that token as a bearer token.',
      };
    }
    if (config.controlToken === undefined) return undefined;
    // The dashboard's page and files hold no data: the page asks for the token and presents it on every call.
    if (dashboardShell.has(operationId)) return undefined;
    const presented = bearerOf(request);
    if (presented !== undefined && parts.isControlToken(presented)) return undefined;
    if (operationId === 'streamEvents') {
      // EventSource sends no Authorization: a ticket bought with the token stands in for it, once.
      const ticket = new URLSearchParams(request.query).get('ticket');
      const streamed = streamWorldName(request);
      if (ticket !== null && streamed !== undefined && (await tickets.redeem(ticket, streamed))) return undefined;
      return {
        code: 'control-forbidden',
        detail:
          'Present the control token, or a ticket: POST /__mock/events/ticket with the token answers one, good ' +
          'for one stream of its world within a minute (GET /__mock/events?namespace=<world>&ticket=<ticket>).',
      };
    }
    if (presented === undefined || adminOnly.has(operationId)) {
      return {
        code: 'control-forbidden',
        detail: adminOnly.has(operationId)
          ? 'This call needs the control token itself ("Authorization: Bearer <control token>"); a world token ' +
            'acts on its own world only.'
          : 'Present the control token, or the token of the world the call acts on (POST /__mock/namespaces/{name} ' +
            'answers one), as "Authorization: Bearer <token>".',
      };
    }
    const target = await worldActedOn(operationId, world, params);
    if (target !== undefined && (await holdsWorldToken(target, presented))) return undefined;
    const name = operationId === 'deleteNamespace' ? (params.name ?? '') : (world?.name ?? '');
    return {
      code: 'control-forbidden',
      detail:
        `The token presented is neither the control token nor the token of the world "${name.slice(0, 64)}": a ` +
        'world token works only for the world it was claimed for (send its name in X-Mock-Namespace).',
    };
  };

  const pipeline: Pipeline = {
    config,
    api,
    router,
    registry,
    apiCors: createApiCors(config.corsOrigins),
    refusedHost: createHostCheck({ listensOnLoopback, allowedHosts: config.allowedHosts }),
    originAllowed: createControlOriginCheck(config.controlOrigins),
    controlRefusal,
    controlHandlers: handlers,
    serviceOf,
    apiOperationParts: { bodyLimitBytes: config.bodyLimitBytes, answerJson: parts.answerJson ?? stringifiedAnswer },
    realNowMs,
    store,
    storeDownHealth: async (error) => {
      const checked = await store.health.check();
      const detail = checked.up ? error.message : (checked.detail ?? error.message);
      return healthDown(store.kind, detail, parts.unexpectedErrors?.() ?? 0, '/__mock/health');
    },
    traffic: {
      chance: parts.chance ?? Math.random,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  };

  // Sessions no token can reach and expired nonces go, in every world, and idle worlds with them.
  const sweepEveryMs = Math.min(sweepIntervalMs, Math.max(1000, config.namespaceIdleSeconds * 250));
  const sweeper = setInterval(() => {
    void (async () => {
      const now = realNowMs();
      await registry.sweepIdle(now);
      for (const summary of await registry.list(now)) {
        const world = await registry.find(summary.name);
        if (world) await (await serviceOf(world, now)).sweep();
      }
    })().catch((error: unknown) => {
      // A store out of reach is no bug: the next sweep tries again, and /healthz says it is down.
      if (!(error instanceof StoreUnavailableError)) parts.reportError?.(error);
    });
  }, sweepEveryMs);
  (sweeper as { unref?: () => void }).unref?.();

  return {
    worlds: registry,
    serviceOf: (world) => serviceOf(world),
    handle: async (request) => {
      let answer: CoreResponse;
      try {
        answer = await runPipeline(pipeline, request);
      } catch (error) {
        parts.reportError?.(error);
        const detail = 'The mock failed unexpectedly; this is a bug in the mock, please report it.';
        answer = problemResponse({ code: 'internal-error', detail }, request.path);
      }
      // Every answer carries X-Request-Id (spec/mock-control.yaml); the API's already has its journal entry's.
      answer.headers['x-request-id'] ??= requestIdOf(request);
      return answer;
    },
    loadScenario: async (scenario, source) => {
      const world = await registry.open(defaultWorldName, realNowMs());
      if ('reason' in world) throw new Error('The default world is always open.');
      return loadScenario(world, (current) => serviceOf(current), scenario, source);
    },
    close: () => {
      clearInterval(sweeper);
      openStreams.endAll();
      return Promise.resolve();
    },
  };
}
