/**
 * /docs in a real browser (Debian's Chromium): the rendered reference shows every
 * operation of spec/session-api.yaml, and of spec/mock-control.yaml as a second
 * document, loads nothing from beyond the mock, and its try-it-out calls reach the mock.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { mockControlFile, sessionApiFile } from '../../spec/index.ts';
import { harness } from '../testing/harness.ts';
import { launchChromium, type TestBrowser } from '../testing/browser.ts';
import { startLiveMock, type LiveMock } from '../testing/live-mock.ts';

const spec = parse(readFileSync(sessionApiFile, 'utf8')) as {
  paths: Record<string, Record<string, { summary?: string; operationId: string }>>;
};
const operations = Object.values(spec.paths).flatMap((item) => Object.values(item));
const controlSpec = parse(readFileSync(mockControlFile, 'utf8')) as typeof spec;
// Path items also hold their `parameters` list, which is no operation.
const controlOperations = Object.values(controlSpec.paths)
  .flatMap((item) => Object.values(item))
  .filter((operation) => !Array.isArray(operation));

let mock: LiveMock;
let chromium: TestBrowser;
beforeAll(async () => {
  mock = await startLiveMock();
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await mock?.close();
});

/** Opens /docs; every request beyond the mock's origin is refused and recorded. */
async function openDocs(path = '/docs'): Promise<{ page: Page; foreign: string[]; errors: string[] }> {
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  const foreign: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(mock.origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // A request the page's Content-Security-Policy blocks never reaches the route above: catch it here.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  await page.goto(`${mock.origin}${path}`);
  return { page, foreign, errors };
}

describe('GET /docs', () => {
  test('the spec is served as JSON with the mock itself as its only server', async () => {
    const answer = await mock.call('GET', '/docs/session-api.json');
    expect(answer.status).toBe(200);
    expect(answer.body.servers).toEqual([{ url: `${mock.origin}/v1`, description: 'This mock' }]);
    expect(Object.keys(answer.body.paths)).toEqual(Object.keys(spec.paths));
  });

  test('try-it-out can set X-Mock-Namespace: every operation of the served spec takes the header', async () => {
    const answer = await mock.call('GET', '/docs/session-api.json');
    const document = answer.body as {
      paths: Record<string, Record<string, { parameters?: { $ref?: string; name?: string }[] }>>;
      components: { parameters: Record<string, { name: string; in: string }> };
    };
    const named = (parameter: { $ref?: string; name?: string }) =>
      parameter.name ?? document.components.parameters[parameter.$ref!.split('/').pop()!]?.name;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!['get', 'post', 'delete'].includes(method)) continue;
        const names = [...(operation.parameters ?? []), ...((item.parameters as never) ?? [])].map(named);
        expect(names, `${method.toUpperCase()} ${path}`).toContain('X-Mock-Namespace');
      }
    }
  });

  test("the control plane's spec is served as JSON with the mock itself as its only server", async () => {
    const answer = await mock.call('GET', '/docs/mock-control.json');
    expect(answer.status).toBe(200);
    expect(answer.body.servers).toEqual([{ url: mock.origin, description: 'This mock' }]);
    expect(Object.keys(answer.body.paths)).toEqual(Object.keys(controlSpec.paths));
  });

  test('with --no-control the reference has no control plane document', async () => {
    const off = harness({ config: { control: false } });
    expect((await off.raw({ method: 'GET', url: '/docs/mock-control.json' })).status).toBe(404);
    expect((await off.raw({ method: 'GET', url: '/docs/init.js' })).text).not.toContain('mock-control');
  });

  test('every operation has a summary to look for', () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(operation.summary, operation.operationId).toEqual(expect.any(String));
  });

  test('a headless browser sees every operation summary, and nothing is fetched beyond the mock', async () => {
    const { page, foreign, errors } = await openDocs();
    for (const { summary } of operations) {
      await page.getByText(summary!, { exact: true }).first().waitFor({ state: 'attached', timeout: 20_000 });
    }
    expect(await page.title()).toMatch(/Session API/);
    await expect
      .poll(() => page.evaluate(() => document.body.innerText), { timeout: 20_000 })
      .toContain(`${mock.origin}/v1`);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test("a headless browser sees every operation summary of the control plane's document", async () => {
    const { page, foreign, errors } = await openDocs('/docs?api=mock-control');
    for (const { summary, operationId } of controlOperations) {
      expect(summary, operationId).toEqual(expect.any(String));
      await page.getByText(summary!, { exact: true }).first().waitFor({ state: 'attached', timeout: 20_000 });
    }
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('try-it-out sends the request to the mock itself and shows its answer', async () => {
    const { page, foreign } = await openDocs();
    await page.getByText('Get a message to sign', { exact: true }).first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Test Request' }).first().click();
    // first(): while the client opens, Scalar may briefly render the button twice.
    await page
      .getByRole('button', { name: /^Send get request to .*\/wallet-proof\/nonce/ })
      .first()
      .click();
    await expect
      .poll(() => page.evaluate(() => document.body.innerText), { timeout: 20_000 })
      .toContain('Sign this message');
    await expect
      .poll(async () => (await mock.call('GET', '/__mock/requests')).body.requests, { timeout: 10_000 })
      .toContainEqual(expect.objectContaining({ method: 'GET', path: '/v1/wallet-proof/nonce', status: 200 }));
    expect(foreign).toEqual([]);
    await page.context().close();
  });
});
