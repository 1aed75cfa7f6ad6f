/**
 * Runs the Playwright fixtures of docs/examples/playwright-fixture.ts as @playwright/test would
 * (each fixture gets its dependencies and a `use` that runs the rest), for two workers at once,
 * in Debian's Chromium: each worker's pages and control calls stay in its own namespace.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { MockControl } from '../../contracts/client/mock-control.ts';
import { launchChromium, type TestBrowser } from '../../mock/testing/browser.ts';
import { startMock, type StartedMock } from '../../mock/testing/start-mock.ts';
import { mockFixtures } from './playwright-fixture.ts';

let mock: StartedMock;
let chromium: TestBrowser;
beforeAll(async () => {
  mock = await startMock();
  process.env.MOCK_ORIGIN = mock.origin;
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await mock?.close();
  delete process.env.MOCK_ORIGIN;
});

/** A fixture's value, with `body` run while the fixture is in use (as Playwright's `use` does). */
function withFixture<T>(run: (use: (value: T) => Promise<void>) => Promise<void>, body: (value: T) => Promise<void>) {
  return run(body);
}

/** One worker's test: the fixtures in Playwright's order, then a page that reads the current session. */
async function workerTest(workerIndex: number): Promise<{ namespace: string; journalPaths: string[] }> {
  const [originFixture] = mockFixtures.mockOrigin;
  const [namespaceFixture] = mockFixtures.mockNamespace;
  let result: { namespace: string; journalPaths: string[] } | undefined;
  await withFixture<string>(
    (use) => originFixture({}, use),
    (mockOrigin) =>
      withFixture<string>(
        (use) => namespaceFixture({}, use, { workerIndex }),
        (mockNamespace) =>
          withFixture<MockControl>(
            (use) => mockFixtures.mockControl({ mockOrigin, mockNamespace }, use),
            async (mockControl) => {
              const context = await chromium.browser.newContext();
              try {
                await mockFixtures.context({ context, mockNamespace }, async (page) => {
                  const tab = await page.newPage();
                  await tab.goto(`${mockOrigin}/docs/session-api.json`);
                  const status = await tab.evaluate(async () => (await fetch('/v1/session/current')).status);
                  expect(status).toBe(401);
                });
              } finally {
                await context.close();
              }
              const seen = await mockControl.expectRequests({ operationId: 'getCurrentSession' }, { times: 1 });
              result = { namespace: mockNamespace, journalPaths: seen.map((entry) => entry.path) };
            },
          ),
      ),
  );
  return result!;
}

test('each Playwright worker sees only the requests of its own pages, in its own namespace', async () => {
  const results = await Promise.all([workerTest(0), workerTest(1)]);
  expect(results).toEqual([
    { namespace: 'pw-worker-0', journalPaths: ['/v1/session/current'] },
    { namespace: 'pw-worker-1', journalPaths: ['/v1/session/current'] },
  ]);
  const worlds = (await mock.control.namespaces.list()).data!.namespaces.map((world) => world.name);
  expect(worlds).toEqual(expect.arrayContaining(['pw-worker-0', 'pw-worker-1']));
});
