/* global console */
// Plain Node, no TypeScript loader: the mock in this process, driven through both clients.
import { createSessionClient } from 'session-api-mock/client';
import { startMock } from 'session-api-mock/testing';

const mock = await startMock({ namespace: 'example' });
try {
  const api = createSessionClient({
    baseUrl: mock.url,
    apiKey: 'mock-api-key',
    headers: { 'X-Mock-Namespace': 'example' },
  });
  // Wallet tokens without a wallet, from the control plane.
  const token = async () => (await mock.control.walletToken()).data.token;

  const created = await api.createSession(await token(), { rules: { userCapacity: 1 } });
  if (created.status !== 200) throw new Error(`create answered ${created.status}`);
  const full = await api.joinSession(await token(), { sessionId: created.data.sessionId });
  // An error answer is a value: the spec's problem document, with its status.
  console.log(`join a full session: ${full.status} ${full.error?.type}`);

  await mock.control.clock.advance(3600);
  await mock.control.expectRequests({ operationId: 'joinSession' }, { times: 1 });
  console.log('the journal holds the join');
} finally {
  await mock.close();
}
