/**
 * The whole way of a request through the mock, in the order docs/rules.md §17
 * and docs/architecture.md fix: world name, route, local access, CORS, traffic,
 * the operation, the journal. The first step that answers gives the answer.
 */
import type { ApiContract } from '../../spec/index.ts';
import type { MockConfig } from '../config.ts';
import type { Problem } from '../domain/index.ts';
import type { SessionService } from '../services/index.ts';
import { defaultWorldName, worldNamePattern, type World, type WorldRegistry } from '../world/world.ts';
import { StoreUnavailableError } from '../world/store-errors.ts';
import type { StoreHealth, StoreKind } from '../world/store-health.ts';
import { runApiOperation, type ApiOperationParts } from './api-operations.ts';
import type { ControlHandler } from './control-operations.ts';
import { controlCorsHeaders, controlPreflight, type ApiCors } from './cors.ts';
import { pendingJournalRecord, requestIdOf } from './journal-entry.ts';
import { originRefusal, type HostCheck } from './local-access.ts';
import { jsonResponse, problemResponse } from './problem-response.ts';
import type { Router } from './router.ts';
import { storeDown, storeUnavailable } from './store-problems.ts';
import { applyFault, applyPreferences, applyRateLimit, parsePreferences, type TrafficTools } from './traffic.ts';
import type { CoreRequest, CoreResponse } from './types.ts';

export interface Pipeline {
  readonly config: MockConfig;
  readonly api: ApiContract;
  readonly router: Router;
  readonly registry: WorldRegistry;
  readonly apiCors: ApiCors;
  readonly refusedHost: HostCheck;
  readonly originAllowed: (origin: string, host: string | undefined) => boolean;
  /**
   * Whether a control call presents what the control plane requires (the control token, the token of the world
   * it acts on, or loopback); `world` is the caller's world, or none when the store cannot be reached.
   */
  readonly controlRefusal: (
    request: CoreRequest,
    operationId: string,
    world: World | undefined,
    params: Readonly<Record<string, string>>,
  ) => Promise<Problem | undefined>;
  readonly controlHandlers: Partial<Record<string, ControlHandler>>;
  readonly serviceOf: (world: World, realNowMs: number) => Promise<SessionService>;
  readonly realNowMs: () => number;
  readonly traffic: TrafficTools;
  readonly apiOperationParts: ApiOperationParts;
  /** The store that holds the worlds, for `GET /healthz`. */
  readonly store: { readonly kind: StoreKind; readonly health: StoreHealth };
  /** `GET /__mock/health`'s answer when the store failed on the way (503, saying which dependency is down). */
  readonly storeDownHealth: (error: StoreUnavailableError) => Promise<CoreResponse>;
}

const controlPrefix = '/__mock';

/** The answer of `GET /healthz` (spec/mock-control.yaml, `getReadiness`): no world, no journal, no token. */
async function readiness(pipeline: Pipeline, request: CoreRequest): Promise<CoreResponse> {
  const store = await pipeline.store.health.check();
  const { kind } = pipeline.store;
  const detail = store.detail ?? 'it does not answer.';
  const answer = store.up
    ? jsonResponse(200, { status: 'ok' })
    : problemResponse(storeDown(kind, detail), request.path, { store: { kind, status: 'down', detail } });
  answer.headers['cache-control'] = 'no-store';
  answer.headers['x-request-id'] = requestIdOf(request);
  if (request.method === 'HEAD') answer.body = undefined;
  return answer;
}

/** What the steps reached before a store call failed: how to finish that answer as the others are. */
interface Reached {
  finish?: (answer: CoreResponse) => CoreResponse;
}

/**
 * Runs the steps; a store that cannot be reached (StoreUnavailableError, from any step) is a 503 with
 * Retry-After, carrying the headers every answer of that step carries: never a 500.
 */
export async function runPipeline(pipeline: Pipeline, request: CoreRequest): Promise<CoreResponse> {
  const reached: Reached = {};
  try {
    return await runSteps(pipeline, request, reached);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    const answer = problemResponse(storeUnavailable(error), request.path);
    answer.headers['x-request-id'] = requestIdOf(request);
    return reached.finish ? reached.finish(answer) : answer;
  }
}

async function runSteps(pipeline: Pipeline, request: CoreRequest, reached: Reached): Promise<CoreResponse> {
  const { config, router } = pipeline;
  const receivedMs = pipeline.realNowMs();
  const path = request.path;
  const origin = request.headers.origin;

  // A request target that is no path (`http://%zz/`, `*`) names nothing this mock serves.
  if (!path.startsWith('/')) {
    const detail = `The request target "${path.slice(0, 100)}" is not a path; send a path such as /v1/session/current.`;
    return problemResponse({ code: 'malformed-request', detail }, '');
  }
  // For load balancers: outside the control plane (served with --no-control too), before every other step.
  if (path === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
    return readiness(pipeline, request);
  }
  const controlPath = config.control && (path === controlPrefix || path.startsWith(`${controlPrefix}/`));

  // 1. The world's name: checked before anything else, opened only once an operation is known.
  const named = request.headers['x-mock-namespace'];
  const worldName = named ?? defaultWorldName;
  const cors = (answer: CoreResponse): CoreResponse => {
    const headers = controlPath ? controlCorsHeaders(allowedOrigin) : pipeline.apiCors.answer(origin);
    // The answer's own headers win: added in place, not merged into a copy (this runs on every request).
    for (const name in headers) answer.headers[name] ??= headers[name]!;
    return answer;
  };
  let allowedOrigin: string | undefined;
  reached.finish = (answer) => finish(identified(cors(answer)));

  // 2. Local access (control plane): a refused Host or page gets nothing else, not even a preflight.
  if (controlPath) {
    const hostProblem = pipeline.refusedHost(request.headers.host);
    if (hostProblem) return problemResponse(hostProblem, path);
    if (origin !== undefined) {
      if (!pipeline.originAllowed(origin, request.headers.host)) return problemResponse(originRefusal(origin), path);
      allowedOrigin = origin;
    }
    if (request.method === 'OPTIONS') return controlPreflight(allowedOrigin);
  } else if (request.method === 'OPTIONS') {
    // 3. CORS: every OPTIONS request gets the preflight's 204 (a plain one too: never an error body).
    return journalUnrouted(pipeline.apiCors.preflight(origin));
  }

  if (named !== undefined && !worldNamePattern.test(named)) {
    const detail =
      `The X-Mock-Namespace header "${named.slice(0, 100)}" is not a namespace: send 1 to 64 characters, a letter ` +
      'or digit first, then letters, digits, ".", "_" or "-"; or leave the header out for the world "default".';
    return identified(cors(problemResponse({ code: 'invalid-namespace', detail }, path)));
  }

  // 4. Route: a 404 or 405 opens no world. A `Prefer` it cannot honour is a 400 even there (§19).
  const route = router.find(request.method, path);
  if (route.kind !== 'operation' && !controlPath && request.headers.prefer !== undefined) {
    const preferences = parsePreferences(request.headers.prefer);
    if ('detail' in preferences) return journalUnrouted(cors(problemResponse(preferences, path)));
  }
  if (route.kind === 'method-not-allowed') {
    const allow = route.allow.join(', ');
    const detail = `${request.method} is not served at ${path}; allowed: ${allow}.`;
    const answer = problemResponse({ code: 'method-not-allowed', detail }, path);
    answer.headers.allow = allow;
    return journalUnrouted(cors(answer));
  }
  if (route.kind === 'not-found') {
    const controlPlane = config.control ? ', the control plane under /__mock' : '';
    const detail =
      `Nothing is served at ${path}. The Session API lives under ${pipeline.api.basePath}/${controlPlane}; ` +
      'read the reference at /docs and the README for the rest.';
    return journalUnrouted(cors(problemResponse({ code: 'not-found', detail }, path)));
  }

  if (route.plane === 'control') {
    const operationId = route.operation.operationId;
    const serveControl = async (): Promise<CoreResponse> => {
      const opened = await pipeline.registry.openAndTouch(worldName, receivedMs);
      if ('reason' in opened) return finish(identified(cors(namespacesFull(opened.retryAfterSeconds))));
      const refused = await pipeline.controlRefusal(request, operationId, opened, route.params);
      if (refused) return finish(cors(problemResponse(refused, path)));
      const handler = pipeline.controlHandlers[operationId]!;
      const service = await pipeline.serviceOf(opened, receivedMs);
      const answer = await handler({ request, params: route.params, world: opened, service, realNowMs: receivedMs });
      return finish(cors(answer));
    };
    if (operationId !== 'getHealth') return serveControl();
    // `GET /__mock/health` answers even when the store cannot be reached, saying so (spec/mock-control.yaml).
    try {
      return await serveControl();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      const refused = await pipeline.controlRefusal(request, operationId, undefined, route.params);
      if (refused) return finish(cors(problemResponse(refused, path)));
      return finish(cors(await pipeline.storeDownHealth(error)));
    }
  }

  const opened = await pipeline.registry.openAndTouch(worldName, receivedMs);
  if ('reason' in opened) return finish(identified(cors(namespacesFull(opened.retryAfterSeconds))));
  const world = opened;

  // 5. Traffic: the world's fault rules, the rate limit (§20), then Prefer; 6. the operation; 7. the journal,
  // before the answer leaves.
  const requestId = requestIdOf(request);
  const operation = route.operation;
  let answer = await applyFault(world, request.method === 'HEAD' ? 'GET' : request.method, path, pipeline.traffic);
  let service: SessionService | undefined;
  if (!answer && config.rateLimitPerMinute > 0) {
    service = await pipeline.serviceOf(world, receivedMs);
    answer = await applyRateLimit(request, world, service, config.rateLimitPerMinute, receivedMs);
  }
  let applied: string | undefined;
  if (!answer && request.headers.prefer !== undefined) {
    const preferred = await applyPreferences(request.headers.prefer, operation, path, pipeline.traffic);
    answer = preferred.answer;
    applied = preferred.applied;
  }
  if (!answer) {
    service ??= await pipeline.serviceOf(world, receivedMs);
    answer = await runApiOperation(pipeline.api, operation, request, service, pipeline.apiOperationParts);
  }
  if (applied !== undefined) answer.headers['preference-applied'] = applied;
  answer.headers['x-request-id'] = requestId;
  answer = cors(answer);
  const durationMs = Math.round((pipeline.realNowMs() - receivedMs) * 100) / 100;
  await world.journal.append(
    pendingJournalRecord(request, answer, { requestId, operationId: operation.operationId, receivedMs, durationMs }),
  );
  return finish(answer);

  /** A preflight, 404 or 405 outside the control plane goes into its world's journal, if that world exists. */
  async function journalUnrouted(answer: CoreResponse): Promise<CoreResponse> {
    const world = controlPath ? undefined : await pipeline.registry.find(worldName);
    if (world) {
      const requestId = requestIdOf(request);
      answer.headers['x-request-id'] = requestId;
      const durationMs = Math.round((pipeline.realNowMs() - receivedMs) * 100) / 100;
      await world.journal.append(
        pendingJournalRecord(request, answer, { requestId, operationId: null, receivedMs, durationMs }),
      );
    }
    return finish(answer);
  }

  function namespacesFull(retryAfterSeconds: number): CoreResponse {
    const detail =
      `The mock holds its maximum of namespaces, each with live sessions; try again in ${retryAfterSeconds} ` +
      'seconds or delete one with DELETE /__mock/namespaces/{name}.';
    return problemResponse({ code: 'namespaces-full', detail, retryAfterSeconds }, path);
  }

  /** Answers of no world carry X-Request-Id too (spec/mock-overlay.yaml: every answer does). */
  function identified(answer: CoreResponse): CoreResponse {
    answer.headers['x-request-id'] = requestIdOf(request);
    return answer;
  }

  /** HEAD is GET without the body (RFC 9110 §9.3.2), or the stream. */
  function finish(answer: CoreResponse): CoreResponse {
    if (request.method === 'HEAD') {
      answer.body = undefined;
      delete answer.stream;
    }
    return answer;
  }
}
