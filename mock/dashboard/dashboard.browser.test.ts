/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core):
 * one page per world, kept current by the world's event stream while separate
 * clients change it, steering it through the control plane and the real API.
 * One page session walks through the behaviours in turn, to keep the browser's
 * cost low. Set DASHBOARD_SCREENSHOT=<file> to write the screenshot the docs show.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { configDefaults } from '../config.ts';
import { launchChromium, type TestBrowser } from '../testing/browser.ts';
import { startLiveMock, type LiveMock } from '../testing/live-mock.ts';

/** What a change may take to show on the page (the bound). */
const showsWithinMs = 2000;

let mock: LiveMock;
let chromium: TestBrowser;
beforeAll(async () => {
  [mock, chromium] = await Promise.all([startLiveMock(), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await mock?.close();
});

/** A separate client of one world: the Session API and control plane over fetch, as any script. */
function worldClient(namespace: string) {
  const headers = { 'x-mock-namespace': namespace };
  const ok = <T>(what: string, answer: { status: number; body: T }) => {
    if (answer.status >= 300) throw new Error(`Failed to ${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const walletToken = async () =>
    ok('mint a wallet token', await mock.call('POST', '/__mock/wallet-token', { headers, json: {} })).token as string;
  return {
    create: async (rules: Record<string, unknown> = {}) =>
      ok(
        'create',
        await mock.call('POST', '/v1/session', {
          token: await walletToken(),
          headers: { ...headers, 'x-api-key': configDefaults.apiKeys[0]! },
          json: { rules },
        }),
      ),
    join: async (sessionId: string) =>
      ok(
        'join',
        await mock.call('POST', '/v1/session/join', { token: await walletToken(), headers, json: { sessionId } }),
      ),
    current: (token: string) => mock.call('GET', '/v1/session/current', { token, headers }),
    remove: (token: string) => mock.call('DELETE', '/v1/session/current', { token, headers }),
  };
}

interface Watched {
  page: Page;
  requests: Request[];
  consoleErrors: string[];
}

/** A page of the dashboard on `namespace`, watched: its requests, console errors and page errors. */
async function openDashboard(namespace: string, offMachine: string[]): Promise<Watched> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Nothing may leave the machine: every request is checked, and one to another host fails the test.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    offMachine.push(url.href);
    return route.abort();
  });
  const page = await context.newPage();
  const requests: Request[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request));
  page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(message.text())));
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(`${mock.origin}/__mock/ui?namespace=${namespace}`);
  await page.waitForFunction(
    (name) => document.getElementById('live')?.textContent?.includes(`Live: ${name}`),
    namespace,
  );
  return { page, requests, consoleErrors };
}

const session = (id: string) => `article.session[data-session-id="${id}"]`;

test('the dashboard shows and steers its own world live, pushed by the mock, accessibly', async () => {
  const offMachine: string[] = [];
  const alpha = await openDashboard('alpha', offMachine);
  const beta = await openDashboard('beta', offMachine);
  const { page } = alpha;
  const client = worldClient('alpha');

  // A session created by a separate client appears, with 30 minutes to live.
  const created = await client.create({ expiryDurationInSeconds: 1800 });
  await page.waitForSelector(session(created.sessionId), { timeout: showsWithinMs });
  expect(await page.textContent(`${session(created.sessionId)} .time-left`)).toMatch(/^(29|30) min/);

  // A join shows; the guest listens on the hub.
  const guest = await client.join(created.sessionId);
  const guestRow = `${session(created.sessionId)} tr[data-user-id="${guest.credentials.id}"]`;
  await page.waitForSelector(`${guestRow}[data-state="active"]`, { timeout: showsWithinMs });
  const heard: { data: { id: string; reason?: string } }[] = [];
  const hub = new HubConnectionBuilder()
    .withUrl(`${mock.api}/hubs/session`, {
      accessTokenFactory: () => guest.credentials.token,
      transport: HttpTransportType.WebSockets,
    })
    .configureLogging(LogLevel.None)
    .build();
  const removed = new Promise<void>((resolve) =>
    hub.on('UserRemoved', (event: (typeof heard)[number]) => {
      heard.push(event);
      resolve();
    }),
  );
  await hub.start();

  // A kick clicked on the page shows, and reaches the kicked member's hub client as UserRemoved.
  await page.click(`${guestRow} button:text("Kick")`);
  await page.waitForSelector(`${guestRow}[data-state="kicked"]`, { timeout: showsWithinMs });
  await removed;
  expect(heard[0]).toMatchObject({ data: { id: guest.credentials.id, reason: 'kicked' } });
  await hub.stop();

  // Idle: the page holds its event stream open and sends nothing while nothing changes.
  const stream = alpha.requests.find((request) => request.resourceType() === 'eventsource');
  expect(stream?.url()).toContain('/__mock/events?namespace=alpha');
  expect((await stream!.response())?.status()).toBe(200);
  expect(await stream!.response().then((response) => response?.headerValue('content-type'))).toBe('text/event-stream');
  const before = alpha.requests.length;
  await page.waitForTimeout(3000);
  expect(alpha.requests.slice(before).map((request) => request.url())).toEqual([]);
  expect(alpha.requests.filter((request) => request.resourceType() === 'eventsource')).toHaveLength(1);
  expect(alpha.requests.filter((request) => request.resourceType() === 'document')).toHaveLength(1);

  // A fault added on the page makes the next API call fail as set, and the page's journal shows that call.
  await page.selectOption('#faults select[name="method"]', 'GET');
  await page.fill('#faults input[name="path"]', '/v1/session/current');
  await page.fill('#faults input[name="status"]', '503');
  await page.fill('#faults input[name="times"]', '1');
  await page.click('#faults button:text("Add fault")');
  await page.waitForSelector('#faults tr[data-fault-id]', { timeout: showsWithinMs });
  const hostToken = created.credentials.token;
  expect((await client.current(hostToken)).status).toBe(503);
  await page.waitForSelector('#journal tr.failed:has(td.path:text("/v1/session/current")):has(td.status:text("503"))', {
    timeout: showsWithinMs,
  });
  await page.waitForSelector('#faults td:text("No fault rules.")', { timeout: showsWithinMs });
  // Its detail view shows the request's headers, the token redacted.
  await page.click('#journal tr.failed button');
  const detail = await page.textContent('.journal-detail');
  expect(detail).toContain('Response body');
  expect(detail).not.toContain(hostToken);

  // A delete by a separate client shows.
  const doomed = await client.create();
  await page.waitForSelector(session(doomed.sessionId), { timeout: showsWithinMs });
  expect((await client.remove(doomed.credentials.token)).status).toBe(200);
  await page.waitForSelector(`.ended li[data-session-id="${doomed.sessionId}"][data-ended="deleted"]`, {
    timeout: showsWithinMs,
  });

  // "+1 h", pressed from the keyboard, ends the session with 30 minutes left; the API then answers 404.
  await page.focus('#clock button:text("+1 h")');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.ended li[data-session-id="${created.sessionId}"][data-ended="expired"]`, {
    timeout: showsWithinMs,
  });
  expect(await page.$(session(created.sessionId))).toBeNull();
  expect((await client.current(hostToken)).status).toBe(404);

  // The other page, on its own world, saw none of it.
  const betaSession = await worldClient('beta').create();
  await beta.page.waitForSelector(session(betaSession.sessionId), { timeout: showsWithinMs });
  expect(await beta.page.$$('article.session')).toHaveLength(1);
  expect(await beta.page.$$('.ended li')).toHaveLength(0);
  expect(await beta.page.$$eval('#journal td.path', (cells) => cells.map((cell) => cell.textContent))).not.toContain(
    '/v1/session/current',
  );
  expect(await page.$(session(betaSession.sessionId))).toBeNull();

  // A scenario loaded from the page fills the world (the docs' screenshot).
  await page.selectOption('#scenarios select', 'tour');
  await page.click('#scenarios button:text("Load scenario")');
  await page.waitForSelector('.scenario-loaded:text("Loaded: tour")', { timeout: showsWithinMs });
  await page.waitForSelector('article.session', { timeout: showsWithinMs });
  if (process.env.DASHBOARD_SCREENSHOT)
    await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: false });

  // Accessible: axe-core finds nothing serious or critical, wide and narrow; a narrow window needs no sideways scroll.
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const axeViolations = async () => {
    await page.evaluate(axeSource);
    const results = await page.evaluate(async () => {
      type Violation = { id: string; impact: string; nodes: { target: string[] }[] };
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: Violation[] }> } }).axe;
      return (await axe.run()).violations.map(({ id, impact, nodes }) => ({
        id,
        impact,
        targets: nodes.map((node) => node.target.join(' ')),
      }));
    });
    return results.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  };
  expect(await axeViolations()).toEqual([]);
  await page.setViewportSize({ width: 390, height: 800 });
  const sticksOut = await page.evaluate(() =>
    document.documentElement.scrollWidth <= window.innerWidth
      ? []
      : Array.from(document.querySelectorAll('body *'))
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}#${element.id}`),
  );
  expect(sticksOut).toEqual([]);
  expect(await axeViolations()).toEqual([]);

  expect(alpha.consoleErrors).toEqual([]);
  expect(beta.consoleErrors).toEqual([]);
  expect(offMachine).toEqual([]);
});
