/**
 * The mock in process, for tests: every answer comes through `inject()` (no
 * socket) and is checked against the spec it belongs to (spec/session-api.yaml
 * under /v1, spec/mock-control.yaml under /__mock) before the test sees it. A
 * response that breaks its description fails the test that provoked it.
 */
import { randomBytes } from 'node:crypto';
import { expect, onTestFinished } from 'vitest';
import { ApiDescription, mockControlFile, sessionApiFile, type OperationDescription } from '../../spec/index.ts';
import { configDefaults, type MockConfig } from '../config.ts';
import { buildMock, type Mock } from '../http/app.ts';
import type { RandomSource } from '../services/index.ts';

export const sessionApi = ApiDescription.fromFile(sessionApiFile, 'session-api');
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
}

export function randomAddress(): string {
  return `0x${randomBytes(20).toString('hex')}`;
}

function findOperation(
  method: string,
  path: string,
  control = true,
): { description: ApiDescription; operation: OperationDescription } | undefined {
  const served = control
    ? ([
        [sessionApi, sessionApi.basePath],
        [mockControl, mockControl.basePath],
      ] as const)
    : ([[sessionApi, sessionApi.basePath]] as const);
  for (const [description, prefix] of served) {
    const operation = description.operations.find(
      (candidate) => candidate.method === method && `${prefix}${candidate.path}` === path,
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
    if (answer.status !== 404 && answer.status !== 405)
      violations.push(`${call.method} ${path} is no operation, yet answered ${answer.status}`);
    if (answer.status === 405 && !answer.headers.allow) violations.push('a 405 without Allow');
    return violations;
  }
  const documented = found.operation.responses.has(answer.status);
  if (!documented && call.outsideSpec !== undefined) return violations;
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
  readonly mock: Mock;
  /** The fake real time (ms) under the virtual clock; tests may move it. */
  realMs = startMs;
  readonly config: MockConfig;

  constructor(options: HarnessOptions = {}) {
    const config: MockConfig = Object.freeze({ ...configDefaults, logLevel: 'silent', ...options.config });
    this.config = config;
    this.mock = buildMock(config, {
      realNowMs: () => this.realMs,
      ...(options.random ? { random: options.random } : {}),
    });
  }

  get app() {
    return this.mock.app;
  }

  get clock() {
    return this.mock.clock;
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
    const headers: Record<string, string> = { ...call.headers };
    let payload = call.payload;
    if (call.json !== undefined) {
      payload = JSON.stringify(call.json);
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json';
    }
    const response = await this.app.inject({
      method: call.method,
      url: call.url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    const lowerCased: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      lowerCased[name.toLowerCase()] = Array.isArray(value)
        ? value.join(', ')
        : value === undefined
          ? undefined
          : String(value);
    }
    let body: any;
    if (response.body.length > 0) {
      try {
        body = JSON.parse(response.body);
      } catch {
        body = undefined;
      }
    }
    const found = findOperation(call.method, call.url.split('?')[0]!, this.config.control);
    return {
      status: response.statusCode,
      headers: lowerCased,
      text: response.body,
      body,
      operationId: found?.operation.operationId,
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
    return this.app.close();
  }
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
