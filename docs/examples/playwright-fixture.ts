import type { BrowserContext } from 'playwright-core';
import { createMockControl, type MockControl } from 'session-api-mock/control';

// Fixtures for @playwright/test: `export const test = base.extend<MockFixtures, MockWorkerFixtures>(mockFixtures);`
// Each worker gets its own namespace; every request of its pages and every control call names it.

export interface MockWorkerFixtures {
  /** The mock's origin: start it in globalSetup (startMock from session-api-mock/testing) and pass it on. */
  mockOrigin: string;
  mockNamespace: string;
}

export interface MockFixtures {
  /** The control client of this worker's namespace, reset before each test. */
  mockControl: MockControl;
  context: BrowserContext;
}

type Use<T> = (value: T) => Promise<void>;

export const mockFixtures = {
  mockOrigin: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use: Use<string>) => use(process.env.MOCK_ORIGIN ?? 'http://127.0.0.1:4010'),
    { scope: 'worker' },
  ],
  mockNamespace: [
    // eslint-disable-next-line no-empty-pattern -- as above.
    async ({}, use: Use<string>, workerInfo: { workerIndex: number }) => use(`pw-worker-${workerInfo.workerIndex}`),
    { scope: 'worker' },
  ],
  mockControl: async ({ mockOrigin, mockNamespace }: MockWorkerFixtures, use: Use<MockControl>): Promise<void> => {
    const control = createMockControl({ baseUrl: mockOrigin, namespace: mockNamespace });
    await control.reset();
    await use(control);
  },
  context: async (
    { context, mockNamespace }: { context: BrowserContext; mockNamespace: string },
    use: Use<BrowserContext>,
  ): Promise<void> => {
    await context.setExtraHTTPHeaders({ 'X-Mock-Namespace': mockNamespace });
    await use(context);
  },
} as const;
