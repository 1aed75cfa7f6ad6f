/**
 * CORS proven in a real browser: headless Chromium (Debian's package, driven by
 * playwright-core) loads a page from one port whose script talks to the mock on
 * another, with Authorization, X-API-KEY and Prefer headers (so preflights
 * happen), and reads WWW-Authenticate and Retry-After from the answers. And no
 * page from a foreign origin (a name Chromium resolves to 127.0.0.1) can read or
 * steer the control plane, while a loopback page can.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { configDefaults } from '../config.ts';
import { launchChromium, type TestBrowser } from '../testing/browser.ts';
import { buildMock, type Mock } from './app.ts';

/** A foreign site: Chromium resolves it to 127.0.0.1 (--host-resolver-rules), so no real DNS is involved. */
const foreignName = 'evil.example';

/** The page's script: everything a frontend does, reported back as one object. */
function pageScript(api: string): string {
  return `
const api = ${JSON.stringify(api)};
const json = { 'content-type': 'application/json' };
async function run() {
  const out = {};
  const minted = await fetch(api + '/__mock/wallet-token', { method: 'POST', headers: json, body: '{}' });
  const wallet = await minted.json();
  const created = await fetch(api + '/v1/session', {
    method: 'POST',
    headers: { ...json, 'x-api-key': 'mock-api-key', authorization: 'Bearer ' + wallet.token },
    body: JSON.stringify({ identity: { name: 'Browser Host' }, rules: { password: 'pw' } }),
  });
  out.createStatus = created.status;
  const session = await created.json();
  const guest = await (await fetch(api + '/__mock/wallet-token', { method: 'POST', headers: json, body: '{}' })).json();
  const join = (password) => fetch(api + '/v1/session/join', {
    method: 'POST',
    headers: { ...json, authorization: 'Bearer ' + guest.token },
    body: JSON.stringify({ sessionId: session.sessionId, password }),
  });
  const refused = await join('wrong');
  out.refusedStatus = refused.status;
  out.refusedChallenge = refused.headers.get('www-authenticate');
  const joined = await join('pw');
  out.joinStatus = joined.status;
  const membership = await joined.json();
  out.joinRole = membership.credentials.role;
  const memberAuth = { authorization: 'Bearer ' + membership.credentials.token };
  const current = await fetch(api + '/v1/session/current', { headers: memberAuth });
  out.currentUsers = (await current.json()).users.map((user) => user.name + ':' + user.role);
  const busy = await fetch(api + '/v1/wallet-proof/nonce', { headers: { prefer: 'code=503' } });
  out.previewStatus = busy.status;
  out.previewRetryAfter = busy.headers.get('retry-after');
  out.previewApplied = busy.headers.get('preference-applied');
  return out;
}
run().then((out) => { window.__result = out; }, (error) => { window.__result = { error: String(error) }; });
`;
}

/** A page's attempt at the control plane: what its script could read of each answer, or 'blocked'. */
function controlScript(api: string): string {
  return `
const api = ${JSON.stringify(api)};
const json = { 'content-type': 'application/json' };
const attempt = (path, init) =>
  fetch(api + path, init).then(
    async (answer) => answer.status + ' ' + (await answer.text()).slice(0, 40),
    () => 'blocked',
  );
async function run() {
  return {
    read: await attempt('/__mock/scenario'),
    // A simple request: the browser sends it without asking first.
    reset: await attempt('/__mock/reset', { method: 'POST' }),
    // Preflighted (JSON body).
    fault: await attempt('/__mock/faults', { method: 'POST', headers: json, body: '{"status":503}' }),
  };
}
run().then((out) => { window.__result = out; }, (error) => { window.__result = { error: String(error) }; });
`;
}

/** A page whose every call, API and control plane alike, names its own world in X-Mock-Namespace. */
function namespaceScript(api: string): string {
  return `
const api = ${JSON.stringify(api)};
const world = { 'x-mock-namespace': 'browser-tab' };
const json = { ...world, 'content-type': 'application/json' };
async function run() {
  const out = {};
  // Only X-Mock-Namespace is not CORS-safelisted here: the preflight has to allow it.
  out.clockStatus = (await fetch(api + '/__mock/clock', { headers: world })).status;
  const moved = await fetch(api + '/__mock/clock', { method: 'POST', headers: json, body: '{"advanceSeconds":3600}' });
  out.movedOffset = (await moved.json()).offsetSeconds;
  const minted = await fetch(api + '/__mock/wallet-token', { method: 'POST', headers: json, body: '{}' });
  const wallet = await minted.json();
  const created = await fetch(api + '/v1/session', {
    method: 'POST',
    headers: { ...json, 'x-api-key': 'mock-api-key', authorization: 'Bearer ' + wallet.token },
    body: '{}',
  });
  out.createStatus = created.status;
  const session = await created.json();
  const asHost = { authorization: 'Bearer ' + session.credentials.token };
  out.currentStatus = (await fetch(api + '/v1/session/current', { headers: { ...world, ...asHost } })).status;
  out.currentInDefault = (await fetch(api + '/v1/session/current', { headers: asHost })).status;
  out.sessionId = session.sessionId;
  return out;
}
run().then((out) => { window.__result = out; }, (error) => { window.__result = { error: String(error) }; });
`;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

let mock: Mock;
let api: string;

/** A control call from this test (no page, no Origin), over the mock's socket. */
async function inject(options: { method: string; url: string; payload?: unknown; headers?: Record<string, string> }) {
  const response = await fetch(`${api}${options.url}`, {
    method: options.method,
    headers: { ...(options.payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.payload === undefined ? {} : { body: JSON.stringify(options.payload) }),
  });
  const text = await response.text();
  return { statusCode: response.status, json: () => JSON.parse(text) as unknown };
}
let pagePort: string;
let chromium: TestBrowser;
let browser: Browser;
let closePages: () => Promise<void>;
/** Every control-plane request that reached the mock, as "METHOD path status". */
const controlAnswers: string[] = [];

beforeAll(async () => {
  mock = buildMock(Object.freeze({ ...configDefaults, logLevel: 'silent' as const }));
  // Every request the core answers, whichever way it came in (node:http or the fast path).
  const handle = mock.core.handle.bind(mock.core);
  mock.core.handle = async (request) => {
    const answer = await handle(request);
    if (request.path.startsWith('/__mock/')) controlAnswers.push(`${request.method} ${request.path} ${answer.status}`);
    return answer;
  };
  api = await mock.app.listen({ port: 0, host: '127.0.0.1' });

  const pages = createServer((request, response) => {
    const script =
      request.url === '/control'
        ? controlScript(api)
        : request.url === '/namespace'
          ? namespaceScript(api)
          : pageScript(api);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html><head><title>frontend</title></head><body><script>${script}</script></body></html>`,
    );
  });
  pagePort = new URL(await listen(pages)).port;
  closePages = () => new Promise<void>((resolve) => pages.close(() => resolve()));

  chromium = await launchChromium([`--host-resolver-rules=MAP ${foreignName} 127.0.0.1`]);
  browser = chromium.browser;
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await closePages?.();
  await mock?.app.close();
});

/** Opens `url` in a new tab and answers what its script reported. */
async function runPage(url: string): Promise<{ result: Record<string, unknown>; consoleErrors: string[] }> {
  const tab = await browser.newPage();
  const consoleErrors: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await tab.goto(url);
  await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, {
    timeout: 20_000,
  });
  const result = await tab.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result);
  await tab.close();
  return { result, consoleErrors };
}

const loadScenario = async () =>
  expect((await inject({ method: 'POST', url: '/__mock/scenario', payload: { name: 'kicked-user' } })).statusCode).toBe(
    200,
  );

test('a page on another origin creates and joins a session with fetch, reading exposed headers', async () => {
  const pageOrigin = `http://127.0.0.1:${pagePort}`;
  expect(pagePort).not.toBe(new URL(api).port);
  const { result, consoleErrors } = await runPage(pageOrigin);

  expect(result, `console errors: ${consoleErrors.join(' | ')}`).toEqual({
    createStatus: 200,
    refusedStatus: 401,
    refusedChallenge: expect.stringMatching(/^SessionPassword /),
    joinStatus: 200,
    joinRole: 'guest',
    currentUsers: [expect.stringMatching(/^Browser Host:host$/), expect.stringMatching(/:guest$/)],
    previewStatus: 503,
    previewRetryAfter: expect.stringMatching(/^\d+$/),
    previewApplied: 'code=503',
  });

  // The browser asked first: preflights reached the mock for the credentialed calls.
  const journal = (await inject({ method: 'GET', url: '/__mock/requests' })).json() as {
    requests: { method: string; path: string }[];
  };
  const preflights = journal.requests.filter((entry) => entry.method === 'OPTIONS').map((entry) => entry.path);
  expect(preflights).toEqual(
    expect.arrayContaining(['/v1/session', '/v1/session/join', '/v1/session/current', '/v1/wallet-proof/nonce']),
  );
});

test('a page from a foreign origin can neither read /__mock/scenario nor reset nor add a fault', async () => {
  await loadScenario();
  controlAnswers.length = 0;
  const { result } = await runPage(`http://${foreignName}:${pagePort}/control`);
  expect(result).toEqual({ read: 'blocked', reset: 'blocked', fault: 'blocked' });
  // The requests did reach the mock (nothing in the browser stopped them first), and each was refused.
  expect(controlAnswers).toEqual(['GET /__mock/scenario 403', 'POST /__mock/reset 403', 'OPTIONS /__mock/faults 403']);
  // Nothing was done: the scenario is still loaded, no fault was added.
  expect((await inject({ method: 'GET', url: '/__mock/scenario' })).statusCode).toBe(200);
  expect((await inject({ method: 'GET', url: '/__mock/faults' })).json()).toEqual({ faults: [] });
});

test('a page from loopback reads /__mock/scenario, resets and adds a fault', async () => {
  await loadScenario();
  const { result } = await runPage(`http://127.0.0.1:${pagePort}/control`);
  expect(result).toEqual({
    read: expect.stringMatching(/^200 \{"name":"kicked-user"/),
    reset: '204 ',
    fault: expect.stringMatching(/^201 /),
  });
  expect((await inject({ method: 'GET', url: '/__mock/scenario' })).statusCode).toBe(404);
  await inject({ method: 'DELETE', url: '/__mock/faults' });
});

test('a name rebound to 127.0.0.1 does not pass for the mock: /docs under it answers 403', async () => {
  const tab = await browser.newPage();
  const answer = await tab.goto(`http://${foreignName}:${new URL(api).port}/docs`);
  expect(answer?.status()).toBe(403);
  expect(await answer?.json()).toMatchObject({ type: 'urn:session-api:problem:control-forbidden' });
  await tab.close();
});

test('a page on another origin sends X-Mock-Namespace on API and control calls and works in its world', async () => {
  controlAnswers.length = 0;
  const { result, consoleErrors } = await runPage(`http://127.0.0.1:${pagePort}/namespace`);
  expect(result, `console errors: ${consoleErrors.join(' | ')}`).toEqual({
    clockStatus: 200,
    movedOffset: 3600,
    createStatus: 200,
    currentStatus: 200,
    // The token belongs to browser-tab: without the header (the default world) it is refused.
    currentInDefault: 401,
    sessionId: expect.any(String),
  });
  // The browser asked before sending the header to the control plane, and the mock allowed it.
  expect(controlAnswers).toEqual(expect.arrayContaining(['OPTIONS /__mock/clock 204', 'GET /__mock/clock 200']));
  const world = { 'x-mock-namespace': 'browser-tab' };
  const inTab = (await inject({ method: 'GET', url: '/__mock/sessions', headers: world })).json() as {
    sessions: { id: string }[];
  };
  expect(inTab.sessions.map((session) => session.id)).toEqual([result.sessionId]);
  const inDefault = (await inject({ method: 'GET', url: '/__mock/sessions' })).json() as { sessions: { id: string }[] };
  expect(inDefault.sessions.map((session) => session.id)).not.toContain(result.sessionId);
  expect((await inject({ method: 'GET', url: '/__mock/clock' })).json()).toMatchObject({ offsetSeconds: 0 });
  // The page's API calls are in its world's journal; their preflights, which carry no custom header, are not.
  const journal = (await inject({ method: 'GET', url: '/__mock/requests', headers: world })).json() as {
    requests: { method: string; path: string }[];
  };
  expect(journal.requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
    'POST /v1/session',
    'GET /v1/session/current',
  ]);
});
