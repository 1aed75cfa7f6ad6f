/**
 * The frontend kit in a real browser (Debian's Chromium), from another origin as a
 * dev server would be (a second loopback port, served by the test itself): the
 * official SignalR browser bundle hears the hub's events (the token travels in
 * ?access_token=, as browsers send it), and the typed client, bundled for the
 * browser, calls the API with the browser's fetch, through CORS.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type TestBrowser } from '../testing/browser.ts';
import { startLiveMock, type LiveMock } from '../testing/live-mock.ts';

const require = createRequire(import.meta.url);

let mock: LiveMock;
let chromium: TestBrowser;
let devServer: Server;
let devOrigin: string;
beforeAll(async () => {
  mock = await startLiveMock();
  chromium = await launchChromium();
  // The client as a frontend bundler sees it: the package export, ESM for the browser.
  const bundled = await build({
    stdin: {
      contents: "export { createSessionClient } from 'session-api-mock/client';",
      resolveDir: fileURLToPath(new URL('../../', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Loaded only when no fetch is given; a browser passes its own.
    external: ['undici'],
    // The export's sources (package.json `exports` names the built package, which only `npm pack` makes).
    alias: { 'session-api-mock/client': './contracts/client/index.ts' },
    write: false,
    logLevel: 'silent',
  });
  const clientBundle = bundled.outputFiles[0]!.text;
  const signalr = readFileSync(require.resolve('@microsoft/signalr/dist/browser/signalr.min.js'), 'utf8');
  const page = `<!doctype html><title>dev</title><script src="/signalr.js"></script>
<script type="module">import { createSessionClient } from '/client.js';
window.createSessionClient = createSessionClient;</script>`;
  // A stand-in for a frontend's dev server: another origin on loopback.
  devServer = createServer((request, response) => {
    const [type, body] =
      request.url === '/signalr.js'
        ? ['text/javascript', signalr]
        : request.url === '/client.js'
          ? ['text/javascript', clientBundle]
          : ['text/html', page];
    response.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((resolve) => devServer.listen(0, '127.0.0.1', resolve));
  const address = devServer.address();
  devOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await chromium?.close();
  await mock?.close();
  await new Promise((resolve) => devServer?.close(resolve));
});

async function openDevPage() {
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  page.on('console', (message) => process.env.DEBUG_BROWSER && console.log('browser:', message.text()));
  await page.goto(`${devOrigin}/`);
  await page.waitForFunction(() => typeof (window as any).createSessionClient === 'function');
  return page;
}

describe('the frontend kit in a browser on another origin', () => {
  test('the typed client creates and joins; the SignalR browser client hears UserAdded and UserRemoved', async () => {
    const host = await mock.walletToken();
    const guest = await mock.walletToken();
    const page = await openDevPage();
    const events = await page.evaluate(
      async ({ api, hostToken, guestToken }) => {
        const { createSessionClient } = window as any;
        const client = createSessionClient({
          baseUrl: api,
          apiKey: 'mock-api-key',
          fetch: (url: string, init: RequestInit) => fetch(url, init),
        });
        const created = await client.createSession(hostToken, {});
        if (!created.data) throw new Error(`create failed: ${created.response.status}`);
        const signalR = (window as any).signalR;
        const connection = new signalR.HubConnectionBuilder()
          .withUrl(`${api}/hubs/session`, {
            accessTokenFactory: () => created.data.credentials.token,
            transport: signalR.HttpTransportType.WebSockets,
          })
          .configureLogging(signalR.LogLevel.None)
          .build();
        const heard: unknown[] = [];
        const removed = new Promise((resolve) =>
          connection.on('UserRemoved', (event: unknown) => resolve(heard.push(event))),
        );
        connection.on('UserAdded', (event: unknown) => heard.push(event));
        await connection.start();
        const joined = await client.joinSession(guestToken, { sessionId: created.data.sessionId });
        await client.kickUser(created.data.credentials.token, joined.data.credentials.id);
        await removed;
        await connection.stop();
        return { heard, sessionId: created.data.sessionId, guestId: joined.data.credentials.id };
      },
      { api: mock.api, hostToken: host.token, guestToken: guest.token },
    );
    expect(events.heard).toEqual([
      {
        sessionId: events.sessionId,
        eventType: 'UserAdded',
        data: expect.objectContaining({ id: events.guestId, role: 'guest' }),
      },
      {
        sessionId: events.sessionId,
        eventType: 'UserRemoved',
        data: expect.objectContaining({ id: events.guestId, reason: 'kicked' }),
      },
    ]);
    await page.context().close();
  });
});
