/** X-Mock-Namespace: each world is apart, and a token belongs to the world it was minted in. */
import { describe, expect, test } from 'vitest';
import { apiKey, harness, randomAddress, type Harness } from '../testing/harness.ts';

async function createIn(mock: Harness, namespace: string) {
  const ns = { 'x-mock-namespace': namespace };
  const wallet = await mock.request({
    method: 'POST',
    url: '/__mock/wallet-token',
    headers: ns,
    json: { address: randomAddress() },
  });
  const created = await mock.request({
    method: 'POST',
    url: '/v1/session',
    headers: { ...ns, authorization: `Bearer ${wallet.body.token}`, 'x-api-key': apiKey },
    json: {},
  });
  expect(created.status).toBe(200);
  return created.body.credentials.token as string;
}

const current = (mock: Harness, token: string, namespace?: string) =>
  mock.request({
    method: 'GET',
    url: '/v1/session/current',
    headers: { authorization: `Bearer ${token}`, ...(namespace ? { 'x-mock-namespace': namespace } : {}) },
  });

describe('namespaces', () => {
  test('a token is 401 in another world and without the header, and 200 in its own', async () => {
    const mock = harness();
    const token = await createIn(mock, 'team-a');
    expect((await current(mock, token, 'team-a')).status).toBe(200);
    const elsewhere = await current(mock, token, 'team-b');
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.detail).toMatch(/minted in namespace "team-a"/);
    expect((await current(mock, token)).status).toBe(401);
  });

  test("a reset acts on the caller's world only", async () => {
    const mock = harness();
    const inA = await createIn(mock, 'team-a');
    const inDefault = await mock.create();
    expect(
      (await mock.request({ method: 'POST', url: '/__mock/reset', headers: { 'x-mock-namespace': 'team-a' } })).status,
    ).toBe(204);
    expect((await current(mock, inA, 'team-a')).status).toBe(401);
    expect((await mock.current(inDefault.token)).status).toBe(200);
  });

  test('an invalid name is a 400 naming the header; a 404 opens no world', async () => {
    const mock = harness();
    const refused = await mock.raw({ method: 'GET', url: '/__mock/clock', headers: { 'x-mock-namespace': '-bad' } });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/X-Mock-Namespace/);
    await mock.request({ method: 'GET', url: '/v1/nowhere', headers: { 'x-mock-namespace': 'ghost' } });
    const listed = await mock.request({ method: 'GET', url: '/__mock/namespaces' });
    expect(listed.body.namespaces.map((world: { name: string }) => world.name)).toEqual(['default']);
  });

  test('deleting a world refuses its tokens; deleting an unknown one is a 404', async () => {
    const mock = harness();
    const token = await createIn(mock, 'team-a');
    expect((await mock.request({ method: 'DELETE', url: '/__mock/namespaces/team-a' })).status).toBe(204);
    expect((await current(mock, token, 'team-a')).status).toBe(401);
    expect((await mock.request({ method: 'DELETE', url: '/__mock/namespaces/nobody' })).status).toBe(404);
  });
});
