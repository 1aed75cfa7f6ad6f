/**
 * GET and PUT /__mock/snapshot (spec/mock-control.yaml): the older version 1
 * loads through its migration, and a broken snapshot is a 400 naming each broken
 * field that leaves the world exactly as it was.
 */
import { describe, expect, test } from 'vitest';
import { harness, startMs } from '../testing/harness.ts';

const wallet = '0x1111111111111111111111111111111111111111';

/** A version 1 document written by hand, as the mock wrote them before version 2. */
const versionOne = {
  version: 1,
  namespace: 'older',
  generation: 'generation-of-version-one',
  takenAt: '2026-11-25T19:00:00.000Z',
  clock: { offsetMs: 7_200_000 },
  sessions: [
    {
      id: 'session-1',
      creatorId: 'user-1',
      creatorWallet: wallet,
      createdAt: startMs / 1000,
      expiry: startMs / 1000 + 86_400,
      maxUsers: 10,
      maxFiles: 100,
      maxTotalMegaBytes: 1024,
      passwordHash: null,
      whitelistEnforced: false,
      whiteList: [],
      members: [
        { userId: 'user-1', wallet, name: 'Ada', address: wallet, role: 'host', state: 'active', membershipId: 'm-1' },
      ],
      deletedAt: null,
    },
  ],
  nonces: [{ message: 'Sign this message to prove you own this wallet.\nNonce: 7', expiresAt: startMs / 1000 + 300 }],
  faults: [{ id: 4, path: '/v1/session/current', status: 503, latencyMs: 0, reset: false, probability: 1 }],
  scenario: null,
};

describe('PUT /__mock/snapshot', () => {
  test('loads a version 1 document as version 2: a running clock and fault rules without a count', async () => {
    const mock = harness();
    const restored = await mock.request({ method: 'PUT', url: '/__mock/snapshot', json: versionOne });
    expect(restored.status, restored.text).toBe(204);

    const snapshot = (await mock.request({ method: 'GET', url: '/__mock/snapshot' })).body;
    expect(snapshot).toMatchObject({
      version: 2,
      namespace: 'default',
      generation: 'generation-of-version-one',
      clock: { offsetMs: 7_200_000, frozenAtMs: null },
      sessions: versionOne.sessions,
      nonces: versionOne.nonces,
      faults: [{ ...versionOne.faults[0], remaining: null }],
      scenario: null,
    });
    const clock = (await mock.request({ method: 'GET', url: '/__mock/clock' })).body;
    expect(clock).toMatchObject({ offsetSeconds: 7200, frozen: false });
  });

  const broken: [string, (snapshot: any) => unknown, string][] = [
    ['a version the mock does not read', (s) => ({ ...s, version: 3 }), '/version'],
    ['a version 1 clock in a version 2 document', (s) => ({ ...s, clock: { offsetMs: 0 } }), '/clock/frozenAtMs'],
    ['two sessions with one id', (s) => ({ ...s, sessions: [s.sessions[0], s.sessions[0]] }), '/sessions/1/id'],
    [
      'a creator who is not among the members',
      (s) => ({ ...s, sessions: [{ ...s.sessions[0], creatorId: 'someone-else' }] }),
      '/sessions/0/creatorId',
    ],
    ['more sessions than --max-sessions', (s) => ({ ...s, sessions: twoSessions(s.sessions[0]) }), '/sessions'],
  ];
  for (const [what, breakIt, pointer] of broken) {
    test(`refuses ${what} with a 400 pointing at ${pointer}, and changes nothing`, async () => {
      const mock = harness({ config: { maxSessions: 1 } });
      await mock.request({ method: 'PUT', url: '/__mock/snapshot', json: versionOne });
      const good = (await mock.request({ method: 'GET', url: '/__mock/snapshot' })).body;
      await mock.request({ method: 'POST', url: '/__mock/clock', json: { freeze: true } });
      const before = (await mock.request({ method: 'GET', url: '/__mock/snapshot' })).body;

      const answer = await mock.request({ method: 'PUT', url: '/__mock/snapshot', json: breakIt(good) });

      expect(answer.status).toBe(400);
      expect(answer.body.detail).toContain('the world was left as it was');
      expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
      expect((await mock.request({ method: 'GET', url: '/__mock/snapshot' })).body).toEqual(before);
    });
  }

  test('with --seed, a session created after a reset and a restore gets an id of its own', async () => {
    const mock = harness({ config: { seed: 7 } });
    const first = await mock.create();
    const snapshot = (await mock.request({ method: 'GET', url: '/__mock/snapshot' })).body;
    await mock.request({ method: 'POST', url: '/__mock/reset' });
    await mock.request({ method: 'PUT', url: '/__mock/snapshot', json: snapshot });

    const second = await mock.create();

    expect(second.sessionId).not.toBe(first.sessionId);
    expect((await mock.current(first.token)).status).toBe(200);
  });

  test('a body that is not JSON is a 400, not a failure of the mock', async () => {
    const mock = harness();
    const answer = await mock.request({
      method: 'PUT',
      url: '/__mock/snapshot',
      payload: '{"version":',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
  });
});

function twoSessions(session: { id: string; creatorId: string }) {
  return [session, { ...session, id: 'session-2' }];
}
