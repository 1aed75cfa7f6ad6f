import { describe, expect, test } from './fixtures.ts';

type JoinData = {
  sessionId: string;
  credentials: { token: string; id: string; role: string };
  rules: { maxUsers: number; passwordProtected: boolean };
  users: { id: string; role: string; address: string }[];
};
type SessionData = { users: { id: string; role: string }[] };

const unknownSessionId = '00000000-0000-4000-8000-000000000000';

describe('POST /session/join', () => {
  test('lets a second wallet join as guest and lists both members', { tags: ['core'] }, async ({ api }) => {
    const session = await api.create();
    const token = await api.walletToken();
    const data = api.expectStatus(
      await api.client.joinSession(token, { sessionId: session.sessionId }),
      200,
      'join answers 200 with the credentials and the users (docs/rules.md §5)',
    ).json as JoinData;
    expect(data.sessionId).toBe(session.sessionId);
    expect(data.users.map((user) => user.id).sort()).toEqual([session.host.userId, data.credentials.id].sort());
  });

  test('gives the joiner the guest role', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    expect(guest.role, 'everyone but the creator joins as guest (docs/rules.md §6)').toBe('guest');
  });

  test('answers 404 for a session that does not exist', { tags: ['core'] }, async ({ api }) => {
    const token = await api.walletToken();
    api.expectStatus(
      await api.client.joinSession(token, { sessionId: unknownSessionId }),
      404,
      'join: no such session -> 404 (docs/rules.md §5)',
    );
  });

  test('answers 401 without a wallet token', { tags: ['core', 'direct-only'] }, async ({ api }) => {
    const session = await api.create();
    api.expectStatus(
      await api.client.joinSession(undefined, { sessionId: session.sessionId }),
      401,
      'join requires the wallet token (docs/rules.md §3)',
    );
  });

  test(
    'is idempotent: joining again keeps the user id, answers a fresh token and the old one stays valid',
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create();
      const first = await api.join(session.sessionId);
      const second = await api.join(session.sessionId, { account: first.account });
      expect(second.userId, 'a wallet has one user id per session').toBe(first.userId);
      expect(second.token, 'a rejoin answers a fresh token').not.toBe(first.token);
      api.expectStatus(
        await api.client.getCurrentSession(first.token),
        200,
        'the old token stays valid after an idempotent rejoin',
      );
      const users = (
        api.expectStatus(await api.client.getCurrentSession(second.token), 200, 'current').json as SessionData
      ).users;
      expect(
        users.filter((user) => user.id === first.userId),
        'a rejoin never duplicates a member',
      ).toHaveLength(1);
    },
  );

  test('answers 404 for a deleted session', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'the host deletes its session');
    const token = await api.walletToken();
    api.expectStatus(
      await api.client.joinSession(token, { sessionId: session.sessionId }),
      404,
      'a deleted session cannot be joined (404)',
    );
  });

  test('answers 404 for an expired session', { tags: ['strict', 'control-plane'] }, async ({ api, control, skip }) => {
    if (!control.available) skip(control.reason);
    const session = await api.create({ rules: { expiryDurationInSeconds: 60 } });
    await control.advance(65);
    const token = await api.walletToken();
    api.expectStatus(
      await api.client.joinSession(token, { sessionId: session.sessionId }),
      404,
      'an expired session cannot be joined (404)',
    );
  });

  describe('a password-protected session', () => {
    const password = 'correct horse battery staple';

    test.for([
      { label: 'no password', given: undefined },
      { label: 'a wrong password', given: 'wrong' },
    ])(
      'refuses $label with 401 and WWW-Authenticate: SessionPassword',
      { tags: ['strict'] },
      async ({ given }, { api }) => {
        const session = await api.create({ rules: { password } });
        const token = await api.walletToken();
        api.expect401(
          await api.client.joinSession(token, {
            sessionId: session.sessionId,
            ...(given === undefined ? {} : { password: given }),
          }),
          'SessionPassword',
          'join: password-protected session and missing or wrong password -> 401 naming the session password',
        );
      },
    );

    test('admits the right password, also on every rejoin', { tags: ['strict'] }, async ({ api }) => {
      const session = await api.create({ rules: { password } });
      const guest = await api.join(session.sessionId, { password });
      const token = await api.walletToken(guest.account);
      api.expect401(
        await api.client.joinSession(token, { sessionId: session.sessionId }),
        'SessionPassword',
        'every join of a protected session needs the password, rejoins included',
      );
      await api.join(session.sessionId, { account: guest.account, password });
    });

    test('lets the creator rejoin without it, as host', { tags: ['strict'] }, async ({ api }) => {
      const session = await api.create({ rules: { password } });
      const again = await api.join(session.sessionId, { account: session.host.account });
      expect(again.role).toBe('host');
      expect(again.userId).toBe(session.host.userId);
    });

    test('applies the deprecated top-level password', { tags: ['strict'] }, async ({ api }) => {
      const session = await api.create({ password });
      const token = await api.walletToken();
      api.expect401(
        await api.client.joinSession(token, { sessionId: session.sessionId }),
        'SessionPassword',
        'the deprecated top-level password still works',
      );
      await api.join(session.sessionId, { password });
    });
  });

  describe('a whitelisted session', () => {
    test('refuses a wallet not on the list with 403 and admits one on it', { tags: ['strict'] }, async ({ api }) => {
      const listed = api.newAccount();
      const session = await api.create({
        rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [{ address: listed.address.toLowerCase() }] },
      });
      const stranger = await api.walletToken();
      api.expectStatus(
        await api.client.joinSession(stranger, { sessionId: session.sessionId }),
        403,
        'join: whitelist enforced and the verified wallet is not on it -> 403',
      );
      await api.join(session.sessionId, { account: listed });
    });

    test(
      'does not enforce the list unless allowOnlyWhitelistedAddresses is true',
      { tags: ['strict'] },
      async ({ api }) => {
        const session = await api.create({ rules: { whiteListAddresses: [{ address: api.newAccount().address }] } });
        await api.join(session.sessionId);
      },
    );

    test('enforces the deprecated top-level list', { tags: ['strict'] }, async ({ api }) => {
      const listed = api.newAccount();
      const session = await api.create({ whiteListAddresses: [listed.address] });
      const stranger = await api.walletToken();
      api.expectStatus(
        await api.client.joinSession(stranger, { sessionId: session.sessionId }),
        403,
        'the top-level list means rules.whiteListAddresses with allowOnlyWhitelistedAddresses: true',
      );
      await api.join(session.sessionId, { account: listed });
    });

    test('exempts the creator, whose identity address is ignored', { tags: ['strict'] }, async ({ api }) => {
      const creator = api.newAccount();
      const token = await api.walletToken(creator);
      const listed = api.newAccount().address;
      const created = await api.client.createSession(token, {
        identity: { chainAddress: listed },
        rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [{ address: listed }] },
      });
      const data = api.expectStatus(created, 200, 'create').json as {
        sessionId: string;
        credentials: { token: string };
      };
      try {
        const other = api.newAccount();
        const otherToken = await api.walletToken(other);
        api.expectStatus(
          await api.client.joinSession(otherToken, { sessionId: data.sessionId }),
          403,
          'whitelists use the verified wallet, never identity',
        );
        const again = await api.join(data.sessionId, { account: creator });
        expect(again.role, 'the creator is exempt from the whitelist and gets host back').toBe('host');
      } finally {
        await api.client.deleteCurrentSession(data.credentials.token);
      }
    });
  });

  test(
    'keeps one member and one user id when the same wallet joins in parallel',
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create();
      const account = api.newAccount();
      const tokens = await Promise.all(Array.from({ length: 5 }, () => api.walletToken(account)));
      const results = await Promise.all(
        tokens.map((token) => api.client.joinSession(token, { sessionId: session.sessionId })),
      );
      const ids = results.map(
        (result) =>
          (api.expectStatus(result, 200, 'every join of a wallet that may join succeeds (idempotent)').json as JoinData)
            .credentials.id,
      );
      expect(new Set(ids).size, 'a wallet has one user id per session').toBe(1);
      const users = (
        api.expectStatus(await api.client.getCurrentSession(session.host.token), 200, 'current').json as SessionData
      ).users;
      expect(users, 'concurrent operations never duplicate a member').toHaveLength(2);
    },
  );

  describe('capacity', () => {
    test('answers 409 when the session is full', { tags: ['strict'] }, async ({ api }) => {
      const session = await api.create({ rules: { userCapacity: 2 } });
      await api.join(session.sessionId);
      const token = await api.walletToken();
      api.expectStatus(
        await api.client.joinSession(token, { sessionId: session.sessionId }),
        409,
        'join: the session is full (members = maxUsers) -> 409',
      );
    });

    test('never exceeds the capacity under parallel joins', { tags: ['strict'] }, async ({ api }) => {
      const capacity = 4;
      const joiners = 12;
      const session = await api.create({ rules: { userCapacity: capacity } });
      const tokens = await Promise.all(Array.from({ length: joiners }, () => api.walletToken()));
      const results = await Promise.all(
        tokens.map((token) => api.client.joinSession(token, { sessionId: session.sessionId })),
      );
      const statuses = results.map((result) => result.response.status);
      for (const result of results)
        api.expectStatus(
          result,
          result.response.status === 200 ? 200 : 409,
          'a parallel join either gets in (200) or finds the session full (409)',
        );
      expect(
        statuses.filter((status) => status === 200),
        `statuses: ${statuses.join(', ')}`,
      ).toHaveLength(capacity - 1);
      const users = (
        api.expectStatus(await api.client.getCurrentSession(session.host.token), 200, 'current').json as SessionData
      ).users;
      expect(users, 'concurrent joins never push a session over its capacity').toHaveLength(capacity);
      expect(new Set(users.map((user) => user.id)).size, 'concurrent joins never duplicate a member').toBe(capacity);
    });
  });
});
