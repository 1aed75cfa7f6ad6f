/**
 * CORS proven in a real browser: headless Chromium (Debian's package, driven by
 * playwright-core) loads a page from one port whose script talks to the mock on
 * another, with Authorization, X-API-KEY and Prefer headers (so preflights
 * happen), and reads WWW-Authenticate and Retry-After from the answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, onTestFinished, test } from 'vitest';
import { configDefaults } from '../config.ts';
import { launchChromium } from '../testing/browser.ts';
import { buildMock } from './app.ts';

/** The page's script: everything a frontend does, reported back as one object. */
function pageScript(api: string): string {
  return `
const api = ${JSON.stringify(api)};
const json = { 'content-type': 'application/json' };
async function run() {
  const out = {};
  const wallet = await (await fetch(api + '/__mock/wallet-token', { method: 'POST', headers: json, body: '{}' })).json();
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
  const current = await fetch(api + '/v1/session/current', { headers: { authorization: 'Bearer ' + membership.credentials.token } });
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

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

test('a page on another origin creates and joins a session with fetch, reading exposed headers', async () => {
  const { app } = buildMock(Object.freeze({ ...configDefaults, logLevel: 'silent' as const }));
  onTestFinished(() => app.close());
  const api = await app.listen({ port: 0, host: '127.0.0.1' });

  const page = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><head><title>frontend</title></head><body><script>${pageScript(api)}</script></body></html>`);
  });
  onTestFinished(() => new Promise<void>((resolve) => page.close(() => resolve())));
  const pageOrigin = await listen(page);
  expect(new URL(pageOrigin).port).not.toBe(new URL(api).port);

  const { browser, close } = await launchChromium();
  onTestFinished(close);

  const tab = await browser.newPage();
  const consoleErrors: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await tab.goto(pageOrigin);
  await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 20_000 });
  const result = await tab.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result);

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
  const journal = (await app.inject({ method: 'GET', url: '/__mock/requests' })).json() as { requests: { method: string; path: string }[] };
  const preflights = journal.requests.filter((entry) => entry.method === 'OPTIONS').map((entry) => entry.path);
  expect(preflights).toEqual(expect.arrayContaining(['/v1/session', '/v1/session/join', '/v1/session/current', '/v1/wallet-proof/nonce']));
});
