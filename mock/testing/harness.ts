/**
 * The mock in process, for tests: every answer comes from the core's `handle`
 * (no socket), or, in socket mode, over HTTP from the node:http adapter on a free
 * loopback port; either way it is checked against the spec it belongs to (spec/session-api.yaml
 * with spec/mock-overlay.yaml under /v1, spec/mock-control.yaml under /__mock) before the test sees it. A
 * response that breaks its description fails the test that provoked it.
 */
import { randomBytes } from 'node:crypto';
import { expect, onTestFinished } from 'vitest';
import { ApiDescription, mockControlFile, sessionApiFile, type OperationDescription } from '../../spec/index.ts';
import { configDefaults, type MockConfig } from '../config.ts';
import type { MockCore } from '../core/index.ts';
import { buildCore, buildMock, type Mock, type SharedStore } from '../http/app.ts';
import type { ScenarioBook } from '../scenarios/index.ts';
import { clockNow } from '../services/index.ts';
import { defaultWorldName } from '../world/world.ts';
import type { RandomSource } from '../services/index.ts';

/** The Session API as written (what `Prefer` previews, what a real server answers). */
export const sessionApi = ApiDescription.fromFile(sessionApiFile, 'session-api');
/** The Session API as the mock answers it, which judges its answers: with spec/mock-overlay.yaml. */
const mockSessionApi = ApiDescription.mockFromFile();
const mockControl = ApiDescription.fromFile(mockControlFile, 'mock-control');

/** 2026-11-25T20:00:00Z: the fake real time every harness starts at. */
export const startMs = Date.UTC(2026, 10, 25, 20, 0, 0);
export const apiKey = configDefaults.apiKeys[0]!;

export interface Call {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH' | 'OPTIONS' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON with `Content-Type: application/json` (unless headers name another). */
  json?: unknown;
  /** Sent as is. */
  payload?: string | Buffer;
  /**
   * Why this answer may have a status its operation does not document (a fault
   * rule's outage, a refused `Prefer`): then only its problem body is checked.
   */
  outsideSpec?: string;
}

export interface Answer<T = any> {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  /** The parsed body (undefined when empty). */
  body: T;
  /** The operation the request was routed to, if any. */
  operationId: string | undefined;
}

export interface HarnessOptions {
  config?: Partial<MockConfig>;
  random?: RandomSource;
  /** Over HTTP through mock/http (a real socket) instead of straight to the core. */
  socket?: boolean;
  /** A store of worlds standing in for a shared one (mock/http/app.ts, `MockParts.store`), and its deadline. */
  store?: SharedStore;
  storeDeadlineMs?: number;
}

export function randomAddress(): string {
  return `0x${randomBytes(20).toString('hex')}`;
}

/** Whether a path fits a path template of the spec (`{name}`: one segment). */
function templateMatches(template: string, path: string): boolean {
  if (!template.includes('{')) return template === path;
  const pattern = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${pattern}$`).test(path);
}

function findOperation(
  method: string,
  path: string,
  control = true,
): { description: ApiDescription; operation: OperationDescription } | undefined {
  const served = control
    ? ([
        [mockSessionApi, mockSessionApi.basePath],
        [mockControl, mockControl.basePath],
      ] as const)
    : ([[mockSessionApi, mockSessionApi.basePath]] as const);
  for (const [description, prefix] of served) {
    const operation = description.operations.find(
      (candidate) => candidate.method === method && templateMatches(`${prefix}${candidate.path}`, path),
    );
    if (operation) return { description, operation };
  }
  return undefined;
}

/** The problems an answer outside every operation (404, 405) or outside the spec (faults) must still be. */
function problemViolations(answer: Answer): string[] {
  const violations: string[] = [];
  const contentType = (answer.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (contentType !== 'application/problem+json')
    violations.push(`content-type is "${contentType}", not application/problem+json`);
  const validate = sessionApi.schema('Problem');
  if (!validate(answer.body)) violations.push(`body is not a Problem: ${JSON.stringify(validate.errors)}`);
  return violations;
}

/**
 * Checks one answer against the spec; answers the violations (empty: it conforms).
 * `control`: whether the mock serves its control plane (off with --no-control).
 */
export function specViolations(call: Call, answer: Answer, control = true): string[] {
  if (call.method === 'OPTIONS') return [];
  const path = call.url.split('?')[0]!;
  if (call.method === 'HEAD') return headViolations(path, answer, control);
  const found = findOperation(call.method, path, control);
  const violations: string[] = [];
  if (answer.status >= 400 && answer.text.length > 0) {
    violations.push(...problemViolations(answer));
    if (answer.body?.status !== answer.status)
      violations.push(`problem status ${answer.body?.status} differs from the HTTP status ${answer.status}`);
  }
  if (answer.status === 401 && !answer.headers['www-authenticate']) violations.push('a 401 without WWW-Authenticate');
  if (!found) {
    // Routing answers of no operation: 404 for an unknown path, 405 with Allow.
    if (answer.status !== 404 && answer.status !== 405 && call.outsideSpec === undefined)
      violations.push(`${call.method} ${path} is no operation, yet answered ${answer.status}`);
    if (answer.status === 405 && !answer.headers.allow) violations.push('a 405 without Allow');
    return violations;
  }
  // The overlay's 4XX and 5XX stand for fault rules: a call that did not set one up must get a status of its own.
  const documented = found.operation.responses.has(answer.status);
  if (!documented && call.outsideSpec !== undefined) return violations;
  if (!documented) {
    const listed = [...found.operation.responses.keys()].join(', ');
    return [...violations, `status ${answer.status} is not documented for ${found.operation.operationId} (${listed})`];
  }
  violations.push(
    ...found.description.checkResponse(found.operation.operationId, {
      status: answer.status,
      headers: answer.headers,
      body: answer.text,
    }),
  );
  return violations;
}

/** HEAD is GET without the body (RFC 9110 §9.3.2): a status GET documents, its 401 challenge, and no body. */
function headViolations(path: string, answer: Answer, control: boolean): string[] {
  const get = findOperation('GET', path, control);
  if (!get)
    return answer.status === 404 || answer.status === 405
      ? []
      : [`HEAD ${path} has no GET operation, yet answered ${answer.status}`];
  const violations: string[] = [];
  if (!get.operation.responses.has(answer.status))
    violations.push(`HEAD ${path} answered ${answer.status}, which GET does not document`);
  if (answer.status === 401 && !answer.headers['www-authenticate']) violations.push('a 401 without WWW-Authenticate');
  if (answer.text.length > 0) violations.push('a HEAD answer with a body');
  return violations;
}

export class Harness {
  readonly core: MockCore;
  readonly scenarios: ScenarioBook;
  /** The HTTP adapter, in socket mode only. */
  readonly mock: Mock | undefined;
  /** The fake real time (ms) under the virtual clock; tests may move it. */
  realMs = startMs;
  readonly config: MockConfig;
  private listening: Promise<string> | undefined;

  constructor(options: HarnessOptions = {}) {
    const config: MockConfig = Object.freeze({ ...configDefaults, logLevel: 'silent', ...options.config });
    this.config = config;
    const parts = {
      realNowMs: () => this.realMs,
      ...(options.random ? { random: options.random } : {}),
      ...(options.store ? { store: options.store } : {}),
      ...(options.storeDeadlineMs === undefined ? {} : { storeDeadlineMs: options.storeDeadlineMs }),
    };
    if (options.socket) {
      this.mock = buildMock(config, parts);
      this.core = this.mock.core;
      this.scenarios = this.mock.scenarios;
      this.listening = this.mock.app.listen({ port: 0, host: '127.0.0.1' });
    } else {
      this.mock = undefined;
      ({ core: this.core, scenarios: this.scenarios } = buildCore(config, parts));
    }
  }

  /** http://127.0.0.1:<port> in socket mode. */
  origin(): Promise<string> {
    if (!this.listening) throw new Error('The harness listens only in socket mode (harness({ socket: true })).');
    return this.listening;
  }

  /** The default world's virtual time (Unix seconds). */
  async now(namespace = defaultWorldName): Promise<number> {
    const world = await this.core.worlds.find(namespace);
    return clockNow(world ? await world.clock.read() : { offsetMs: 0, frozenAtMs: null }, this.realMs);
  }

  /** Sends one request and fails the test when the answer breaks the spec. */
  async request<T = any>(call: Call): Promise<Answer<T>> {
    const answer = await this.raw<T>(call);
    const violations = specViolations(call, answer, this.config.control);
    expect(
      violations,
      `${call.method} ${call.url} answered ${answer.status} against the spec: ${violations.join('; ')}. ` +
        `Body: ${answer.text.slice(0, 300)}`,
    ).toEqual([]);
    return answer;
  }

  /** Sends one request without checking the answer (for the harness's own tests). */
  async raw<T = any>(call: Call): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(call.headers ?? {})) headers[name.toLowerCase()] = value;
    let payload = call.payload;
    if (call.json !== undefined) {
      payload = JSON.stringify(call.json);
      headers['content-type'] ??= 'application/json';
    }
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const { status, responseHeaders, text } = this.listening
      ? await this.overHttp(call, headers, bytes)
      : await this.direct(call, headers, bytes);
    let body: any;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    const found = findOperation(call.method, call.url.split('?')[0]!, this.config.control);
    return { status, headers: responseHeaders, text, body, operationId: found?.operation.operationId };
  }

  private async direct(call: Call, headers: Record<string, string>, bytes: Buffer | undefined) {
    const queryAt = call.url.indexOf('?');
    const tooLarge = bytes !== undefined && bytes.length > this.config.bodyLimitBytes;
    const answer = await this.core.handle({
      method: call.method,
      path: queryAt === -1 ? call.url : call.url.slice(0, queryAt),
      query: queryAt === -1 ? '' : call.url.slice(queryAt + 1),
      headers: { host: 'localhost:80', ...headers },
      body: bytes === undefined || tooLarge ? undefined : new Uint8Array(bytes),
      ...(tooLarge ? { bodyTooLarge: true } : {}),
    });
    const text =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : Buffer.from(answer.body).toString('utf8');
    const responseHeaders: Record<string, string | undefined> = { ...answer.headers };
    if (answer.drop) return { status: 0, responseHeaders, text: '' };
    return { status: answer.status, responseHeaders, text };
  }

  private async overHttp(call: Call, headers: Record<string, string>, bytes: Buffer | undefined) {
    const origin = await this.origin();
    const { request } = await import('undici');
    try {
      const response = await request(`${origin}${call.url}`, {
        method: call.method,
        headers,
        ...(bytes === undefined ? {} : { body: bytes }),
      });
      const text = await response.body.text();
      const responseHeaders: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      // node:http adds these to every answer; the core's answers do not carry them.
      delete responseHeaders.date;
      delete responseHeaders.connection;
      delete responseHeaders['keep-alive'];
      delete responseHeaders['transfer-encoding'];
      return { status: response.statusCode, responseHeaders, text };
    } catch {
      // A dropped connection (a fault rule's reset).
      return { status: 0, responseHeaders: {}, text: '' };
    }
  }

  /**
   * Opens a streamed answer (GET /__mock/events) straight from the core: its
   * Server-Sent Events arrive in `events`; an answer that is no stream comes back
   * whole in `answer`. Closed when the test finishes.
   */
  async openStream(call: Omit<Call, 'json' | 'payload'>): Promise<OpenedStream> {
    const queryAt = call.url.indexOf('?');
    const headers: Record<string, string> = { host: 'localhost:80' };
    for (const [name, value] of Object.entries(call.headers ?? {})) headers[name.toLowerCase()] = value;
    const answer = await this.core.handle({
      method: call.method,
      path: queryAt === -1 ? call.url : call.url.slice(0, queryAt),
      query: queryAt === -1 ? '' : call.url.slice(queryAt + 1),
      headers,
      body: undefined,
    });
    const events: StreamEvent[] = [];
    const waiting = new Set<() => void>();
    let buffered = '';
    let ended = false;
    const stop =
      answer.stream?.open(
        (chunk) => {
          buffered += chunk;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) !== -1) {
            const block = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const name = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name !== undefined) events.push({ name, data: data === undefined ? undefined : JSON.parse(data) });
          }
          for (const wake of [...waiting]) wake();
        },
        () => {
          ended = true;
          for (const wake of [...waiting]) wake();
        },
      ) ?? (() => undefined);
    onTestFinished(stop);
    const text = typeof answer.body === 'string' ? answer.body : '';
    return {
      status: answer.status,
      headers: answer.headers,
      body: text ? JSON.parse(text) : undefined,
      events,
      ended: () => ended,
      next: (name, from = 0) =>
        new Promise((resolve, reject) => {
          const look = () => {
            const found = events.slice(from).find((event) => event.name === name);
            if (found) {
              waiting.delete(look);
              resolve(found);
            } else if (ended) {
              waiting.delete(look);
              reject(new Error(`The stream ended before an event "${name}" came.`));
            }
          };
          waiting.add(look);
          look();
        }),
      close: stop,
    };
  }

  // --- Helpers that go through the public API (and the control plane) ---

  async walletToken(
    address: string = randomAddress(),
    ttlSeconds?: number,
  ): Promise<{ token: string; wallet: string }> {
    const answer = await this.request({
      method: 'POST',
      url: '/__mock/wallet-token',
      json: ttlSeconds === undefined ? { address } : { address, ttlSeconds },
    });
    expect(answer.status).toBe(200);
    return { token: answer.body.token, wallet: answer.body.address };
  }

  async create(body: unknown = {}, wallet: string = randomAddress()): Promise<Created> {
    const { token } = await this.walletToken(wallet);
    const answer = await this.request({
      method: 'POST',
      url: '/v1/session',
      headers: { authorization: `Bearer ${token}`, 'x-api-key': apiKey },
      json: body,
    });
    expect(answer.status, answer.text).toBe(200);
    return {
      wallet: wallet.toLowerCase(),
      walletToken: token,
      token: answer.body.credentials.token,
      id: answer.body.credentials.id,
      sessionId: answer.body.sessionId,
      body: answer.body,
    };
  }

  /** A join; answers the raw (spec-checked) answer. */
  async joinAnswer(sessionId: string, wallet: string = randomAddress(), password?: string): Promise<Answer> {
    const { token } = await this.walletToken(wallet);
    return this.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${token}` },
      json: password === undefined ? { sessionId } : { sessionId, password },
    });
  }

  /** A join that must succeed. */
  async join(sessionId: string, wallet: string = randomAddress(), password?: string): Promise<Joined> {
    const answer = await this.joinAnswer(sessionId, wallet, password);
    expect(answer.status, answer.text).toBe(200);
    return {
      wallet: wallet.toLowerCase(),
      token: answer.body.credentials.token,
      id: answer.body.credentials.id,
      body: answer.body,
    };
  }

  /** A call with a session token to one of the /session/current operations or disconnect. */
  asMember(token: string, method: 'GET' | 'DELETE' | 'POST', path: string, json?: unknown): Promise<Answer> {
    return this.request({
      method,
      url: `/v1${path}`,
      headers: { authorization: `Bearer ${token}` },
      ...(json === undefined ? {} : { json }),
    });
  }

  current(token: string) {
    return this.asMember(token, 'GET', '/session/current');
  }

  kick(token: string, userId: unknown) {
    return this.asMember(token, 'POST', '/session/current/kick', { userId });
  }

  disconnect(token: string) {
    return this.asMember(token, 'POST', '/session/disconnect');
  }

  remove(token: string) {
    return this.asMember(token, 'DELETE', '/session/current');
  }

  async advance(seconds: number): Promise<void> {
    const answer = await this.request({ method: 'POST', url: '/__mock/clock', json: { advanceSeconds: seconds } });
    expect(answer.status).toBe(200);
  }

  close(): Promise<void> {
    return this.mock ? this.mock.app.close() : this.core.close();
  }
}

export interface StreamEvent {
  name: string;
  data: any;
}

export interface OpenedStream {
  status: number;
  headers: Record<string, string>;
  /** A refusal's problem body (no stream then). */
  body: any;
  /** Every event so far, in order. */
  events: StreamEvent[];
  ended(): boolean;
  /** The first event called `name` at index `from` or later, when it comes. */
  next(name: string, from?: number): Promise<StreamEvent>;
  close(): void;
}

export interface Created {
  wallet: string;
  walletToken: string;
  token: string;
  id: string;
  sessionId: string;
  body: any;
}

export interface Joined {
  wallet: string;
  token: string;
  id: string;
  body: any;
}

/** A harness closed when the current test finishes. */
export function harness(options: HarnessOptions = {}): Harness {
  const mock = new Harness(options);
  onTestFinished(() => mock.close());
  return mock;
}
