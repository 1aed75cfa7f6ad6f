/**
 * The mock in a real browser with no mock server: a Vite page (built here with
 * vite) registers MSW's service worker with the bundle scripts/build-msw.ts makes
 * (through docs/examples/msw-worker.ts, quoted in docs/frontend-kit.md) and runs a
 * whole session's life through the typed clients. The page is served
 * with `Content-Security-Policy: script-src 'self'`, which forbids eval and
 * new Function: the page proves the policy holds, and the mock works under it.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, type TestBrowser } from '../testing/browser.ts';
import { buildBundleForTest, type BuiltBundle } from './testing/built-bundle.ts';
import { expectedLifecycle } from './testing/lifecycle.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const csp = "script-src 'self'";
let bundle: BuiltBundle;
let server: Server;
let origin: string;
let chromium: TestBrowser;

/** The app: index.html and main.ts as a frontend would write them, importing the built bundle. */
function writeApp(dir: string): void {
  mkdirSync(join(dir, 'public'), { recursive: true });
  copyFileSync(join(repoRoot, 'node_modules/msw/lib/mockServiceWorker.js'), join(dir, 'public/mockServiceWorker.js'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>MSW</title></head><body><pre id="result"></pre>' +
      '<script type="module" src="./main.ts"></script></body></html>',
  );
  const lifecycle = join(repoRoot, 'mock/msw/testing/lifecycle.ts');
  const workerExample = join(repoRoot, 'docs/examples/msw-worker.ts');
  writeFileSync(
    join(dir, 'main.ts'),
    `import { runLifecycle } from ${JSON.stringify(lifecycle)};

const result = document.querySelector('#result')!;
let evalAllowed = true;
try {
  new Function('return 1')();
} catch {
  evalAllowed = false;
}
document.body.dataset.eval = evalAllowed ? 'allowed' : 'blocked';
try {
  // The worker module of docs/frontend-kit.md, as quoted there.
  const { baseUrl, worker } = await import(${JSON.stringify(workerExample)});
  await worker.start({ onUnhandledRequest: 'error', quiet: true });
  result.textContent = (await runLifecycle({ baseUrl, fetch: (url, init) => fetch(url, init) })).join('\\n');
} catch (error) {
  result.textContent = 'failed: ' + String(error);
}
document.body.dataset.done = 'true';
`,
  );
}

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** Serves the built page's files and nothing else: every path under /v1 and /__mock is a 404 here. */
function serveStatic(dir: string): Promise<string> {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    let body: Buffer | undefined;
    try {
      body = file.startsWith(dir) ? readFileSync(file) : undefined;
    } catch {
      body = undefined;
    }
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    response
      .writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': csp,
      })
      .end(body);
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      done(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    }),
  );
}

beforeAll(async () => {
  bundle = await buildBundleForTest();
  const app = join(bundle.dir, 'app');
  writeApp(app);
  await build({
    root: app,
    logLevel: 'error',
    configFile: false,
    // What the package's ./msw export is: the browser bundle scripts/build-msw.ts makes.
    resolve: { alias: { 'session-api-mock/msw': bundle.file } },
    build: {
      outDir: join(app, 'dist'),
      // The clients fall back to undici only without a fetch; the page always gives one.
      rollupOptions: { external: ['undici'] },
      target: 'es2022',
    },
  });
  origin = await serveStatic(join(app, 'dist'));
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  server?.close();
  bundle?.remove();
});

test('a Vite page with a strict CSP runs a whole session through the service worker, with no mock server', async () => {
  const page = await chromium.browser.newPage();
  // Playwright's init script runs outside the page's policy, before any of its code: it sees every violation.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}`),
    );
  });
  await page.goto(origin);
  await page.waitForSelector('body[data-done]', { timeout: 60_000 });
  expect(await page.getAttribute('body', 'data-eval')).toBe('blocked');
  expect((await page.textContent('#result'))?.split('\n')).toEqual(expectedLifecycle);
  // The page's own probe is the one eval the policy stopped; the mock, MSW and the clients made none.
  const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatch(/^script-src eval /);
  await page.close();
}, 90_000);
