/** Concurrent requests never break an invariant: no session over capacity, no member lost or doubled. */
import { describe, expect, test } from 'vitest';
import { harness, randomAddress, type Harness } from '../testing/harness.ts';

async function members(mock: Harness, sessionId: string) {
  const sessions = await mock.request({ method: 'GET', url: '/__mock/sessions' });
  return sessions.body.sessions.find((session: { id: string }) => session.id === sessionId).members as {
    id: string;
    wallet: string;
    state: string;
  }[];
}

describe('concurrent joins', () => {
  test.for([
    [5, 20, undefined],
    [3, 12, 'pw'],
  ] as const)(
    'capacity %i, %i parallel joiners (password %s): exactly the free seats are taken, the rest get 409',
    async ([capacity, joiners, password]) => {
      const mock = harness();
      const host = await mock.create({ rules: { userCapacity: capacity, ...(password ? { password } : {}) } });
      const tokens = await Promise.all(Array.from({ length: joiners }, () => mock.walletToken()));
      const answers = await Promise.all(
        tokens.map(({ token }) =>
          mock.request({
            method: 'POST',
            url: '/v1/session/join',
            headers: { authorization: `Bearer ${token}` },
            json: { sessionId: host.sessionId, ...(password ? { password } : {}) },
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(capacity - 1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(joiners - capacity + 1);
      const current = await mock.current(host.token);
      expect(current.body.users).toHaveLength(capacity);
      expect(new Set(current.body.users.map((user: { id: string }) => user.id)).size).toBe(capacity);
      const joinedIds = answers.filter((answer) => answer.status === 200).map((answer) => answer.body.credentials.id);
      expect(current.body.users.map((user: { id: string }) => user.id).sort()).toEqual([host.id, ...joinedIds].sort());
    },
  );

  test('one wallet joining many times at once gets one membership and one user id', async () => {
    const mock = harness();
    const host = await mock.create();
    const wallet = randomAddress();
    const { token } = await mock.walletToken(wallet);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        mock.request({
          method: 'POST',
          url: '/v1/session/join',
          headers: { authorization: `Bearer ${token}` },
          json: { sessionId: host.sessionId },
        }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.credentials.id)).size).toBe(1);
    expect((await members(mock, host.sessionId)).filter((member) => member.wallet === wallet)).toHaveLength(1);
  });

  test('parallel joins, kicks and disconnects lose and double no member', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { userCapacity: 50 } });
    const first = await Promise.all(Array.from({ length: 10 }, () => mock.join(host.sessionId)));
    const [toKick, toLeave] = [first.slice(0, 4), first.slice(4, 7)];
    const newcomers = await Promise.all(Array.from({ length: 10 }, () => mock.walletToken()));
    const results = await Promise.all([
      ...toKick.map((member) => mock.kick(host.token, member.id)),
      ...toLeave.map((member) => mock.disconnect(member.token)),
      ...newcomers.map(({ token }) =>
        mock.request({
          method: 'POST',
          url: '/v1/session/join',
          headers: { authorization: `Bearer ${token}` },
          json: { sessionId: host.sessionId },
        }),
      ),
    ]);
    expect(results.every((result) => result.status === 200)).toBe(true);
    const all = await members(mock, host.sessionId);
    expect(all).toHaveLength(1 + 10 + 10);
    expect(new Set(all.map((member) => member.id)).size).toBe(all.length);
    expect(new Set(all.map((member) => member.wallet)).size).toBe(all.length);
    expect(
      all
        .filter((member) => member.state === 'kicked')
        .map((member) => member.id)
        .sort(),
    ).toEqual(toKick.map((member) => member.id).sort());
    expect(
      all
        .filter((member) => member.state === 'left')
        .map((member) => member.id)
        .sort(),
    ).toEqual(toLeave.map((member) => member.id).sort());
    expect(all.filter((member) => member.state === 'active')).toHaveLength(1 + 3 + 10);
  });

  test('parallel kicks of one member succeed once; the others find no member (404)', async () => {
    const mock = harness();
    const host = await mock.create();
    const guest = await mock.join(host.sessionId);
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => mock.kick(host.token, guest.id))))
      .map((answer) => answer.status)
      .sort();
    expect(statuses).toEqual([200, 404, 404, 404, 404]);
  });

  test('parallel wallet-proof verifications of one message succeed once', async () => {
    const { generatePrivateKey, privateKeyToAccount } = await import('viem/accounts');
    const mock = harness();
    const account = privateKeyToAccount(generatePrivateKey());
    const { message } = (await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' })).body;
    const body = { walletAddress: account.address, message, signature: await account.signMessage({ message }) };
    const statuses = (
      await Promise.all(
        Array.from({ length: 5 }, () => mock.request({ method: 'POST', url: '/v1/wallet-proof/verify', json: body })),
      )
    )
      .map((answer) => answer.status)
      .sort();
    expect(statuses).toEqual([200, 400, 400, 400, 400]);
  });
});
