/**
 * The mock's control plane under /__mock, as spec/mock-control.yaml describes it,
 * acting on the caller's world (X-Mock-Namespace). Not part of the Session API.
 */
import type { ApiContract, MockControlComponents } from '../../spec/index.ts';
import type { Problem } from '../domain/index.ts';
import { ScenarioError, loadScenario, type Scenario } from '../scenarios/load-scenario.ts';
import { clockNow, moveClock, offsetSeconds, readClockChange, type SessionService } from '../services/index.ts';
import { WorldStateError } from '../world/world-state.ts';
import type { StoreHealth, StoreKind } from '../world/store-health.ts';
import {
  defaultWorldName,
  worldNamePattern,
  type JournalQuery,
  type World,
  type WorldRegistry,
} from '../world/world.ts';
import { describeSchemaErrors } from './api-operations.ts';
import { emptyResponse, jsonResponse, problemResponse } from './problem-response.ts';
import { readJsonBody } from './request-body.ts';
import { brokenSnapshotDetail, readSnapshot, toSnapshot, type SnapshotLimits } from './snapshot.ts';
import type { EventTickets } from './event-tickets.ts';
import type { CoreRequest, CoreResponse } from './types.ts';
import { storeDown } from './store-problems.ts';
import { newWorldToken, worldTokenHash } from './world-claims.ts';
import { streamWorldName, worldEventStream, type OpenStreams } from './world-event-stream.ts';

type Schemas = MockControlComponents['schemas'];

/** Scenario files (Node reads them: mock/scenarios/scenario-book.ts). */
export interface ScenarioLibrary {
  catalogue(): Schemas['ScenarioCatalogue'];
  /** A shipped scenario, validated; throws a ScenarioError naming `/name` when there is none. */
  readNamed(name: string): Scenario;
  validate(value: unknown, source: string): Scenario;
}

/** The dashboard's page and files (mock/dashboard serves them from disk). */
export interface DashboardAssets {
  /** The page (`index.html`) or one of its files by name; undefined when there is none of that name. */
  read(name: string): Promise<{ contentType: string; body: string } | undefined>;
}

export interface ControlContext {
  readonly request: CoreRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly world: World;
  readonly service: SessionService;
  readonly realNowMs: number;
}

export interface ControlParts {
  readonly control: ApiContract;
  readonly registry: WorldRegistry;
  readonly scenarios: ScenarioLibrary;
  readonly defaultWalletTokenTtlSeconds: number;
  readonly bodyLimitBytes: number;
  /** What a restored snapshot may hold. */
  readonly snapshotLimits: SnapshotLimits;
  /** A service for a world as it is now (after a reset: of its new generation). */
  readonly serviceOf: (world: World) => Promise<SessionService>;
  readonly unexpectedErrors: () => number;
  /** The dashboard at /__mock/ui; left out, it is not served. */
  readonly dashboard?: DashboardAssets;
  readonly tickets: EventTickets;
  readonly openStreams: OpenStreams;
  /** The store that holds the worlds: `GET /__mock/health` reports it. */
  readonly store: { readonly kind: StoreKind; readonly health: StoreHealth };
  /** Whether worlds can be claimed (the mock runs with --control-token). */
  readonly claims: boolean;
  /** Whether the call may see every world (the control token, or none needed); a world token sees its own. */
  readonly seesEveryWorld: (request: CoreRequest) => boolean;
}

/**
 * `GET /__mock/health` while the store cannot be reached: a 503 `store-unavailable` problem that names the
 * dependency that is down (spec/mock-control.yaml, `HealthDown`).
 */
export function healthDown(kind: StoreKind, detail: string, unexpectedErrors: number, instance: string): CoreResponse {
  const problem = storeDown(kind, detail);
  return problemResponse(problem, instance, {
    unexpectedErrors,
    dependencies: { store: { kind, status: 'down', detail } },
  } satisfies Omit<Schemas['HealthDown'], 'type' | 'title' | 'status'>);
}

/** The dashboard's page may load only its own files and talk only to this mock. */
const dashboardPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ControlHandler = (context: ControlContext) => Promise<CoreResponse>;

const invalid = (detail: string, instance: string, errors?: Problem['errors']) =>
  problemResponse({ code: 'invalid-control-request', detail, ...(errors ? { errors } : {}) }, instance);

/** Every control operation this mock serves, by operation id. */
export function controlHandlers(parts: ControlParts): Partial<Record<string, ControlHandler>> {
  const { control, registry } = parts;

  /** Reads a control body: every failure is a 400 (spec/mock-control.yaml). */
  const readBody = (context: ControlContext) =>
    readJsonBody({
      bytes: context.request.body,
      contentType: context.request.headers['content-type'],
      tooLarge: context.request.bodyTooLarge,
      limitBytes: parts.bodyLimitBytes,
    });
  const body = <T>(context: ControlContext, operationId: string): T | CoreResponse => {
    const path = context.request.path;
    const read = readBody(context);
    if (!read.ok) return invalid(read.problem.detail, path);
    const value = read.value ?? (control.operation(operationId).requestBody?.required ? undefined : {});
    if (value === undefined) return invalid('A JSON body is required.', path);
    const errors = control.validateRequestBody(operationId, value);
    if (errors.length > 0) return invalid(`The body breaks the schema: ${describeSchemaErrors(errors)}.`, path, errors);
    return value as T;
  };
  const isAnswer = (value: unknown): value is CoreResponse =>
    typeof value === 'object' && value !== null && 'status' in value && 'headers' in value;

  const clockView = async (context: ControlContext): Promise<Schemas['Clock']> => {
    const state = await context.world.clock.read();
    return {
      now: clockNow(state, context.realNowMs),
      offsetSeconds: offsetSeconds(state, context.realNowMs),
      frozen: state.frozenAtMs !== null,
    };
  };

  return {
    getHealth: async ({ service, request }) => {
      const store = await parts.store.health.check();
      if (!store.up) {
        const detail = store.detail ?? 'it does not answer.';
        return healthDown(parts.store.kind, detail, parts.unexpectedErrors(), request.path);
      }
      return jsonResponse(200, {
        status: 'ok',
        sessions: (await service.liveSessions()).length,
        now: service.scope.now,
        unexpectedErrors: parts.unexpectedErrors(),
        dependencies: {
          store: { kind: parts.store.kind, status: 'up', ...(store.detail ? { detail: store.detail } : {}) },
        },
      } satisfies Schemas['Health']);
    },
    resetMock: async ({ world }) => {
      await world.reset();
      return emptyResponse(204);
    },
    mintWalletToken: async (context) => {
      const input = body<Schemas['WalletTokenRequest']>(context, 'mintWalletToken');
      if (isAnswer(input)) return input;
      const ttl = input.ttlSeconds ?? parts.defaultWalletTokenTtlSeconds;
      return jsonResponse(200, await context.service.mintWalletToken(input.address, ttl));
    },
    getClock: async (context) => jsonResponse(200, await clockView(context)),
    setClock: async (context) => {
      // Read by hand: the schema's oneOf would name every branch's failure at once.
      const read = readBody(context);
      const change = read.ok ? readClockChange(read.value) : read;
      if (!change.ok) return invalid(change.problem.detail, context.request.path);
      let refusal: Problem | undefined;
      await context.world.clock.update((current) => {
        const moved = moveClock(current, change.value, context.realNowMs);
        refusal = moved.ok ? undefined : moved.problem;
        return moved.ok ? moved.value : current;
      });
      if (refusal) return invalid(refusal.detail, context.request.path);
      await context.world.events.publish({ kind: 'clock-moved' });
      return jsonResponse(200, await clockView(context));
    },
    listSessions: async ({ service }) =>
      jsonResponse(200, {
        sessions: (await service.liveSessions()).map((record): Schemas['MockSession'] => ({
          id: record.id,
          creatorId: record.creatorId,
          createdAt: record.createdAt,
          expiry: record.expiry,
          maxUsers: record.maxUsers,
          passwordProtected: record.passwordHash !== null,
          allowOnlyWhitelistedAddresses: record.whitelistEnforced,
          whiteListAddresses: [...record.whiteList],
          members: record.members.map(({ userId, role, name, address, wallet, state }) => ({
            id: userId,
            role,
            name,
            address,
            wallet,
            state,
          })),
        })),
      }),
    listRequests: async (context) => {
      const query = readJournalQuery(new URLSearchParams(context.request.query));
      if ('detail' in query) return invalid(query.detail, context.request.path, query.errors);
      return jsonResponse(200, { requests: await context.world.journal.list(query) });
    },
    clearRequests: async ({ world }) => {
      await world.journal.clear();
      return emptyResponse(204);
    },
    listFaults: async ({ world }) => jsonResponse(200, { faults: await world.faults.list() }),
    addFault: async (context) => {
      const input = body<Schemas['FaultRuleRequest']>(context, 'addFault');
      if (isAnswer(input)) return input;
      const rule = await context.world.faults.add(input);
      await context.world.events.publish({ kind: 'faults-changed' });
      return jsonResponse(201, rule);
    },
    clearFaults: async ({ world }) => {
      await world.faults.clear();
      await world.events.publish({ kind: 'faults-changed' });
      return emptyResponse(204);
    },
    listScenarios: () => Promise.resolve(jsonResponse(200, parts.scenarios.catalogue())),
    getScenario: async ({ world, request }) => {
      const loaded = await world.scenario();
      if (loaded) return jsonResponse(200, loaded);
      const detail = 'No scenario is loaded; load one with POST /__mock/scenario or start the mock with --scenario.';
      return problemResponse({ code: 'not-found', detail }, request.path);
    },
    loadScenario: async (context) => {
      const path = context.request.path;
      const read = readBody(context);
      if (!read.ok) return invalid(read.problem.detail, path);
      if (read.value === undefined)
        return invalid('A JSON body is required: { "name": "<shipped scenario>" } or { "scenario": { ... } }.', path);
      const errors = control.validateRequestBody('loadScenario', read.value);
      if (errors.length > 0)
        return invalid(`The body breaks the schema: ${describeSchemaErrors(errors)}.`, path, errors);
      const input = read.value as { name?: string; scenario?: Scenario };
      try {
        const scenario =
          input.name !== undefined
            ? parts.scenarios.readNamed(input.name)
            : parts.scenarios.validate(input.scenario, 'the request body');
        const source = input.name ?? 'request';
        return jsonResponse(200, await loadScenario(context.world, parts.serviceOf, scenario, source));
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        // Pointers into an inline scenario are pointers into the body's `scenario`.
        const prefix = input.name === undefined ? '/scenario' : '';
        const fieldErrors = error.errors.map((fieldError) => ({
          pointer:
            input.name !== undefined && fieldError.pointer === '/name' ? '/name' : `${prefix}${fieldError.pointer}`,
          message: fieldError.message,
        }));
        return invalid(error.message, path, fieldErrors);
      }
    },
    getSnapshot: async ({ world, realNowMs }) =>
      jsonResponse(200, toSnapshot(world.name, await world.capture(), realNowMs)),
    restoreSnapshot: async (context) => {
      const path = context.request.path;
      const read = readBody(context);
      if (!read.ok) return invalid(read.problem.detail, path);
      if (read.value === undefined)
        return invalid('A JSON body is required: a snapshot, as GET /__mock/snapshot answers it.', path);
      // Checked whole before the world changes: a broken snapshot leaves it as it was.
      const reading = readSnapshot(control, read.value, parts.snapshotLimits);
      if (!reading.ok) return invalid(brokenSnapshotDetail(reading.errors), path, reading.errors);
      try {
        await context.world.restore(reading.state);
      } catch (error) {
        if (!(error instanceof WorldStateError)) throw error;
        return invalid(brokenSnapshotDetail(error.errors), path, [...error.errors]);
      }
      return emptyResponse(204);
    },
    streamEvents: ({ request }) => {
      const world = streamWorldName(request);
      if (world === undefined) {
        const detail =
          'The namespace query parameter breaks the rule of X-Mock-Namespace; name a world, or leave it out.';
        return Promise.resolve(
          invalid(detail, request.path, [{ pointer: '/namespace', message: 'must be a namespace' }]),
        );
      }
      return Promise.resolve({
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
        body: undefined,
        stream: worldEventStream(registry, world, parts.openStreams),
      });
    },
    issueEventTicket: async ({ world }) => jsonResponse(201, await parts.tickets.issue(world.name)),
    issueMemberToken: async ({ service, params, request }) => {
      const sessionId = params.sessionId ?? '';
      const userId = params.userId ?? '';
      const issued = await service.memberToken(sessionId, userId);
      if (!issued.ok) return problemResponse(issued.problem, request.path);
      return jsonResponse(200, { sessionId, userId, role: issued.value.role, token: issued.value.token });
    },
    removeFault: async ({ world, params, request }) => {
      const id = Number(params.id);
      if (!/^\d+$/.test(params.id ?? '') || !(await world.faults.remove(id))) {
        const detail = `No fault rule has the id ${params.id}; GET /__mock/faults lists them.`;
        return problemResponse({ code: 'not-found', detail }, request.path);
      }
      await world.events.publish({ kind: 'faults-changed' });
      return emptyResponse(204);
    },
    ...(parts.dashboard ? dashboardHandlers(parts.dashboard) : {}),
    listNamespaces: async ({ realNowMs, request, world }) => {
      const every = parts.seesEveryWorld(request);
      const summaries = (await registry.list(realNowMs)).filter((summary) => every || summary.name === world.name);
      const namespaces = summaries
        .map((summary) => ({
          name: summary.name,
          liveSessions: summary.liveSessions,
          requestsSeen: summary.requestsSeen,
          clockOffsetSeconds: summary.clockOffsetSeconds,
          lastUsed: new Date(summary.lastUsedMs).toISOString(),
          createdAt: new Date(summary.createdAtMs).toISOString(),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return jsonResponse(200, { namespaces });
    },
    claimNamespace: async ({ params, request, realNowMs }) => {
      const name = params.name ?? '';
      if (!parts.claims) {
        const detail =
          'Worlds can be claimed only when the mock runs with --control-token: without it, namespaces are ' +
          'isolation, not access control (README, "Run it for a team").';
        return invalid(detail, request.path);
      }
      if (!worldNamePattern.test(name) || name === defaultWorldName) {
        const detail =
          name === defaultWorldName
            ? 'The world "default" is every caller\'s that sends no X-Mock-Namespace; claim a named world.'
            : `"${name.slice(0, 100)}" is not a namespace: 1 to 64 characters, a letter or digit first, then ` +
              'letters, digits, ".", "_" or "-".';
        return invalid(detail, request.path, [{ pointer: '/name', message: 'must be a namespace other than default' }]);
      }
      const opened = await registry.open(name, realNowMs);
      if ('reason' in opened) {
        const detail =
          `The mock holds its maximum of namespaces, each with live sessions; try again in ` +
          `${opened.retryAfterSeconds} seconds or delete one with DELETE /__mock/namespaces/{name}.`;
        return problemResponse(
          { code: 'namespaces-full', detail, retryAfterSeconds: opened.retryAfterSeconds },
          request.path,
        );
      }
      const token = newWorldToken();
      await opened.claim(await worldTokenHash(token));
      return jsonResponse(200, { name, token } satisfies Schemas['WorldClaim']);
    },
    deleteNamespace: async ({ params, request }) => {
      const name = params.name ?? '';
      const world = await registry.find(name);
      if (!world || !(await registry.delete(name))) {
        const detail = `No world is called "${name}"; GET /__mock/namespaces lists them.`;
        return problemResponse({ code: 'not-found', detail }, request.path);
      }
      // Its hub connections close as on a reset (mock/hub listens to its events).
      await world.events.publish({ kind: 'reset' });
      return emptyResponse(204);
    },
  };
}

/** GET /__mock/ui and its files: the page holds no data; it reads everything through the control plane. */
function dashboardHandlers(assets: DashboardAssets): Record<string, ControlHandler> {
  const serve = async (name: string): Promise<CoreResponse> => {
    const asset = await assets.read(name);
    if (!asset) throw new Error(`The dashboard lacks its file ${name}.`);
    const headers: Record<string, string> = { 'content-type': asset.contentType, 'cache-control': 'no-cache' };
    if (name === 'index.html') headers['content-security-policy'] = dashboardPolicy;
    return { status: 200, headers, body: asset.body };
  };
  return {
    getDashboard: () => serve('index.html'),
    getDashboardScript: () => serve('app.js'),
    getDashboardStyles: () => serve('app.css'),
  };
}

/** The filters of listRequests, checked against their schemas in the spec. */
function readJournalQuery(params: URLSearchParams): JournalQuery | { detail: string; errors: Problem['errors'] } {
  const errors: { pointer: string; message: string }[] = [];
  const text = (name: string, max: number) => {
    const value = params.get(name);
    if (value === null) return undefined;
    if (value.length < 1 || value.length > max)
      errors.push({ pointer: `/${name}`, message: `must be 1 to ${max} characters` });
    return value;
  };
  const whole = (name: string, min: number, max: number) => {
    const value = params.get(name);
    if (value === null) return undefined;
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      errors.push({ pointer: `/${name}`, message: `must be a whole number from ${min} to ${max}` });
      return undefined;
    }
    return number;
  };
  const since = params.get('since');
  let sinceMs: number | undefined;
  if (since !== null) {
    sinceMs = Date.parse(since);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(sinceMs))
      errors.push({ pointer: '/since', message: 'must be an RFC 3339 date-time' });
  }
  const query = {
    operationId: text('operationId', 100),
    status: whole('status', 100, 599),
    method: text('method', 16),
    after: whole('after', 0, Number.MAX_SAFE_INTEGER),
    sinceMs,
    limit: whole('limit', 1, 100_000),
  };
  if (errors.length > 0) {
    const detail = `The query breaks its schema: ${describeSchemaErrors(errors)}.`;
    return { detail, errors };
  }
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}
