import { describe, expect, test } from './fixtures.ts';

type SessionData = {
  id: string;
  creatorId: string;
  expiry: number;
  maxUsers: number;
  users: { id: string; role: string }[];
};

describe('GET /session/current', () => {
  test('answers the session of the token with its members', { tags: ['core'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const data = api.expectStatus(
      await api.client.getCurrentSession(guest.token),
      200,
      'current answers the session (docs/rules.md §5)',
    ).json as SessionData;
    expect(data.id).toBe(session.sessionId);
    expect(data.users.map((user) => user.id).sort()).toEqual([session.host.userId, guest.userId].sort());
  });

  test('answers 404 once the session is deleted', { tags: ['core'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'the host deletes its session');
    api.expectStatus(
      await api.client.getCurrentSession(guest.token),
      404,
      'current documents 404 (docs/rules.md §5): a deleted session is gone',
    );
    api.expectStatus(
      await api.client.getCurrentSession(session.host.token),
      404,
      "the host's own token too: the session is gone, the token is not revoked",
    );
  });

  test(
    "answers 404 at the session's expiry and 401 an hour after it",
    { tags: ['strict', 'control-plane'] },
    async ({ api, control, skip }) => {
      if (!control.available) skip(control.reason);
      const session = await api.create({ rules: { expiryDurationInSeconds: 60 } });
      api.expectStatus(
        await api.client.getCurrentSession(session.host.token),
        200,
        'the session is live before its expiry',
      );
      await control.advance(65);
      api.expectStatus(
        await api.client.getCurrentSession(session.host.token),
        404,
        'at expiry the session is gone (404 for everyone)',
      );
      await control.advance(3600);
      api.expect401(
        await api.client.getCurrentSession(session.host.token),
        'Bearer',
        "a session token expires one hour after its session's scheduled end -> 401",
        true,
      );
    },
  );

  test('reports expiry as Unix seconds consistent with expiresIn', { tags: ['strict'] }, async ({ api }) => {
    const token = await api.walletToken();
    const created = api.expectStatus(
      await api.client.createSession(token, { rules: { expiryDurationInSeconds: 600 } }),
      200,
      'create',
    ).json as {
      expiresIn: number;
      rules: { expiry: number };
      credentials: { token: string };
    };
    try {
      const current = api.expectStatus(await api.client.getCurrentSession(created.credentials.token), 200, 'current')
        .json as SessionData;
      expect(current.expiry).toBe(created.rules.expiry);
      expect(created.expiresIn).toBeGreaterThan(595);
      expect(created.expiresIn).toBeLessThanOrEqual(600);
    } finally {
      await api.client.deleteCurrentSession(created.credentials.token);
    }
  });
});
