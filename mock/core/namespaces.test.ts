/** X-Mock-Namespace: each world is apart, and a token belongs to the world it was minted in. */
import { afterEach, describe, expect, test, vi } from 'vitest';
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

const inWorld = (namespace: string) => ({ 'x-mock-namespace': namespace });
const clockOf = (mock: Harness, namespace: string) =>
  mock.request({ method: 'GET', url: '/__mock/clock', headers: inWorld(namespace) });
const worldNames = async (mock: Harness) =>
  (await mock.request({ method: 'GET', url: '/__mock/namespaces' })).body.namespaces.map(
    (world: { name: string }) => world.name,
  );

describe('namespace limits (--max-namespaces, --namespace-idle-seconds)', () => {
  test('an invalid name on an API call is a 400 problem+json naming the header, valid by spec + overlay', async () => {
    const mock = harness();
    const refused = await mock.request({
      method: 'GET',
      url: '/v1/session/current',
      headers: { ...inWorld('has space'), authorization: 'Bearer x' },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/X-Mock-Namespace/);
  });

  test('a full registry refuses a new world with a 503 whose Retry-After is when the first world frees', async () => {
    const mock = harness({ config: { maxNamespaces: 2 } });
    await createIn(mock, 'team-a'); // sessions last 3600 s by default
    mock.realMs += 600_000;
    await createIn(mock, 'team-b');
    for (const url of ['/__mock/clock', '/v1/wallet-proof/nonce']) {
      const refused = await mock.request({ method: 'GET', url, headers: inWorld('team-c') });
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.type).toBe('urn:session-api:problem:namespaces-full');
      // team-a's session ends 3600 s after it began, 600 s ago.
      expect(refused.headers['retry-after']).toBe('3000');
    }
    expect(await worldNames(mock)).toEqual(['default', 'team-a', 'team-b']);
    mock.realMs += 2999_000;
    const almost = await clockOf(mock, 'team-c');
    expect([almost.status, almost.headers['retry-after']]).toEqual([503, '1']);
    // After Retry-After seconds, team-a has no live session: it makes room.
    mock.realMs += 1000;
    expect((await clockOf(mock, 'team-c')).status).toBe(200);
    expect(await worldNames(mock)).toEqual(['default', 'team-b', 'team-c']);
  });

  test('a full registry drops the least recently used world without live sessions, not one with', async () => {
    const mock = harness({ config: { maxNamespaces: 3 } });
    await createIn(mock, 'busy');
    await clockOf(mock, 'idle-a');
    await clockOf(mock, 'idle-b');
    await clockOf(mock, 'idle-a');
    // busy was used least recently, but a live session keeps it; idle-b is next.
    expect((await clockOf(mock, 'newcomer')).status).toBe(200);
    expect(await worldNames(mock)).toEqual(['busy', 'default', 'idle-a', 'newcomer']);
  });

  test('default takes no room and is never dropped, however full the registry', async () => {
    const mock = harness({ config: { maxNamespaces: 1 } });
    const inDefault = await mock.create();
    await clockOf(mock, 'one');
    await clockOf(mock, 'two');
    expect(await worldNames(mock)).toEqual(['default', 'two']);
    expect((await mock.current(inDefault.token)).status).toBe(200);
  });
});

describe('the idle sweep', () => {
  afterEach(() => vi.useRealTimers());

  test('drops a namespace unused for --namespace-idle-seconds of real time, never default', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const mock = harness({ config: { namespaceIdleSeconds: 60 } });
    const inDefault = await mock.create();
    await createIn(mock, 'team-a');
    await clockOf(mock, 'team-b');
    mock.realMs += 30_000;
    await clockOf(mock, 'team-b');
    // team-a has been idle 61 s, team-b 31 s; the sweep runs every 15 s at this idle time.
    mock.realMs += 31_000;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await worldNames(mock)).toEqual(['default', 'team-b']);
    mock.realMs += 30_000;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await worldNames(mock)).toEqual(['default']);
    // default idled for over two minutes and stays, with its session (no lifetime has run out).
    expect((await mock.current(inDefault.token)).status).toBe(200);
  });

  test('stops when the mock closes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const mock = harness({ config: { namespaceIdleSeconds: 60 } });
    expect(vi.getTimerCount()).toBe(1);
    await mock.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
