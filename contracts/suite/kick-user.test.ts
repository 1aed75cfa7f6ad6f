import { describe, expect, test } from './fixtures.ts';

type SessionData = { users: { id: string }[] };

describe('POST /session/current/kick', () => {
  test('lets the host kick a guest, with 200 and no body', { tags: ['core'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const checked = api.expectStatus(
      await api.client.kickUser(session.host.token, guest.userId),
      200,
      'kick answers 200 with no content (docs/rules.md §5)',
    );
    expect(checked.exchange.body).toBe('');
  });

  test(
    "revokes the kicked member's tokens, bans its wallet and removes it from the members",
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      api.expectStatus(await api.client.kickUser(session.host.token, guest.userId), 200, 'the host kicks a guest');
      api.expect401(
        await api.client.getCurrentSession(guest.token),
        'Bearer',
        "kick: the kicked member's tokens stop working (401)",
        true,
      );
      const token = await api.walletToken(guest.account);
      api.expectStatus(
        await api.client.joinSession(token, { sessionId: session.sessionId }),
        403,
        'join: the wallet was kicked from that session -> 403',
      );
      const users = (
        api.expectStatus(await api.client.getCurrentSession(session.host.token), 200, 'current').json as SessionData
      ).users;
      expect(users.map((user) => user.id)).not.toContain(guest.userId);
    },
  );

  test.for([
    { label: 'another guest', target: 'other' },
    { label: 'itself', target: 'self' },
    { label: 'the host', target: 'host' },
  ] as const)('refuses a guest kicking $label with 403', { tags: ['strict'] }, async ({ target }, { api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const other = await api.join(session.sessionId);
    const userId = target === 'other' ? other.userId : target === 'self' ? guest.userId : session.host.userId;
    api.expectStatus(
      await api.client.kickUser(guest.token, userId),
      403,
      'kick by a member who is not the host (also a guest naming itself) -> 403',
    );
    const users = (
      api.expectStatus(await api.client.getCurrentSession(session.host.token), 200, 'current').json as SessionData
    ).users;
    expect(users, 'a refused kick removes nobody').toHaveLength(3);
  });

  test('answers 404 for a user who is not a member', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    api.expectStatus(
      await api.client.kickUser(session.host.token, 'no-such-user'),
      404,
      "kick: userId is not a member of the caller's session -> 404",
    );
  });

  test('answers 404 for a member of another session', { tags: ['strict'] }, async ({ api }) => {
    const mine = await api.create();
    const theirs = await api.create();
    const stranger = await api.join(theirs.sessionId);
    api.expectStatus(
      await api.client.kickUser(mine.host.token, stranger.userId),
      404,
      "a session token acts on its own session only: another session's member is not a member (404)",
    );
    api.expectStatus(
      await api.client.getCurrentSession(stranger.token),
      200,
      "the other session's member is untouched",
    );
  });

  test('answers 422 when the host kicks itself', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    api.expectStatus(
      await api.client.kickUser(session.host.token, session.host.userId),
      422,
      'kick: the host kicks itself -> 422',
    );
  });

  test('answers 404 in a deleted session', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const again = await api.join(session.sessionId, { account: session.host.account });
    api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'the host deletes its session');
    api.expectStatus(
      await api.client.kickUser(again.token, guest.userId),
      404,
      'kick with a valid token whose session was deleted -> 404',
    );
  });
});
