/** The control client against a mock started in this process (session-api-mock/testing). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMock, type StartedMock } from '../../mock/testing/start-mock.ts';
import { createMockControl, RequestExpectationError, type MockControl } from './mock-control.ts';
import { createSessionClient } from './session-client.ts';
import { OptionsError } from './errors.ts';

let mock: StartedMock;
beforeAll(async () => {
  mock = await startMock({ namespace: 'control-client' });
});
afterAll(() => mock.close());

/** A control client and a Session API client of one namespace, and a session made there. */
async function world(namespace: string) {
  const control = createMockControl({ baseUrl: mock.origin, namespace });
  const api = createSessionClient({
    baseUrl: mock.url,
    apiKey: 'mock-api-key',
    headers: { 'X-Mock-Namespace': namespace },
  });
  const wallet = await control.walletToken();
  const created = await api.createSession(wallet.data!.token);
  expect(created.response.status).toBe(200);
  return { control, api, created: created.data! };
}

describe('createMockControl', () => {
  test('reads and steers the clock, faults, scenarios and wallet tokens of its namespace', async () => {
    const { control } = mock;
    expect(control.namespace).toBe('control-client');
    expect((await control.reset()).response.status).toBe(204);
    const before = (await control.clock.get()).data!;
    const advanced = (await control.clock.advance(3600)).data!;
    expect(advanced.now).toBeGreaterThanOrEqual(before.now + 3600);
    expect((await control.clock.freeze()).data!.frozen).toBe(true);
    expect((await control.clock.set(advanced.now + 60)).data).toMatchObject({ now: advanced.now + 60, frozen: true });
    expect((await control.clock.unfreeze()).data!.frozen).toBe(false);

    const rule = (await control.faults.add({ path: '/v1/session/current', status: 503, times: 1 })).data!;
    expect((await control.faults.list()).data!.faults).toEqual([rule]);
    expect((await control.faults.clear()).response.status).toBe(204);
    expect((await control.faults.list()).data!.faults).toEqual([]);

    const names = (await control.scenario.list()).data!.scenarios.map((scenario) => scenario.name);
    expect(names).toContain('kicked-user');
    const loaded = (await control.scenario.load('kicked-user')).data!;
    expect((await control.scenario.get()).data).toEqual(loaded);
    expect((await control.sessions()).data!.sessions.map((session) => session.id)).toEqual(
      loaded.sessions.map((session) => session.sessionId),
    );
    const minted = (await control.walletToken({ address: '0x1111111111111111111111111111111111111111' })).data!;
    expect(minted.address).toBe('0x1111111111111111111111111111111111111111');
    expect((await control.health()).data!.status).toBe('ok');
  });

  test('a snapshot taken, then a reset, then the snapshot restored: the session and its token are back', async () => {
    const { control, api, created } = await world('control-client-snapshot');
    const token = created.credentials.token;
    const before = await api.getCurrentSession(token);
    expect(before.response.status).toBe(200);
    const snapshot = (await control.snapshot()).data!;
    expect(snapshot.sessions.map((session) => session.id)).toEqual([created.sessionId]);

    await control.reset();
    expect((await api.getCurrentSession(token)).response.status).toBe(401);
    expect((await control.restore(snapshot)).response.status).toBe(204);
    const after = await api.getCurrentSession(token);
    expect(after.response.status).toBe(200);
    expect(after.data).toEqual(before.data);

    const broken = await control.restore({ ...snapshot, version: 3 } as never);
    expect(broken.response.status).toBe(400);
    expect(broken.error).toMatchObject({ status: 400 });
  });

  test('answers a refused call as a value, with the problem as error, and throws for no status', async () => {
    const { control } = mock;
    const backwards = await control.clock.advance(-1);
    expect(backwards.data).toBeUndefined();
    expect(backwards.response.status).toBe(400);
    expect(backwards.error).toMatchObject({ status: 400, detail: expect.stringMatching(/advanceSeconds/) });
    expect((await control.namespaces.delete('no-such-world')).error).toMatchObject({ status: 404 });
    expect(() => createMockControl({ baseUrl: 'not a url' })).toThrow(OptionsError);
  });

  test('two namespaces do not see each other’s sessions, clock, faults and journal', async () => {
    const a = await world('isolation-a');
    const b = await world('isolation-b');
    await a.control.clock.advance(600);
    await a.control.faults.add({ path: '/v1/session/current', status: 503 });

    const sessionsOf = async (control: MockControl) =>
      (await control.sessions()).data!.sessions.map((session) => session.id);
    expect(await sessionsOf(a.control)).toEqual([a.created.sessionId]);
    expect(await sessionsOf(b.control)).toEqual([b.created.sessionId]);
    expect((await b.control.clock.get()).data!.offsetSeconds).toBeLessThan(60);
    expect((await a.control.clock.get()).data!.offsetSeconds).toBeGreaterThanOrEqual(599);
    expect((await b.control.faults.list()).data!.faults).toEqual([]);
    // The fault of A disturbs A's reads only.
    expect((await a.api.getCurrentSession(a.created.credentials.token)).response.status).toBe(503);
    expect((await b.api.getCurrentSession(b.created.credentials.token)).response.status).toBe(200);
    // A token is refused in the other world.
    expect((await b.api.getCurrentSession(a.created.credentials.token)).response.status).toBe(401);

    await a.control.expectRequests({ operationId: 'getCurrentSession', status: 503 }, { times: 1 });
    await b.control.expectRequests({ operationId: 'getCurrentSession', status: 200 }, { times: 1 });
    await b.control.expectRequests({ operationId: 'getCurrentSession', status: 401 }, { times: 1 });
    expect((await b.control.journal.list({ status: 503 })).data!.requests).toEqual([]);
    const listed = (await a.control.namespaces.list()).data!.namespaces.map((summary) => summary.name);
    expect(listed).toEqual(expect.arrayContaining(['isolation-a', 'isolation-b']));

    expect((await a.control.namespaces.delete('isolation-a')).response.status).toBe(204);
    expect((await b.control.sessions()).data!.sessions).toHaveLength(1);
  });

  test('journal filters by operation, status, method, after, since and limit, and clears', async () => {
    const { control, api } = await world('journal-filters');
    const first = (await control.journal.list()).data!.requests;
    expect(first.map((entry) => entry.operationId)).toEqual(['createSession']);
    const since = new Date();
    await api.getNonce();
    await api.getCurrentSession('not-a-token');
    await api.getCurrentSession('not-a-token');
    const after = first[0]!.sequence;
    expect((await control.journal.list({ after })).data!.requests).toHaveLength(3);
    expect((await control.journal.list({ operationId: 'getCurrentSession', status: 401 })).data!.requests).toHaveLength(
      2,
    );
    expect((await control.journal.list({ method: 'get', limit: 1 })).data!.requests.map((e) => e.sequence)).toEqual([
      after + 3,
    ]);
    expect((await control.journal.list({ since })).data!.requests.length).toBeGreaterThanOrEqual(3);
    // @ts-expect-error: the operationId filter takes only the Session API's operation ids.
    expect((await control.journal.list({ operationId: 'resetMock' })).data!.requests).toEqual([]);
    expect((await control.journal.clear()).response.status).toBe(204);
    expect((await control.journal.list()).data!.requests).toEqual([]);
  });

  test('expectRequests fails with what the journal holds: method, path, status and operation of each', async () => {
    const { control, api, created } = await world('expectations');
    await api.joinSession((await control.walletToken()).data!.token, { sessionId: created.sessionId });
    const failure = await control.expectRequests({ operationId: 'joinSession', status: 409 }, { times: 1 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(RequestExpectationError);
    const message = (failure as Error).message;
    expect(message).toMatch(/^Expected exactly 1 request matching \{ operationId=joinSession, status=409 \}/);
    expect(message).toContain('namespace "expectations", found 0. The journal holds 2:');
    expect(message).toMatch(/#\d+ POST \/v1\/session -> 200 \(createSession\)/);
    expect(message).toMatch(/#\d+ POST \/v1\/session\/join -> 200 \(joinSession\)/);
    expect((failure as RequestExpectationError).received).toHaveLength(2);
    // At least one by default; exactly `times` otherwise.
    expect(await control.expectRequests({ operationId: 'joinSession' })).toHaveLength(1);
    await expect(control.expectRequests({ method: 'POST' }, { times: 1 })).rejects.toThrow(/found 2/);
    await expect(control.expectRequests({ method: 'POST' }, { atLeast: 3 })).rejects.toThrow(/at least 3/);
  });
});
