import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createSessionApiHandlers } from 'session-api-mock/msw';

// The whole mock inside the test process: no server, every world in memory.
const mock = createSessionApiHandlers({ baseUrl: 'http://localhost:4010/v1' });
const server = setupServer(...mock);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

test('a component under test gets a wallet token and creates a session', async () => {
  const minted = await fetch('http://localhost:4010/__mock/wallet-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({}),
  });
  const { token } = (await minted.json()) as { token: string };
  const created = await fetch('http://localhost:4010/v1/session', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-api-key': 'mock-api-key', 'content-type': 'application/json' },
    body: JSON.stringify({ rules: { userCapacity: 2 } }),
  });
  expect(created.status).toBe(200);
  expect(await created.json()).toMatchObject({ credentials: { role: 'host' } });
});
