// @vitest-environment happy-dom
/**
 * The browser bundle (scripts/build-msw.ts) under setupServer in a happy-dom
 * environment, as an app's component tests would use it: a whole session's life
 * through the typed clients, with happy-dom's fetch intercepted.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildBundleForTest } from './testing/built-bundle.ts';
import { expectedLifecycle, runLifecycle } from './testing/lifecycle.ts';
import type * as MswEntry from './index.ts';

const baseUrl = 'http://localhost:4010/v1';
let bundle: Awaited<ReturnType<typeof buildBundleForTest>>;
let server: ReturnType<typeof setupServer>;
let handlers: MswEntry.SessionApiHandlers;

beforeAll(async () => {
  bundle = await buildBundleForTest();
  const entry = (await import(/* @vite-ignore */ bundle.file)) as typeof MswEntry;
  handlers = entry.createSessionApiHandlers({ baseUrl });
  server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
});

afterAll(async () => {
  server?.close();
  await handlers?.close();
  bundle?.remove();
});

test('the environment is happy-dom, whose own fetch the handlers answer', () => {
  expect(navigator.userAgent).toContain('HappyDOM');
});

test('a session lives its whole life against the bundled handlers, as against the server', async () => {
  const lines = await runLifecycle({ baseUrl, fetch: (url, init) => fetch(url, init as RequestInit) });
  expect(lines).toEqual(expectedLifecycle);
});

test('a shipped scenario loads from the bundle, and reset brings every world back to its start', async () => {
  const control = (path: string, init?: RequestInit) => fetch(`http://localhost:4010/__mock${path}`, init);
  const sessions = async () => ((await (await control('/sessions')).json()) as { sessions: unknown[] }).sessions;
  const loaded = await control('/scenario', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'full-session' }),
  });
  expect(loaded.status).toBe(200);
  expect((await sessions()).length).toBeGreaterThan(0);
  await handlers.reset();
  expect(await sessions()).toEqual([]);
});
