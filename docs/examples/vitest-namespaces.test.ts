import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createSessionClient } from 'session-api-mock/client';
import { createMockControl } from 'session-api-mock/control';
import { startMock, type StartedMock } from 'session-api-mock/testing';

// One namespace per vitest worker: files that run at the same time against one mock never see
// each other's sessions, clock, faults or journal. (With one mock for the whole run, start it in
// globalSetup and hand its origin to the workers with provide/inject.)
const namespace = `vitest-worker-${process.env.VITEST_POOL_ID ?? '0'}`;

let mock: StartedMock;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());

const clients = () => ({
  control: createMockControl({ baseUrl: mock.origin, namespace }),
  api: createSessionClient({
    baseUrl: mock.url,
    apiKey: 'mock-api-key',
    headers: { 'X-Mock-Namespace': namespace },
  }),
});

beforeEach(async () => {
  await clients().control.reset();
});

test('a join beyond the capacity is a 409, and the journal shows it once', async () => {
  const { control, api } = clients();
  const host = await control.walletToken();
  const created = await api.createSession(host.data!.token, { rules: { userCapacity: 1 } });
  const guest = await control.walletToken();
  const refused = await api.joinSession(guest.data!.token, { sessionId: created.data!.sessionId });
  expect(refused.response.status).toBe(409);
  await control.expectRequests({ operationId: 'joinSession', status: 409 }, { times: 1 });
});

test("another namespace sees nothing of this worker's", async () => {
  const { control, api } = clients();
  await api.getNonce();
  const other = createMockControl({ baseUrl: mock.origin, namespace: `${namespace}-other` });
  await control.expectRequests({ operationId: 'getWalletNonce' }, { times: 1 });
  await other.expectRequests({ operationId: 'getWalletNonce' }, { times: 0 });
});
